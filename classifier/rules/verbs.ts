import type { Category } from '../../schemas/assessment.ts';
import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';
import type { Features, VerbUse } from '../features.ts';
import { DETACHABLE, INFORMATION_NOUNS, LARGE_TARGETS, PERSON_LINKS, SMALL_ITEMS, VERB_OVERRIDES, type VerbOverride } from '../lexicon.ts';
import { mentionsMoney } from '../money-context.ts';
import { memo } from '../memo.ts';
import { stem } from '../text.ts';

// Sentences repeat across tools and each has several verbs: lower-case each once.
const lowerOf = memo((text: string) => text.toLowerCase());
const stems = (...list: string[]): ReadonlySet<string> => new Set(list.map(stem));
/** Whether a verb is the given one, compared through its stem: is(verb, 'terminate'). */
const is = (verb: VerbUse, base: string) => verb.word.stem === stem(base);

const WEIGHT = { primary: 3, lead: 2.5, laterLead: 1.5, harmfulLater: 2, capability: 2.5, listed: 0.5, inline: 1 } as const;
// Generic verbs that say a tool does something without saying what: they never decide alone.
const VAGUE = stems('manage', 'handle', 'administer', 'process', 'control', 'maintain', 'operate');
// "allows you to", "can": a later sentence listing what the tool is able to do.
const CAPABILITY = /\b(?:allows?|lets?|enables?|can|supports?|able to|provides? operations|capable)\b/;
const ROLE_LABEL = { primary: 'name verb', lead: 'action verb', later: 'action verb in a later sentence', listed: 'listed action', inline: 'verb mentioned' } as const;
const isHarmful = (verb: VerbUse) => verb.verbClass === 'destructive' || verb.verbClass === 'financial';

// A verb the lexicon lacks, read through WordNet: a removal or a transfer of value holds alone (fail safe);
// other acts support but need company, except perception and thought, which are evidence of reading.
const WORDNET_WEIGHT = { harmful: 2, read: 1.5, other: 1.5, contradicted: 0.5 } as const;

function weightOf(verb: VerbUse, features: Features): number {
  if (verb.wordNet) {
    // "finance_forex_rate: Get …": a name's first word contradicted by the description's known opening verb is a noun.
    const opening = verb.role === 'primary' ? features.verbs.find((candidate) => candidate.role === 'lead' && candidate.sentence === 0 && !candidate.wordNet) : undefined;
    if (opening && opening.verbClass !== verb.verbClass) return WORDNET_WEIGHT.contradicted;
    return isHarmful(verb) ? WORDNET_WEIGHT.harmful : verb.verbClass === 'read' ? WORDNET_WEIGHT.read : WORDNET_WEIGHT.other;
  }
  if (VAGUE.has(verb.word.stem)) return features.description.trim() ? 1.5 : 2;
  if (verb.role === 'primary') {
    // "jobs_build": a verb-like last word after a noun, contradicted by the description's opening verb,
    // is probably a noun too.
    const opening = features.verbs.find((candidate) => candidate.role === 'lead' && candidate.sentence === 0);
    if (!opening || opening.verbClass === verb.verbClass) return WEIGHT.primary;
    const index = features.nameWords.indexOf(verb.word);
    const trailing = index > 0 && index === features.nameWords.length - 1;
    // "ratios_put_call: Get …", "answers: Search …", "type_details: Fetch …": a name word that is also a writing
    // verb, contradicted by the opening verb, is probably a noun. Harmful verbs are never demoted: fail safe.
    const coordinated = ['or', 'and'].includes(features.nameWords[index - 1]?.text ?? '');
    const nounLike = verb.verbClass === 'write' && !coordinated && (index > 0 || verb.form === 'third'
      || features.nameWords.some((word) => word.text === opening.word.text)
      || (features.headNoun !== undefined && INFORMATION_NOUNS.has(features.headNoun.text)));
    // A harmful verb is never demoted, even last in the name ("domains_purchase: Register a domain"): fail safe.
    return (trailing && !isHarmful(verb)) || nounLike ? WEIGHT.laterLead : WEIGHT.primary;
  }
  if (verb.role === 'lead' && verb.sentence === 0) return WEIGHT.lead;
  // Every designed effect counts: a harmful action in a list, or a later sentence saying what the tool does
  // ("Destroys infrastructure …", "it can also delete …"), is enough alone.
  if (verb.role === 'listed') return isHarmful(verb) ? WEIGHT.harmfulLater : WEIGHT.listed;
  if (verb.role === 'lead' && verb.form === 'third' && isHarmful(verb)) return WEIGHT.harmfulLater;
  if (verb.role === 'inline' && isHarmful(verb) && (INLINE_CAPABILITY.test(lowerOf(verb.context)) || MONEY_MOVES.test(lowerOf(verb.context)))) return WEIGHT.harmfulLater;
  if (verb.role === 'lead') return CAPABILITY.test(lowerOf(verb.context)) ? WEIGHT.capability : WEIGHT.laterLead;
  return verb.sentence <= 0 ? WEIGHT.inline : WEIGHT.inline * 0.75;
}

