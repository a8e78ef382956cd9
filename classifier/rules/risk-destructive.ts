import { type RiskRule, quote } from '../evidence.ts';
import type { Features } from '../features.ts';
import { LARGE_TARGETS, SMALL_ITEMS } from '../lexicon.ts';
import { stem } from '../text.ts';
import { readVerb } from '../verb-forms.ts';

const STOP_AT = new Set(['from', 'in', 'on', 'by', 'with', 'of', 'for', 'to', 'at', 'using', 'via', 'and', 'or', ',', '(', '/', 'that', 'which', 'if', 'including']);
// Broad scope: "delete all …", "recursively", "bulk", "*". "Delete a memory from all tiers" is not broad.
const BROAD = /\b(?:delete|deletes|remove|removes|drop|drops|purge|purges|clear|clears|wipe|wipes|erase|erases|destroy|destroys|empty|empties)\s+(?:all|every|everything|the entire|entire|the whole)\b|\b(?:all|everything|bulk|batch)[_ -](?:delete|remove|purge|clear)|\b(?:delete|remove|purge|clear)[_ -]all\b|\brecursive(?:ly)?\b|\bbulk\b|\bwildcard\b|\*/;

/** The first noun phrase after a destructive verb, and its head: "an IMAP account configuration" → configuration. */
function objectOfLead(features: Features): { head: string; modifiers: string[] } | undefined {
  const verb = features.verbs.find((candidate) => candidate.role === 'lead' && candidate.verbClass === 'destructive');
  if (!verb) return undefined;
  const sentence = features.sentences[verb.sentence];
  if (!sentence) return undefined;
  const start = sentence.words.indexOf(verb.word);
  const phrase: string[] = [];
  for (const word of sentence.words.slice(start + 1, start + 8)) {
    if (STOP_AT.has(word.text) || readVerb(word)?.form === 'past') break;
    phrase.push(word.stem);
  }
  const head = phrase.pop();
  return head === undefined ? undefined : { head, modifiers: phrase };
}

// A subscription someone pays for is not re-created as it was once cancelled (the taxonomy's own example).
const CANCEL = stem('cancel');
const SCOPE = new Set(['all', 'everything', 'every', 'entire'].map(stem));
const SUBSCRIPTION = stem('subscription');

/** Destruction is critical unless it removes one small, easily re-created item. */
export const destructiveRiskRule: RiskRule = {
  id: 'risk.destructive',
  title: 'What a destructive call removes',
  appliesTo: ['destructive'],
  evaluate(features) {
    if (BROAD.test(features.nameAndLead)) return [];
    const lead = objectOfLead(features);
    const leadObject = lead?.head;
    const nameObject = features.headNoun?.stem;
    const small = leadObject && SMALL_ITEMS.has(leadObject) ? leadObject
      : nameObject && SMALL_ITEMS.has(nameObject) && !(leadObject && LARGE_TARGETS.has(leadObject)) ? nameObject : undefined;
    if (!small) return [];
    // "Remove an IMAP account configuration": the account only says whose configuration it is.
    // "All" and "everything" widen the object whatever they precede.
    const modifiesSmall = (word: string) => small === leadObject && lead!.modifiers.includes(word) && !SCOPE.has(word);
    if (features.nameWords.some((word) => LARGE_TARGETS.has(word.stem) && word.stem !== small && !SMALL_ITEMS.has(word.stem) && word.stem !== stem('data') && !modifiesSmall(word.stem))) return [];
    if (small === SUBSCRIPTION && features.verbs.some((verb) => verb.role !== 'inline' && verb.word.stem === CANCEL)) return [];
    return [{ id: 'risk.small-item', label: 'removes one small, easily re-created item', evidence: quote(small), risk: 'high' }];
  },
};
