import type { Category } from '../../schemas/assessment.ts';
import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';
import type { Features, VerbUse } from '../features.ts';
import { DETACHABLE, LARGE_TARGETS, MONEY_CONTEXT, SMALL_ITEMS } from '../lexicon.ts';
import { stem } from '../text.ts';

const WEIGHT = { primary: 3, lead: 2.5, laterLead: 1.5, harmfulLater: 2, capability: 2.5, inline: 1 } as const;
// Generic verbs that say a tool does something without saying what: they never decide alone.
const VAGUE = new Set(['manag', 'handl', 'administ', 'process', 'control', 'maintain', 'oper']);
// "allows you to", "can": a later sentence listing what the tool is able to do.
const CAPABILITY = /\b(?:allows?|lets?|enables?|can|supports?|able to|provides? operations|capable)\b/;
const ROLE_LABEL = { primary: 'name verb', lead: 'action verb', later: 'action verb in a later sentence', inline: 'verb mentioned' } as const;

function weightOf(verb: VerbUse, features: Features): number {
  if (VAGUE.has(verb.word.stem)) return features.description.trim() ? 1.5 : 2;
  if (verb.role === 'primary') {
    // "pipelines_build": a verb-like last word after a noun, contradicted by the description's opening verb,
    // is probably a noun too.
    const opening = features.verbs.find((candidate) => candidate.role === 'lead' && candidate.sentence === 0);
    const index = features.nameWords.indexOf(verb.word);
    const trailing = index > 0 && index === features.nameWords.length - 1;
    return trailing && opening && opening.verbClass !== verb.verbClass ? WEIGHT.laterLead : WEIGHT.primary;
  }
  if (verb.role === 'lead' && verb.sentence === 0) return WEIGHT.lead;
  // A later sentence saying what the tool does ("Destroys infrastructure …") is enough for a harmful verb.
  if (verb.role === 'lead' && verb.form === 'third' && (verb.verbClass === 'destructive' || verb.verbClass === 'financial')) return WEIGHT.harmfulLater;
  if (verb.role === 'lead') return CAPABILITY.test(verb.context.toLowerCase()) ? WEIGHT.capability : WEIGHT.laterLead;
  return verb.sentence <= 0 ? WEIGHT.inline : WEIGHT.inline * 0.75;
}

// Money verbs that mean something else without money nearby: "transfer an issue", "charge" as a noun.
const NEEDS_MONEY_CONTEXT = new Set(['charg', 'transfer', 'swap', 'trade', 'sell', 'deposit', 'stake', 'unstak', 'bridg', 'mint', 'tip', 'bid', 'checkout', 'invest']);
const REVERSIBLE = /soft[- ]?delet|\b(?:to|into) (?:the |a )?(?:trash|bin|recycle)|recycle bin|can be (?:restored|recovered|undone)|\brecoverable|\breversible|\barchiv/;
const IRREVERSIBLE = /permanent|irreversib|cannot be (?:undone|recovered|restored)|can ?not be (?:undone|recovered)|from (?:the )?trash|\bempty (?:the )?trash|expunge|\bpurge|hard[- ]delete|\bforce\b/;
// "Load a dump into the database", "download … into the project": a reading verb that writes into a target.
const INTO_TARGET = /\binto (?:the |a |an |your |this |an? existing |the current )?(?:\w+ )?(?:database|db|table|project|repository|repo|collection|index|bucket|workspace|scene|account|cluster|schema|sheet|spreadsheet|document|folder|directory|instance|catalog|storage|vault|library)\b/;
const READS_INTO = new Set(['load', 'download', 'fetch', 'pull', 'copi', 'clone', 'extract']);
const DESTRUCTIVE_RESET = /\b(?:hard|branch|factory|database|data|all|wipe|to (?:a |the )?(?:commit|head|initial))\b/;
const NOT_A_DROP = /drag[- ]?(?:and|&|n)[- ]?drop|drop[- ]?down|dropdown|drop (?:zone|target)/;
const NOT_AN_EMPTY = /\bempty (?:list|array|string|result|response|object|value|if|when|for|by)/;

function objectWords(verb: VerbUse): string[] {
  const words = verb.context.toLowerCase().split(/[^a-z0-9]+/);
  const index = words.indexOf(verb.word.text);
  return index < 0 ? [] : words.slice(index + 1, index + 6);
}