// "It can also delete …", "tools that delete …": the tool's own capability, not an instruction to use another tool.
const INLINE_CAPABILITY = /\b(?:can|will|may|also|it|which|that)\s+(?:also\s+|permanently\s+|irreversibly\s+)?(?:delete|remove|drop|destroy|purge|truncate|wipe|erase|overwrite|pay|charge|refund|transfer|purchase|buy|sell|withdraw)s?\b/;

// "… and the merchant automatically refunds money to the customer": money moving as the call's consequence.
const MONEY_MOVES = /\b(?:refunds?|charges?|pays?|transfers?|withdraws?|debits?)\s+(?:\w+\s+){0,2}(?:money|funds|the (?:customer|card|account|buyer)|payments?)\b/;

// Money verbs that mean something else without money nearby: "transfer an issue", "charge" as a noun.
const NEEDS_MONEY_CONTEXT = stems('charge', 'transfer', 'swap', 'trade', 'sell', 'deposit', 'stake', 'unstake', 'bridge', 'mint', 'tip', 'bid', 'checkout', 'invest');
const REVERSIBLE = /soft[- ]?delet|\b(?:to|into) (?:the |a )?(?:trash|bin|recycle)|recycle bin|can be (?:restored|recovered|undone)|\brecoverable|\breversible|\barchiv/;
const IRREVERSIBLE = /permanent|irreversib|cannot be (?:undone|recovered|restored)|can ?not be (?:undone|recovered)|from (?:the )?trash|\bempty (?:the )?trash|expunge|\bpurge|hard[- ]delete|\bforce\b/;
// "Load a dump into the database", "download … into the project": a reading verb that writes into a target.
const INTO_TARGET = /\binto (?:the |a |an |your |this |an? existing |the current )?(?:\w+ )?(?:database|db|table|project|repository|repo|collection|index|bucket|workspace|scene|account|cluster|schema|sheet|spreadsheet|document|folder|directory|instance|catalog|storage|vault|library)\b/;
const READS_INTO = stems('load', 'download', 'fetch', 'pull', 'copy', 'clone', 'extract', 'export');
// "Download an attachment to a specified location": a reading verb that writes a file.
const TO_LOCATION = /\bto (?:a |the |your )?(?:specified |given |local |target |output |chosen )?(?:location|path|directory|folder|disk)\b/;
// Sorting or formatting cells rearranges a stored sheet.
const ARRANGES = stems('sort', 'format');
const CELLS = /\b(?:range|ranges|cells?|rows|columns|sheets?)\b/;
// Clearing content empties it: "clear ranges", "clear the history".
const CONTENT = stems('range', 'value', 'cell', 'content', 'history', 'data', 'log', 'message', 'row', 'column', 'sheet');
// Ending something that can be started again is a stop, not a destruction: "terminate a running process".
const STOPPABLE = stems('process', 'session', 'job', 'task', 'query', 'connection', 'run', 'thread', 'worker', 'pid', 'command', 'shell', 'terminal');
// Revoking access changes who may do what (write, high); revoking a key or token destroys it.
const ACCESS = stems('access', 'permission', 'role', 'membership', 'invitation', 'invite', 'share', 'sharing', 'grant');

