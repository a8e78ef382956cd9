import type { Category } from '../../schemas/assessment.ts';
import type { CategoryEvidence, CategoryRule } from '../evidence.ts';
import type { Features, Property } from '../features.ts';

// Arguments that carry value: how much, at what price, in which currency, to whom.
const VALUE_KINDS: [string, RegExp][] = [
  ['amount', /^(?:amount|amounts|sum|value_usd|lamports|wei|sats|satoshis|cents)$/],
  ['price', /^(?:price|limit_price|stop_price|unit_price|bid|ask)$/],
  ['quantity', /^(?:quantity|qty|size|shares|contracts|volume)$/],
  ['currency', /^(?:currency|asset|token|coin|denom|ticker)$/],
  ['recipient', /^(?:recipient|recipients|spender|payee|beneficiary|receiver|destination|to)$/],
];
const ADDRESS = /address|wallet|account|iban/;
// Arguments that are a program and its arguments: the tool runs what the caller names.
const PROGRAM = /^(?:program|command|cmd|executable|binary|bin|exe|entrypoint|entry_point)$/;
const ARGUMENTS = /^(?:args|arguments|argv|params|parameters|flags)$/;
// Switches that make a change reach further or skip its safeguards.
const DESTRUCTIVE_SWITCH = /^(?:cascade|purge|recursive|hard|permanent|permanently|prune|wipe|force_delete|delete_data|delete_files|delete_volumes|remove_volumes|drop_existing|truncate)$/;
const CONFIRMATION = /^(?:confirm|confirmed|confirmation|acknowledge|acknowledged|i_understand|approve|approved|accept_risk|yes)$/;
const COST = /\b(?:costs?|charges?|fees?|pay|pays|paid|spend|spends|bill(?:s|ed|ing)?|price|money|funds|real (?:money|funds)|purchase)\b/;
const LOSS = /\b(?:irreversib\w*|permanent\w*|cannot be undone|destroy\w*|delet\w*|wipe\w*|data loss|lost)\b/;

const nameOf = (property: Property) => property.words.map((word) => word.text).join('_');
const READING = new Set(['read']);

/** What the arguments say a call does: value it moves, a program it runs, switches that widen a change, a confirmation that names a cost. */
export const argumentsRule: CategoryRule = {
  id: 'arguments',
  title: 'Arguments as evidence',
  evaluate(features: Features) {
    if (features.properties.length === 0) return [];
    const action = features.verbs.find((verb) => verb.role === 'primary') ?? features.verbs.find((verb) => verb.role === 'lead' && verb.sentence === 0);
    const reads = action !== undefined && !action.negated && READING.has(action.verbClass);
    const evidence: CategoryEvidence[] = [];
    const kinds = new Map<string, Property>();
    let program: Property | undefined;
    let programArguments: Property | undefined;
    for (const property of features.properties) {
      const name = nameOf(property);
      const last = property.words.at(-1)?.text ?? '';
      for (const [kind, pattern] of VALUE_KINDS) {
        if (pattern.test(name) || (kind === 'recipient' && /^(?:to|destination|recipient|receiver)$/.test(property.words[0]?.text ?? '') && ADDRESS.test(last))) kinds.set(kind, kinds.get(kind) ?? property);
      }
      if (PROGRAM.test(name) && property.type !== 'array' && property.type !== 'boolean') program ??= property;
      if (ARGUMENTS.test(name) && property.type !== 'boolean' && property.type !== 'object') programArguments ??= property;
      if (property.type === 'boolean' && DESTRUCTIVE_SWITCH.test(name) && !reads) {
        evidence.push({ id: 'arguments.destructive-switch', label: `"${property.name}" widens the change or skips its safeguards`, evidence: `property "${property.name}"`, supports: 'destructive', weight: 1 });
      }
      if (CONFIRMATION.test(name)) {
        const text = property.description.toLowerCase();
        const named: Category | undefined = COST.test(text) ? 'financial' : LOSS.test(text) ? 'destructive' : undefined;
        if (named) evidence.push({ id: 'arguments.confirmation', label: `a confirmation that names ${named === 'financial' ? 'a cost' : 'a loss'}`, evidence: `property "${property.name}"`, supports: named, weight: 1.5 });
      }
    }
    // Value needs company to decide (a draft invoice has an amount too): one kind supports, two or more support more.
    if (kinds.size > 0 && !reads) {
      const shown = [...kinds.values()].slice(0, 3).map((property) => `"${property.name}"`).join(', ');
      evidence.push({ id: 'arguments.value', label: `takes value to move (${[...kinds.keys()].join(', ')})`, evidence: `properties ${shown}`, supports: 'financial', weight: kinds.size >= 2 ? 1.5 : 1 });
    }
    if (program && programArguments && !reads) {
      evidence.push({ id: 'arguments.program', label: 'takes a program and its arguments, and runs them', evidence: `properties "${program.name}", "${programArguments.name}"`, supports: 'execute', weight: 3 });
    }
    return evidence;
  },
};
