import { riskRank, type Category, type Finding, type InferredAnnotations, type Risk, type Signal } from '../schemas/assessment.ts';
import type { CategoryEvidence, RiskEvidence } from './evidence.ts';
import type { Features } from './features.ts';
import type { ToolAnnotations } from '../schemas/tool.ts';
import { stem } from './text.ts';

/** The taxonomy's order, most harmful first: the first category whose evidence holds wins. */
export const PRECEDENCE: readonly Category[] = ['execute', 'financial', 'destructive', 'write', 'read'];

/** The more harmful of two categories. */
export function worseOf(first: Category, second: Category): Category {
  return PRECEDENCE.indexOf(first) <= PRECEDENCE.indexOf(second) ? first : second;
}

/**
 * The weight scale every rule uses. A category holds at HOLDS_AT: one clear verb in the name (3) or the
 * description's lead (2.5), a schema action enum (3), a caller-supplied code argument the tool runs (3.5).
 * Supporting evidence weighs 0.75–1.5 and needs company: a later sentence's verb, a declared hint, a claim.
 * Negative weights are objections ("read-only query tool, not execute").
 */
export const HOLDS_AT = 2;
/** Below this, nothing recognised an effect: the verdict rests on weaker evidence and a person should look. */
export const UNRECOGNISED_CONFIDENCE = 0.4;
const BASE_RISK: Record<Category, Risk> = { read: 'low', write: 'medium', execute: 'high', destructive: 'critical', financial: 'critical' };

/**
 * Sums evidence per category, counting each rule's strongest argument once (and its strongest objection once),
 * so a long description repeating a word cannot outvote the name.
 */
export function scoreCategories(evidence: readonly CategoryEvidence[]): Record<Category, number> {
  const strongest = new Map<string, { supports: Category; max: number; min: number }>();
  for (const item of evidence) {
    const key = `${item.supports}\u0000${item.id}`;
    const entry = strongest.get(key) ?? { supports: item.supports, max: 0, min: 0 };
    entry.max = Math.max(entry.max, item.weight);
    entry.min = Math.min(entry.min, item.weight);
    strongest.set(key, entry);
  }
  const scores: Record<Category, number> = { read: 0, write: 0, execute: 0, destructive: 0, financial: 0 };
  for (const { supports, max, min } of strongest.values()) scores[supports] += max + min;
  return scores;
}

/** A category and whether any evidence strong enough to hold alone recognised it. */
export interface CategoryDecision {
  category: Category;
  recognised: boolean;
}

/**
 * The first category in the taxonomy's order whose evidence holds. `read` needs positive evidence too
 * (a read verb in the name or lead, a read-only claim, an uncontradicted read-only hint): absence of
 * evidence is not read. Otherwise the verdict is the most harmful category the weaker evidence points at,
 * or `write` when nothing points anywhere, and it is marked unrecognised.
 */
export function decideCategory(scores: Record<Category, number>): CategoryDecision {
  const holding = PRECEDENCE.find((category) => scores[category] >= HOLDS_AT);
  if (holding) return { category: holding, recognised: true };
  if (scores.read >= READ_HOLDS_AT) return { category: 'read', recognised: true };
  const pointed = PRECEDENCE.filter((category) => category !== 'read' && scores[category] > 0);
  const strongest = pointed.reduce<Category | undefined>((best, category) => (best === undefined || scores[category] > scores[best] ? category : best), undefined);
  return { category: strongest ?? 'write', recognised: false };
}

/**
 * Declared hints more cautious than a verdict the text does not clearly support are the author's own admission:
 * `destructiveHint: true` raises it to destructive, `readOnlyHint: false` to write. A clear verb wins over a hint.
 */
export function raiseToDeclaredHints(decision: CategoryDecision, scores: Record<Category, number>, annotations: ToolAnnotations | undefined): { decision: CategoryDecision; raisedBy?: Signal } {
  if (!annotations || annotations.readOnlyHint === true) return { decision };
  const clear = decision.recognised && scores[decision.category] >= HOLDS_AT;
  if (clear) return { decision };
  const declared: Category | undefined = annotations.destructiveHint === true ? 'destructive' : annotations.readOnlyHint === false ? 'write' : undefined;
  if (!declared || worseOf(declared, decision.category) === decision.category) return { decision };
  const hint = declared === 'destructive' ? 'destructiveHint: true' : 'readOnlyHint: false';
  return {
    decision: { category: declared, recognised: decision.recognised },
    raisedBy: { id: 'annotation.raises', label: `the author declares it ${declared === 'destructive' ? 'destructive' : 'changes its environment'}, and the text does not clearly say otherwise`, evidence: hint },
  };
}

/** A read-only claim or hint (1.5) is positive evidence of reading on its own; a mentioned verb (1) is not. */
const READ_HOLDS_AT = 1.5;