/** The words after a verb; a name's verb is read on into the first sentence, which usually repeats it with its object. */
function objectWords(verb: VerbUse, context: string): string[] {
  const words = context.split(/[^a-z0-9]+/);
  const index = words.lastIndexOf(verb.word.text);
  return index < 0 ? [] : words.slice(index + 1, index + 6);
}

// Words that end the object of a verb.
const PHRASE_END = stems('from', 'in', 'on', 'to', 'with', 'by', 'for', 'of', 'and', 'or', 'that', 'which', 'if', 'at', 'via', 'into');
const DETERMINERS = stems('the', 'a', 'an', 'one', 'all', 'this', 'specific', 'given', 'multiple', 'existing');
// A revoked key, token or credential is gone for good.
const SECRETS = stems('token', 'key', 'credential', 'secret', 'certificate', 'password');

/** The head of a noun phrase: its last word before a preposition or conjunction ("user accounts from" → account). */
function headOfPhrase(words: readonly string[]): string | undefined {
  let head: string | undefined;
  for (const word of words) {
    if (PHRASE_END.has(word)) break;
    if (!DETERMINERS.has(word) && word.length > 1) head = word;
  }
  return head;
}

/** What a name's verb acts on: the word after it in "remove_group_from_board", else the name's last noun. */
function objectOfName(verb: VerbUse, features: Features): string | undefined {
  const index = features.nameWords.indexOf(verb.word);
  if (index >= 0 && features.nameWords[index + 2]?.text === 'from') return features.nameWords[index + 1]!.stem;
  return features.headNoun?.stem;
}

const OVERRIDES = VERB_OVERRIDES.map((override) => ({ ...override, stem: stem(override.verb) }));

/** The table's reading of a verb whose category depends on the words around it (lexicon.ts, VERB_OVERRIDES). */
function overrideOf(verb: VerbUse, features: Features): VerbOverride | undefined {
  for (const override of OVERRIDES) {
    if (override.stem !== verb.word.stem || (verb.role === 'inline' && !override.inline)) continue;
    const scope = verb.role === 'primary' ? features.nameAndLead : lowerOf(verb.context);
    if (override.when.test(scope) && !(override.unlessAnywhere && override.unlessAnywhere.test(features.description.toLowerCase()))) return override;
  }
  return undefined;
}

/** Decides what one destructive-looking verb really does in its context. */
function destructiveMeaning(verb: VerbUse, features: Features): Category {
  // A name's verb is read together with the first sentence, which usually says what it removes from what.
  const context = (verb.role === 'primary' ? `${verb.context} ${features.sentences[0]?.text ?? ''}` : verb.context).toLowerCase();
  const following = objectWords(verb, context).map(stem);
  const object = verb.role === 'primary' ? objectOfName(verb, features) : headOfPhrase(following);
  if ((is(verb, 'terminate') || is(verb, 'kill')) && [object, ...following].some((word) => word !== undefined && STOPPABLE.has(word))) return 'write';
  if (is(verb, 'revoke') && [object, ...following].some((word) => word !== undefined && ACCESS.has(word)) && !following.some((word) => SECRETS.has(word))) return 'write';
  if (is(verb, 'delete') && object && PERSON_LINKS.has(object)) return 'write';
  if (is(verb, 'clear') && !following.some((word) => LARGE_TARGETS.has(word) || SMALL_ITEMS.has(word) || CONTENT.has(word)) && !(verb.role === 'primary' && features.headNoun && CONTENT.has(features.headNoun.stem))) return 'write';
  // "remove a label from an issue", "remove_assignee": detaching, not destroying.
  if (is(verb, 'remove') || is(verb, 'unlink') || is(verb, 'clear')) {
    if (object && DETACHABLE.has(object)) return 'write';
    // "Remove a role from a member": taking something off a person, group or item, which stays.
    if (/\bfrom (?:a|an|the|this|that|its|their|your|one|specific|multiple|all|every)?\s*(?:[a-z]+\s+)?(?:list|session|set|board|selection|context|cart|issue|message|item|group|team|list|channel|playlist|cart|pull request|post|task|card|ticket|conversation|thread|user|member|contact|deal|event|role|organization|org|people|person|account|profile|queue|watchlist|favorites)s?\b/.test(context)) return 'write';
  }
  // A listed action's own words decide: "list, archive, delete" does not make the delete reversible.
  const scope = verb.role === 'listed' ? [verb.word.text, ...objectWords(verb, context)].join(' ') : context;
  if (REVERSIBLE.test(scope) && !IRREVERSIBLE.test(scope)) return 'write';
  return 'destructive';
}

