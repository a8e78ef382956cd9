import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';

// The author's own warning, in capitals or as a phrase: "DESTRUCTIVE: resets the device", "tear down".
const DECLARED_DESTRUCTIVE = /\bDESTRUCTIVE\b|\b(?:is|are|this is) (?:a )?(?:destructive|irreversible)(?: operation| action)?\b|\btears? down\b|\bfactory[- ]?reset\b|\bwipes?\b/;

/** A description that says outright that the tool destroys something. */
export const selfDeclaredRule: CategoryRule = {
  id: 'declared',
  title: 'Warnings the description gives about itself',
  evaluate(features) {
    const match = DECLARED_DESTRUCTIVE.exec(features.description.slice(0, 2000));
    if (!match) return [];
    return [{ id: 'declared.destructive', label: 'the description warns it is destructive', evidence: quote(match[0]), supports: 'destructive', weight: 2 } satisfies CategoryEvidence];
  },
};
