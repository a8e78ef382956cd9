import type { Finding } from '../../schemas/assessment.ts';
import { quote } from '../evidence.ts';
import { describeField, type TextField } from './text-fields.ts';

/**
 * What any match of a pattern must contain: a word from each of `words`' groups and, if given, one of `marks`.
 * Checking these against the text's word set is far cheaper than running every pattern over every field.
 */
interface Needs {
  words?: string[][];
  marks?: string[];
}

/** Text aimed at the model rather than the user, each with why it is suspicious. */
const PATTERNS: { needs: Needs; pattern: RegExp; why: string }[] = [
  { needs: { words: [['ignore', 'disregard', 'forget', 'override']] }, pattern: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other|system|your)\s+(?:instructions?|prompts?|rules?|directions?|guidelines?)/i, why: 'tells the model to ignore its instructions' },
  { needs: { words: [['user', 'human', 'anyone', 'them'], ['not', 'don', 'never', 'without', 'keep', 'hide'], ['tell', 'inform', 'mention', 'reveal', 'show', 'notify', 'alert', 'let', 'telling', 'informing', 'notifying', 'alerting', 'secret', 'hidden']] }, pattern: /\b(?:do\s+not|don't|never)\s+(?:tell|inform|mention|reveal|show|notify|alert|let)\s+(?:this\s+to\s+)?(?:the\s+)?(?:user|human|anyone|them)\b|\bwithout\s+(?:telling|informing|notifying|alerting)\s+(?:the\s+)?(?:user|human)\b|\b(?:keep|hide)\s+(?:this|it)\s+(?:secret|hidden)\s+from\s+(?:the\s+)?user/i, why: 'tells the model to hide something from the user' },
  { needs: { words: [['important', 'system', 'instruction', 'instructions', 'secret', 'hidden', 'admin', 'override', 'critical']], marks: ['<', '['] }, pattern: /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|override|critical)\s*>|\[\s*(?:system|instructions?|important)\s*\]/i, why: 'contains an <IMPORTANT>-style block addressed to the model' },
  { needs: { marks: ['~/', '.ssh', 'id_', '.env', '.aws', '/etc/', 'mcp.json', '.npmrc', '.netrc', '.git-credentials', 'claude_desktop'] }, pattern: /~\/\.ssh|\bid_(?:rsa|ed25519|ecdsa)\b|\.ssh\/|(?:^|[\s"'`(])\.env\b|~\/\.aws|\.aws\/credentials|\/etc\/(?:passwd|shadow)|\bmcp\.json\b|\.npmrc|\.netrc|\.git-credentials|claude_desktop_config/i, why: 'points the model at credential files' },
  { needs: { words: [['using', 'calling', 'running'], ['before', 'after', 'instead'], ['must', 'should', 'need', 'always']] }, pattern: /\b(?:before|after|instead of)\s+(?:using|calling|running)\s+(?:this|any|the)\s+(?:other\s+)?tools?,?\s+(?:you\s+)?(?:must|should|need to|always)\s+(?:first\s+)?(?:read|send|call|invoke|pass|include|upload|fetch)\b[^.]{0,80}(?:file|secret|key|token|password|credential|conversation|history|\.ssh|\.env|http)/i, why: 'orders the model to read or send something before calling tools' },
  { needs: { words: [['tool', 'tools'], ['always', 'must', 'never', 'not', 'instead'], ['call', 'use', 'invoke', 'this']] }, pattern: /\b(?:always|must)\s+(?:call|use|invoke)\s+this\s+tool\s+(?:first|before|instead)|\b(?:do\s+not|never)\s+use\s+(?:any\s+)?other\s+tools?\b|\binstead\s+of\s+(?:the\s+)?[`'"]?\w+[`'"]?\s+tool,?\s+(?:always\s+)?(?:use|call)\s+this/i, why: 'tries to steer the model away from other tools' },
  { needs: { words: [['send', 'forward', 'post', 'upload', 'exfiltrate', 'leak', 'transmit']], marks: ['http', '@'] }, pattern: /\b(?:send|forward|post|upload|exfiltrate|leak|transmit)\b[^.]{0,60}\b(?:to|at)\s+(?:https?:\/\/|[\w.-]+@[\w-]+\.\w+)/i, why: 'tells the model to send data to an outside address' },
  { needs: { words: [['you', 'new', 'system', 'act'], ['now', 'instruction', 'instructions', 'prompt', 'admin', 'root', 'developer']] }, pattern: /\byou\s+(?:are|must\s+act\s+as)\s+now\b|\bnew\s+instructions?\s*:|\bsystem\s+prompt\s*:|\bact\s+as\s+(?:an?\s+)?(?:admin|root|developer mode)/i, why: 'tries to give the model a new role or instructions' },
];

// A parameter that asks the model to fill it with secrets, files or the conversation: an exfiltration channel.
const EXFILTRATION_PARAMETER = /\b(?:(?:full|entire|complete|whole|previous|all)\s+(?:conversation|chat|message)s?(?:\s+history)?|conversation\s+history|chat\s+history|system\s+prompt|(?:contents?|text)\s+of\s+(?:~|\/|\.|the\s+(?:user's\s+)?(?:ssh|private|config|credentials?|secret|env))|(?:api\s+keys?|passwords?|credentials?|secrets?|tokens?)\s+(?:you|the\s+user)\s+(?:have|has|know|see)|any\s+(?:api\s+keys?|passwords?|credentials?|secrets?|tokens?))\b/i;

// Each pattern's marks as one regex of literals: one pass over the text instead of one per mark.
const markPatterns = new Map<readonly string[], RegExp>();
function markPattern(marks: readonly string[]): RegExp {
  let pattern = markPatterns.get(marks);
  if (!pattern) markPatterns.set(marks, (pattern = new RegExp(marks.map((mark) => mark.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'))));
  return pattern;
}

/** `present`: a bit for each word group (see GROUP_BITS) with at least one of its words in the text. */
function satisfied(needs: Needs, present: number, text: string): boolean {
  const { marks } = needs;
  const wanted = groupMask.get(needs) ?? 0;
  if ((present & wanted) !== wanted) return false;
  return !marks || markPattern(marks).test(text);
}

const EXFILTRATION_NEEDS: Needs = { words: [['conversation', 'chat', 'message', 'messages', 'prompt', 'content', 'contents', 'text', 'key', 'keys', 'password', 'passwords', 'credential', 'credentials', 'secret', 'secrets', 'token', 'tokens']] };

// Every word some pattern needs, as whole words (a maximal run of a-z, as /[a-z]+/ would split them): collecting
// only these is far cheaper than a set of every word of the text, and answers the same questions.
// Each word group of each Needs has one bit (15 in all, fewer than 32): a word sets the bits of the groups it is in,
// and a Needs is met when all its groups' bits are set.
const GROUP_BITS = new Map<string, number>();
const groupMask = new Map<Needs, number>();
let nextBit = 0;
for (const needs of [...PATTERNS.map(({ needs }) => needs), EXFILTRATION_NEEDS]) {
  let mask = 0;
  for (const group of needs.words ?? []) {
    const bit = 1 << nextBit++;
    for (const word of group) GROUP_BITS.set(word, (GROUP_BITS.get(word) ?? 0) | bit);
    mask |= bit;
  }
  groupMask.set(needs, mask);
}
if (nextBit > 31) throw new Error('prompt-injection: more word groups than bits');
const NEEDED_WORD = new RegExp(`(?<![a-z])(?:${[...GROUP_BITS.keys()].sort((a, b) => b.length - a.length).join('|')})(?![a-z])`, 'g');

const READ_BY_MODEL: ReadonlySet<TextField['kind']> = new Set(['title', 'description', 'property-description']);

/** Descriptions and parameters written to manipulate the model that reads them. */
export function findPromptInjection(fields: readonly TextField[]): Finding[] {
  const texts = fields.filter((field) => READ_BY_MODEL.has(field.kind));
  // One lower-cased copy and one word set of everything decide which patterns are worth running at all.
  const all = texts.map((field) => field.text).join('\n').toLowerCase();
  let present = 0;
  for (const word of all.match(NEEDED_WORD) ?? []) present |= GROUP_BITS.get(word)!;
  const findings: Finding[] = [];
  for (const { needs, pattern, why } of PATTERNS) {
    if (!satisfied(needs, present, all)) continue;
    for (const field of texts) {
      const match = pattern.exec(field.text);
      if (match) {
        findings.push({ id: 'prompt-injection', severity: 'error', message: `The ${describeField(field)} ${why}.`, evidence: quote(match[0]) });
        break;
      }
    }
  }
  if (!satisfied(EXFILTRATION_NEEDS, present, all)) return findings;
  for (const { property, text, kind } of texts) {
    const match = kind === 'property-description' ? EXFILTRATION_PARAMETER.exec(text) : null;
    if (match) findings.push({ id: 'prompt-injection', severity: 'error', message: `Parameter "${property}" asks the model to pass private context, a channel for exfiltration.`, evidence: `${property}: ${quote(match[0])}` });
  }
  return findings;
}
