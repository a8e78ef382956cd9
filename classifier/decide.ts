import { riskRank, type Category, type Finding, type InferredAnnotations, type Risk, type Signal } from '../schemas/assessment.ts';
import type { CategoryEvidence, RiskEvidence } from './evidence.ts';
import type { Features } from './features.ts';

/** The taxonomy's order: the first category whose evidence holds wins. */
const PRECEDENCE: readonly Category[] = ['execute', 'financial', 'destructive', 'write'];
/** How much evidence makes a category hold: one clear verb in the name or the description's lead. */
const HOLDS_AT = 2;
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

export function decideCategory(scores: Record<Category, number>): Category {
  return PRECEDENCE.find((category) => scores[category] >= HOLDS_AT) ?? 'read';
}

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

/** 1 low, 2–3 medium (3 when a raise was near), 4 high, 5 critical. */
export function scoreOf(risk: Risk, category: Category): number {
  if (risk === 'low') return 1;
  if (risk === 'medium') return category === 'write' ? 3 : 2;
  return risk === 'high' ? 4 : 5;
}

/** How sure the verdict is: strong, agreeing evidence and a real description raise it; conflicts lower it. */
export function decideConfidence(features: Features, category: Category, scores: Record<Category, number>, findings: readonly Finding[]): number {
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
  return Math.round(Math.min(0.98, Math.max(0.05, confidence)) * 100) / 100;
}

const LOCAL = /\b(?:local(?:ly)?|file ?system|files?|director(?:y|ies)|memory|memories|knowledge graph|in-memory|scratchpad|notes?|todos?|thoughts?|calculat\w*|convert\w*)\b/;
const REMOTE = /\b(?:https?|url|api|web|remote|cloud|email|slack|github|online|internet|service)\b/;

/** The MCP hints the verdict implies. */
export function inferAnnotations(features: Features, category: Category): InferredAnnotations {
  const local = LOCAL.test(features.opening) && !REMOTE.test(features.opening);
  const idempotentWrite = features.verbs.some((verb) => verb.role !== 'inline' && /^(?:set|updat|put|enabl|disabl|configur|renam|assign|toggl|mark|upsert)$/.test(verb.word.stem));
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
