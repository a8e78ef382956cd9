import type { Finding, Severity } from '../../schemas/assessment.ts';
import { describeField, type TextField } from './text-fields.ts';

// Zero-width and invisible formatting, bidi controls, tag characters, variation selectors used to smuggle bits;
// ESC (terminal escape sequences that hide or rewrite text on screen), the other C0 controls but tab and line
// breaks, DEL, and the C1 controls (U+0080–U+009F), which display as nothing.
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

// Printable ASCII with tabs and line breaks: nothing hidden, the usual case, answered by one test.
const PLAIN = /^[\x09\x0a\x0d\x20-\x7e]*$/;

/** Scripts that join letters with ZWJ/ZWNJ as part of correct spelling: Arabic, Persian, Indic. */
function joinsLetters(codePoint: number): boolean {
  return (codePoint >= 0x0600 && codePoint <= 0x06ff) || (codePoint >= 0x0900 && codePoint <= 0x0dff);
}

function codePointLabel(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** What one text hides: the code points, and whether they are only the benign-looking kind (a soft hyphen). */
export interface HiddenCharacters {
  points: string[];
  severity: Severity;
}

/**
 * Characters a person cannot see but a model reads, in one text. Emoji presentation selectors and joiners after a
 * symbol, joiners inside Arabic and Indic words, and a byte-order mark at the very start are spelling, not hiding.
 * A soft hyphen alone is only worth knowing (info): word processors insert them.
 */
export function findHiddenCharacters(text: string): HiddenCharacters | undefined {
  if (PLAIN.test(text)) return undefined;
  const points = new Set<string>();
  let onlySoftHyphens = true;
  for (const match of text.matchAll(HIDDEN)) {
    const character = match[0];
    const index = match.index ?? 0;
    const previous = index > 0 ? text.codePointAt(index - 1) ?? 0 : 0;
    if ((character === '\ufe0f' || character === '\ufe0e' || character === '\u200d') && previous > 0x2000) continue; // emoji presentation and joiners
    if ((character === '\ufe0f' || character === '\ufe0e') && (previous === 0xa9 || previous === 0xae || text.charCodeAt(index + 1) === 0x20e3)) continue; // ©️ ®️ and keycaps 1️⃣
    if ((character === '\u200c' || character === '\u200d') && joinsLetters(previous)) continue;
    if (character === '\ufeff' && index === 0) continue;
    if (character !== '\u00ad') onlySoftHyphens = false;
    points.add(codePointLabel(character));
  }
  if (points.size === 0) return undefined;
  return { points: [...points], severity: onlySoftHyphens ? 'info' : 'error' };
}

/** Lists code points for evidence, at most eight. */
export function listCodePoints(points: readonly string[]): string {
  return `${points.slice(0, 8).join(', ')}${points.length > 8 ? ', …' : ''}`;
}

/** Invisible characters in a tool definition's text fields, one finding per field. */
export function findHiddenUnicode(fields: readonly TextField[]): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const textField of fields) {
    const hidden = findHiddenCharacters(textField.text);
    if (!hidden) continue;
    const field = describeField(textField);
    if (seen.has(field)) continue;
    seen.add(field);
    findings.push({
      id: 'hidden-unicode',
      severity: hidden.severity,
      message: `The ${field} contains invisible characters that can hide instructions from a person reviewing the tool.`,
      evidence: `${field}: ${listCodePoints(hidden.points)}`,
    });
  }
  return findings;
}
