import type { Category, Risk, Signal } from '../schemas/assessment.ts';
import type { Features } from './features.ts';

/** A signal that argues for a category with a weight; negative weights argue against it. */
export interface CategoryEvidence extends Signal {
  supports: Category;
  weight: number;
}

/** A rule family that reads features and argues for categories. Pure and deterministic. */
export interface CategoryRule {
  id: string;
  title: string;
  evaluate(features: Features): CategoryEvidence[];
}

/** A signal that moves the risk away from the category's base level. */
export interface RiskEvidence extends Signal {
  /** The level the risk moves to when this signal applies. */
  risk: Risk;
}

/** A rule family that adjusts the risk of tools in the categories it knows. */
export interface RiskRule {
  id: string;
  title: string;
  appliesTo: readonly Category[];
  evaluate(features: Features): RiskEvidence[];
}

/** Quotes untrusted text for evidence, cut to a readable length. */
export function quote(text: string, maxLength = 80): string {
  const flat = text.slice(0, maxLength * 2).replace(/\s+/g, ' ').trim();
  return `"${flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat}"`;
}
