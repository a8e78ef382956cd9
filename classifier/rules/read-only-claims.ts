import { type CategoryRule, quote } from '../evidence.ts';

// The description promises no side effects.
const READ_ONLY_CLAIM = /\bread[- ]?only\b|\bno side[- ]effects?\b|\bdoes(?: not|n't) (?:modify|change|alter|write|delete|mutate)\b|\bwithout (?:modifying|changing|altering|making (?:any )?changes)\b|\bnon[- ]destructive\b|\bsafe to call\b|\bnever (?:modifies|writes|changes)\b/;

/** A description that says the tool only reads. */
export const readOnlyClaimRule: CategoryRule = {
  id: 'claim',
  title: 'Read-only claims in the description',
  evaluate(features) {
    // Only the opening counts: later text often describes one mode of several ("READ-ONLY MODE: …").
    const match = READ_ONLY_CLAIM.exec(features.opening);
    if (!match) return [];
    return [
      { id: 'claim.read-only', label: 'description says it only reads', evidence: quote(match[0]), supports: 'read', weight: 1.5 },
      { id: 'claim.read-only', label: 'description says it only reads', evidence: quote(match[0]), supports: 'write', weight: -1 },
    ];
  },
};