/** Decides what one destructive-looking verb really does in its context. */
function destructiveMeaning(verb: VerbUse, features: Features): Category {
  // A name's verb is read together with the first sentence, which usually says what it removes from what.
  const context = (verb.role === 'primary' ? `${verb.context} ${features.sentences[0]?.text ?? ''}` : verb.context).toLowerCase();
  const stemValue = verb.word.stem;
  if (stemValue === 'drop' && NOT_A_DROP.test(context)) return 'write';
  if (stemValue === 'empti' && NOT_AN_EMPTY.test(context)) return 'read';
  const following = objectWords(verb).map(stem);
  if (stemValue === 'clear' && !following.some((word) => LARGE_TARGETS.has(word) || SMALL_ITEMS.has(word))) return 'write';
  // "remove a label from an issue", "remove_assignee": detaching, not destroying.
  if (stemValue === 'remov' || stemValue === 'unlink' || stemValue === 'clear') {
    const object = verb.role === 'primary' ? features.headNoun?.stem : following.find((word) => word.length > 2 && !['the', 'an', 'one', 'from', 'all', 'thi', 'specif', 'given'].includes(word));
    if (object && DETACHABLE.has(object)) return 'write';
    // "Remove a role from a member": taking something off a person, group or item, which stays.
    if (/\bfrom (?:a|an|the|this|that|its|their|your|one|specific|multiple|all|every)?\s*(?:(?:server|team|group|channel|guild|org|organization|project)\s+)?(?:issue|message|item|group|team|list|channel|playlist|cart|pull request|post|task|card|ticket|conversation|thread|user|member|contact|deal|event|role|organization|org|people|person|account|profile|queue|watchlist|favorites)s?\b/.test(context)) return 'write';
  }
  if (REVERSIBLE.test(context) && !IRREVERSIBLE.test(context)) return 'write';
  return 'destructive';
}

function hasMoneyContext(features: Features): boolean {
  for (const word of features.nameWords) if (MONEY_CONTEXT.has(word.stem)) return true;
  for (const value of features.leadStems) if (MONEY_CONTEXT.has(value)) return true;
  return features.properties.some((property) => property.words.some((word) => MONEY_CONTEXT.has(word.stem)));
}

/** Verbs of the name and the description: the main evidence for what a tool does. */
export const verbRules: CategoryRule = {
  id: 'verb',
  title: 'Verbs of the name and description',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    let moneyContext: boolean | undefined;
    const money = () => (moneyContext ??= hasMoneyContext(features));
    const where = (verb: VerbUse) => (verb.sentence === -1 ? 'name' : `description`);
    for (const verb of features.verbs) {
      if (verb.verbClass === 'code') continue; // the code rules decide between execute and write
      const weight = weightOf(verb, features);
      const source = `${where(verb)}: ${quote(verb.context, 90)}`;
      if (verb.negated) {
        evidence.push({ id: 'verb.negated', label: `negated verb "${verb.word.text}"`, evidence: source, supports: 'read', weight: 1 });
        continue;
      }
      let category: Category = verb.verbClass;
      if (category === 'destructive') category = destructiveMeaning(verb, features);
      if (verb.verbClass === 'write' && verb.word.stem === 'reset' && DESTRUCTIVE_RESET.test(verb.context.toLowerCase())) category = 'destructive';
      if (category === 'financial' && NEEDS_MONEY_CONTEXT.has(verb.word.stem) && !money()) category = 'write';
      if (category === 'read' && READS_INTO.has(verb.word.stem) && verb.role !== 'inline' && INTO_TARGET.test(verb.role === 'primary' ? (features.sentences[0]?.lower ?? '') : verb.context.toLowerCase())) category = 'write';
      if (category === 'write' && (verb.word.stem === 'send' || verb.word.stem === 'transfer') && verb.role !== 'inline' && money()) category = 'financial';
      // Everything after the first sentence is one source: repeating a verb there adds nothing.
      const role = verb.sentence > 0 ? 'later' : verb.role;
      const label = `${ROLE_LABEL[role]} "${verb.word.text}" ${category === 'read' ? 'reads' : category === 'write' ? 'writes' : `is ${category}`}`;
      evidence.push({ id: `verb.${role}.${category}`, label, evidence: source, supports: category, weight });
    }
    return evidence;
  },
};
