import { createHash } from 'node:crypto';
import { SERVER_STAKES_SIGNAL, type Assessment, type Category, type FindingId, type Risk } from '../schemas/assessment.ts';
import { ACTION_ORDER, type Policy, type PolicyAction, type PolicyRulesFile, type PolicyTool, type RateLimit } from '../schemas/policy.ts';
import type { PolicyInput, PolicyInputTool } from './policy-input.ts';
import { describeAssessment, describeVerdict } from './describe.ts';
import { applyRules } from './rules.ts';
import { countOf, toTerminalText } from '../core/terminal-text.ts';

/** Findings that mean the definition itself is hostile: the tool is denied whatever it does. */
export const DENYING_FINDINGS: readonly FindingId[] = ['prompt-injection', 'hidden-unicode'];

/** Budgets of the default mapping. Reads are cheap to repeat; anything that changes state is not. */
export const DEFAULT_BUDGETS = {
  mediumRead: [{ window: 'minute', max: 60 }],
  mediumChange: [
    { window: 'minute', max: 10 },
    { window: 'hour', max: 100 },
  ],
  high: [
    { window: 'minute', max: 5 },
    { window: 'hour', max: 30 },
  ],
} as const satisfies Record<string, readonly RateLimit[]>;

/** Below this confidence the default mapping asks a person whatever the category (a denial stays): the classifier may be wrong. */
export const UNCERTAIN_BELOW = 0.5;

/** The verdict of the default mapping for one assessment, before findings and rules. */
export interface Verdict {
  action: PolicyAction;
  rateLimits: RateLimit[];
}

/** low → allow; medium → allow with a budget (reads get more than writes); high → approve with a budget; critical → deny. */
export function mapRiskToVerdict(category: Category, risk: Risk): Verdict {
  switch (risk) {
    case 'low':
      return { action: 'allow', rateLimits: [] };
    case 'medium':
      return { action: 'allow', rateLimits: [...(category === 'read' ? DEFAULT_BUDGETS.mediumRead : DEFAULT_BUDGETS.mediumChange)] };
    case 'high':
      return { action: 'approve', rateLimits: [...DEFAULT_BUDGETS.high] };
    case 'critical':
      return { action: 'deny', rateLimits: [] };
  }
}

/** sha256 over the sorted (name, pin) pairs: identifies exactly the tool list a policy was built for. */
export function computeScanPin(tools: readonly Pick<PolicyInputTool, 'name' | 'pin'>[]): string {
  const pairs = tools.map((tool) => [tool.name, tool.pin]).sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex');
}

function verdictFromFindings(assessment: Assessment): { finding: FindingId; evidence: string } | undefined {
  const finding = assessment.findings.find((candidate) => DENYING_FINDINGS.includes(candidate.id) && candidate.severity === 'error');
  return finding && { finding: finding.id, evidence: finding.evidence };
}

const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;

/** The four behaviour hints the server declared, as booleans; nothing when it declared none. */
function declaredHints(tool: PolicyInputTool): { declaredAnnotations?: NonNullable<PolicyTool['declaredAnnotations']> } {
  const declared = Object.fromEntries(HINTS.flatMap((hint) => (typeof tool.annotations?.[hint] === 'boolean' ? [[hint, tool.annotations[hint]]] : [])));
  return Object.keys(declared).length ? { declaredAnnotations: declared } : {};
}