/** Starts from the category's base level; a raise beats a lowering, and the highest raise wins. */
export function decideRisk(category: Category, evidence: readonly RiskEvidence[]): { risk: Risk; applied: RiskEvidence[] } {
  const base = BASE_RISK[category];
  const raises = evidence.filter((item) => riskRank(item.risk) > riskRank(base));
  if (raises.length > 0) {
    const highest = raises.reduce((best, item) => (riskRank(item.risk) > riskRank(best.risk) ? item : best));
    return { risk: highest.risk, applied: raises.filter((item) => item.risk === highest.risk) };
  }
  const lowers = evidence.filter((item) => riskRank(item.risk) < riskRank(base));
  if (lowers.length > 0) return { risk: lowers[0]!.risk, applied: [lowers[0]!] };
  return { risk: base, applied: [] };
}

/** The risk on the 1–5 scale: 1 low, 2–3 medium (3 for writes), 4 high, 5 critical. */
export function scoreRisk(risk: Risk, category: Category): number {
  if (risk === 'low') return 1;
  if (risk === 'medium') return category === 'write' ? 3 : 2;
  return risk === 'high' ? 4 : 5;
}

/** How sure the verdict is: strong, agreeing evidence and a real description raise it; conflicts lower it. */
export function decideConfidence(features: Features, { category, recognised }: CategoryDecision, scores: Record<Category, number>, findings: readonly Finding[], dangerousCueUnanalysed = false): number {
  const chosen = category === 'read' ? Math.max(scores.read, 1) : scores[category];
  const rival = Math.max(0, ...Object.entries(scores).filter(([name]) => name !== category && name !== 'read').map(([, value]) => value));
  let confidence = 0.35 + 0.08 * Math.min(chosen, 6) - 0.07 * Math.min(rival, 4);
  const hasDescription = features.description.trim().length >= 12;
  confidence += hasDescription ? 0.1 : -0.25;
  const nameVerb = features.verbs.find((verb) => verb.role === 'primary');
  const leadVerb = features.verbs.find((verb) => verb.role === 'lead' && verb.sentence === 0);
  if (nameVerb && leadVerb && nameVerb.verbClass === leadVerb.verbClass) confidence += 0.1;
  if (!nameVerb && !leadVerb) confidence -= 0.15;
  if (findings.some((finding) => finding.id === 'annotation-mismatch' && finding.severity === 'warning')) confidence -= 0.15;
  if (findings.some((finding) => finding.id === 'definition-truncated')) confidence -= 0.2;
  const ceiling = recognised && !dangerousCueUnanalysed ? 0.98 : UNRECOGNISED_CONFIDENCE;
  return Math.round(Math.min(ceiling, Math.max(0.05, confidence)) * 100) / 100;
}

const LOCAL = /\b(?:local(?:ly)?|file ?system|files?|director(?:y|ies)|memory|memories|knowledge graph|in-memory|scratchpad|notes?|todos?|thoughts?|calculat\w*|convert\w*)\b/;
const REMOTE = /\b(?:https?|url|api|web|remote|cloud|email|chat|repository|online|internet|service)\b/;

// Writes that set a state: repeating them changes nothing more.
const IDEMPOTENT_VERBS = new Set(['set', 'update', 'put', 'enable', 'disable', 'configure', 'rename', 'assign', 'toggle', 'mark', 'upsert'].map(stem));

/** The MCP hints the verdict implies. */
export function inferAnnotations(features: Features, category: Category): InferredAnnotations {
  const local = LOCAL.test(features.opening) && !REMOTE.test(features.opening);
  const idempotentWrite = features.verbs.some((verb) => verb.role !== 'inline' && IDEMPOTENT_VERBS.has(verb.word.stem));
  return {
    readOnlyHint: category === 'read',
    destructiveHint: category === 'destructive' || category === 'execute' || category === 'financial',
    idempotentHint: category === 'read' || category === 'destructive' || (category === 'write' && idempotentWrite),
    openWorldHint: !local,
  };
}

const MAX_SIGNALS = 12;

/** Signals for the output: evidence for the verdict first (strongest first), then contrary evidence, then risk. */
export function orderSignals(category: Category, evidence: readonly CategoryEvidence[], riskEvidence: readonly RiskEvidence[]): Signal[] {
  const toSignal = ({ id, label, evidence: text }: Signal): Signal => ({ id, label, evidence: text });
  const supporting = evidence.filter((item) => item.supports === category && item.weight > 0).sort((a, b) => b.weight - a.weight);
  const contrary = evidence.filter((item) => item.supports !== category && item.weight > 0).sort((a, b) => b.weight - a.weight);
  const seen = new Set<string>();
  const signals: Signal[] = [];
  for (const item of [...supporting, ...riskEvidence, ...contrary]) {
    const key = `${item.id}\u0000${item.evidence}`;
    if (seen.has(key)) continue;
    seen.add(key);
    signals.push(toSignal(item));
    if (signals.length >= MAX_SIGNALS) break;
  }
  return signals;
}