// Thinking aloud changes nothing: "a tool for reflective problem-solving through thoughts".
const THINKING = new Set(['thinking', 'thoughts', 'reasoning', 'reflective', 'problem-solving', 'brainstorming']);

// Sentences repeat across tools and each has several verbs: quote each once.
const quoteContext = memo((context: string) => quote(context, 90));

/** Verbs of the name and the description: the main evidence for what a tool does. */
export const verbRule: CategoryRule = {
  id: 'verb',
  title: 'Verbs of the name and description',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const money = () => mentionsMoney(features);
    const where = (verb: VerbUse) => (verb.sentence === -1 ? 'name' : 'description');
    for (const verb of features.verbs) {
      if (verb.verbClass === 'code') continue; // the code rules decide between execute and write
      const weight = weightOf(verb, features);
      // A name is short and differs per tool: quoting it is cheaper than caching it.
      const source = `${where(verb)}: ${verb.sentence === -1 ? quote(verb.context, 90) : quoteContext(verb.context)}`;
      if (verb.negated) {
        evidence.push({ id: 'verb.negated', label: `negated verb "${verb.word.text}"`, evidence: source, supports: 'read', weight: 1 });
        continue;
      }
      let category: Category = verb.verbClass;
      const override = overrideOf(verb, features);
      if (override) category = override.becomes;
      else if (category === 'destructive') category = destructiveMeaning(verb, features);
      if (category === 'financial' && (verb.wordNet !== undefined || NEEDS_MONEY_CONTEXT.has(verb.word.stem)) && !money()) category = 'write';
      if (category === 'read' && verb.role !== 'inline' && (READS_INTO.has(verb.word.stem) || ARRANGES.has(verb.word.stem))) {
        const scope = verb.role === 'primary' ? (features.sentences[0]?.lower ?? '') : lowerOf(verb.context);
        if (READS_INTO.has(verb.word.stem) ? INTO_TARGET.test(scope) || TO_LOCATION.test(scope) : CELLS.test(scope)) category = 'write';
      }
      if (category === 'write' && (is(verb, 'send') || is(verb, 'transfer')) && verb.role !== 'inline' && money()) category = 'financial';
      // Everything after the first sentence is one source: repeating a verb there adds nothing.
      const role = verb.role === 'listed' ? 'listed' : verb.sentence > 0 ? 'later' : verb.role;
      const how = verb.wordNet ? ` (WordNet: an act of ${verb.wordNet})` : override ? ` (${override.why})` : '';
      const label = `${ROLE_LABEL[role]} "${verb.word.text}"${how} ${category === 'read' ? 'reads' : category === 'write' ? 'writes' : `is ${category}`}`;
      evidence.push({ id: verb.wordNet ? `verb.wordnet.${category}` : `verb.${role}.${category}`, label, evidence: source, supports: category, weight });
    }
    // "server_health", "queue_info": a name that is only a report of something says what the tool returns.
    const head = features.headNoun;
    // Looked for only when the name has no verb: most names have one.
    const report = features.verbs.some((verb) => verb.role === 'primary') ? undefined
      : head && INFORMATION_NOUNS.has(head.text) ? head.text : features.sentences[0]?.words.find((word) => THINKING.has(word.text))?.text;
    if (report) {
      evidence.push({ id: 'verb.information-noun', label: `reports or thinks ("${report}")`, evidence: `name: "${features.name}"`, supports: 'read', weight: 1.5 });
    }
    return evidence;
  },
};