function recommendTool(tool: PolicyInputTool): PolicyTool {
  const { assessment } = tool;
  const base = {
    name: tool.name,
    category: assessment.category,
    risk: assessment.risk,
    pin: tool.pin,
    inferredAnnotations: assessment.inferredAnnotations,
    ...declaredHints(tool),
  };
  const hostile = verdictFromFindings(assessment);
  if (hostile) {
    return {
      ...base,
      action: 'deny',
      source: 'finding',
      reason: `denied: ${hostile.finding} finding (${toTerminalText(hostile.evidence, 60)}) — the definition tries to steer the agent, whatever the tool does; ${describeAssessment(assessment, 1)}`,
    };
  }
  const verdict = mapRiskToVerdict(assessment.category, assessment.risk);
  if (assessment.confidence < UNCERTAIN_BELOW && verdict.action !== 'deny') {
    return { ...base, action: 'approve', source: 'default', reason: `uncertain verdict: a person should look (confidence ${assessment.confidence}); ${describeAssessment(assessment)}` };
  }
  // The author's own word that a call may destroy something: never let an agent make it unasked.
  if (verdict.action === 'allow' && tool.annotations?.destructiveHint === true && tool.annotations.readOnlyHint !== true) {
    return { ...base, action: 'approve', rateLimits: [...DEFAULT_BUDGETS.high], source: 'default', reason: `the server declares it destructive (destructiveHint: true), so a person approves each call; ${describeAssessment(assessment)}` };
  }
  // A state change on a server that moves money or runs code, not clearly harmless: the classifier's server pass says so.
  const stakes = verdict.action === 'allow' && assessment.signals.find((signal) => signal.id === SERVER_STAKES_SIGNAL);
  if (stakes) {
    return { ...base, action: 'approve', rateLimits: [...DEFAULT_BUDGETS.high], source: 'default', reason: `${toTerminalText(stakes.label, 100)} (${toTerminalText(stakes.evidence, 80)}); ${describeAssessment(assessment)}` };
  }
  return {
    ...base,
    action: verdict.action,
    ...(verdict.rateLimits.length && { rateLimits: verdict.rateLimits }),
    source: 'default',
    reason: `${describeVerdict(verdict.action, verdict.rateLimits)}: ${describeAssessment(assessment)}`,
  };
}

/** Two tools listed under one name get one entry: the stricter verdict, with both reasons. */
function mergeDuplicate(first: PolicyTool, second: PolicyTool): PolicyTool {
  const stricter = ACTION_ORDER.indexOf(second.action) > ACTION_ORDER.indexOf(first.action) ? second : first;
  return { ...stricter, reason: `the server lists this name twice; the stricter verdict applies. ${stricter.reason}` };
}

function describeScanGaps(input: PolicyInput): string[] {
  const { gaps } = input;
  const notes: string[] = [];
  if (gaps.status !== 'ok') notes.push(`The scan ended with status ${gaps.status} (${toTerminalText(gaps.detail, 120)}); the tool list may be incomplete.`);
  if (gaps.truncatedTools) notes.push('The scan hit a cap before the end of the tool list: tools not named here are denied by default, not reviewed.');
  if (gaps.malformedTools) notes.push(`${countOf(gaps.malformedTools, 'tool definition')} ${gaps.malformedTools === 1 ? 'was' : 'were'} malformed and left out; they are denied by default.`);
  if (input.tools.length === 0) notes.push('The scan found no tools; the policy denies everything.');
  return notes;
}

export interface RecommendOptions {
  /** Overrides of the default mapping, already validated. */
  rules?: PolicyRulesFile;
  /** The name client configurations use for this server; derived from the record when absent. */
  serverKey?: string;
}

/** Builds the recommended policy for one server's assessed tools: default mapping, then hostile findings, then the rules file. */
export function recommendPolicy(input: PolicyInput, options: RecommendOptions = {}): Policy {
  const byName = new Map<string, PolicyTool>();
  for (const tool of input.tools) {
    const recommended = recommendTool(tool);
    const existing = byName.get(tool.name);
    byName.set(tool.name, existing ? mergeDuplicate(existing, recommended) : recommended);
  }
  const recommended = [...byName.values()];
  const tools = options.rules ? applyRules(recommended, options.rules) : recommended;
  const { server } = input;
  return {
    version: 1,
    server: {
      name: server.name,
      key: options.serverKey ?? server.key,
      ...(server.version !== undefined && { version: server.version }),
      ...(server.reportedVersion !== undefined && { reportedVersion: server.reportedVersion }),
      target: server.target,
      scanPin: computeScanPin(input.tools),
      scannedAt: server.assessedAt,
    },
    classifierVersion: input.classifierVersion,
    defaultAction: 'deny',
    tools,
    notes: describeScanGaps(input),
  };
}
