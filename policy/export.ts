import type { InferredAnnotations } from '../schemas/assessment.ts';
import type { Policy, PolicyTool } from '../schemas/policy.ts';
import { ACTION_ORDER, type PolicyAction } from '../schemas/policy.ts';
import { quoteName } from './one-line-text.ts';

/** One policy rendered for one client or gateway. */
export interface PolicyExport {
  /** The file's text, ready to write. */
  text: string;
  /** What the format could not express and how the export took the safer side; never dropped silently. */
  notes: string[];
}

/** The stricter of two actions. */
export function stricterAction(a: PolicyAction, b: PolicyAction): PolicyAction {
  return ACTION_ORDER.indexOf(a) >= ACTION_ORDER.indexOf(b) ? a : b;
}

/**
 * Groups tools by the reference a format gives them (normalised names can collide: `a.b` and `a_b`).
 * Each group gets the strictest action of its members, and a note names the collision.
 */
export function groupByReference(tools: readonly PolicyTool[], referenceOf: (tool: PolicyTool) => string, format: string): { groups: Map<string, { action: PolicyAction; tools: PolicyTool[] }>; notes: string[] } {
  const groups = new Map<string, { action: PolicyAction; tools: PolicyTool[] }>();
  for (const tool of tools) {
    const reference = referenceOf(tool);
    const group = groups.get(reference);
    if (group) {
      group.tools.push(tool);
      group.action = stricterAction(group.action, tool.action);
    } else {
      groups.set(reference, { action: tool.action, tools: [tool] });
    }
  }
  const notes: string[] = [];
  for (const [reference, group] of groups) {
    if (group.tools.length > 1) {
      notes.push(`${format} sees ${group.tools.map((tool) => quoteName(tool.name)).join(' and ')} as the same tool ${quoteName(reference)}; all get the strictest action, ${group.action}.`);
    }
  }
  return { groups, notes };
}

/** The value of each hint that asks a client for more care: not read-only, destructive, not idempotent, open world. */
const CAUTIOUS: Record<keyof InferredAnnotations, boolean> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

/**
 * The hints an export may set for a tool: the inferred ones, except that a hint the server declared with the
 * cautious value keeps it. An override never tells a client a tool is safer than its own server says.
 * `kept` names the hints where the server's value won.
 */
export function cautiousAnnotations(tool: PolicyTool): { annotations: InferredAnnotations; kept: (keyof InferredAnnotations)[] } {
  const annotations = { ...tool.inferredAnnotations };
  const kept: (keyof InferredAnnotations)[] = [];
  for (const hint of Object.keys(CAUTIOUS) as (keyof InferredAnnotations)[]) {
    if (tool.declaredAnnotations?.[hint] === CAUTIOUS[hint] && annotations[hint] !== CAUTIOUS[hint]) {
      annotations[hint] = CAUTIOUS[hint];
      kept.push(hint);
    }
  }
  return { annotations, kept };
}

/** Tools with at least one rate limit, which formats without budgets cannot enforce. */
export function describeUnenforcedLimits(policy: Policy, format: string, fallback: string, exposed: readonly PolicyAction[] = ['allow', 'approve']): string[] {
  const limited = policy.tools.filter((tool) => exposed.includes(tool.action) && tool.rateLimits?.length);
  if (!limited.length) return [];
  return [`${format} cannot enforce rate limits; ${limited.length} tool${limited.length === 1 ? ' keeps its' : 's keep their'} action without the budget (${limited.map((tool) => quoteName(tool.name)).join(', ')}). ${fallback}`];
}

/** The policy's own notes (truncated scans and the like) travel with every export. */
export function policyNotes(policy: Policy): string[] {
  return policy.notes.map((note) => `Scan: ${note}`);
}
