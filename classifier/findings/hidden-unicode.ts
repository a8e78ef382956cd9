import type { Finding } from '../../schemas/assessment.ts';
import { describeField, type TextField } from './text-fields.ts';

// Zero-width and invisible formatting, bidi controls, tag characters, variation selectors used to smuggle bits.
const HIDDEN = /[\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb]|\udb40[\udc00-\udc7f]|\udb40[\udd00-\uddef]/g;

const ASCII_ONLY = /^[\x00-\x7f]*$/;

function codePoint(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Characters a person cannot see but a model reads. Emoji variation selectors (U+FE0F after a symbol) are allowed. */
export function findHiddenUnicode(fields: readonly TextField[]): Finding[] {
  const found = new Map<string, Set<string>>();
  for (const textField of fields) {
    const { text } = textField;
    if (ASCII_ONLY.test(text)) continue;
    const field = describeField(textField);
    for (const match of text.matchAll(HIDDEN)) {
      const character = match[0];
      const index = match.index ?? 0;
      const previous = text.codePointAt(Math.max(0, index - 1)) ?? 0;
      if ((character === '\ufe0f' || character === '\ufe0e' || character === '\u200d') && previous > 0x2000) continue; // emoji presentation and joiners
      if (!found.has(field)) found.set(field, new Set());
      found.get(field)!.add(codePoint(character));
    }
  }
  return [...found].map(([field, points]) => ({
    id: 'hidden-unicode' as const,
    severity: 'error' as const,
    message: `The ${field} contains invisible characters that can hide instructions from a person reviewing the tool.`,
    evidence: `${field}: ${[...points].slice(0, 8).join(', ')}${points.size > 8 ? ', …' : ''}`,
  }));
}
