import type { InferredAnnotations } from '../schemas/assessment.ts';
import type { Policy, PolicyTool } from '../schemas/policy.ts';
import { ACTION_ORDER, type PolicyAction } from '../schemas/policy.ts';
import { countOf, quoteName, toTerminalText } from '../core/terminal-text.ts';
import { atLeastAsCautious } from './at-least-as-cautious.ts';

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

/** The hints an export may set for a tool of a policy (see atLeastAsCautious). */
export function cautiousAnnotations(tool: PolicyTool): { annotations: InferredAnnotations; kept: (keyof InferredAnnotations)[] } {
  return atLeastAsCautious(tool.inferredAnnotations, tool.declaredAnnotations);
}

/** Tools with at least one rate limit, which formats without budgets cannot enforce. */
export function describeUnenforcedLimits(policy: Policy, format: string, fallback: string, exposed: readonly PolicyAction[] = ['allow', 'approve']): string[] {
  const limited = policy.tools.filter((tool) => exposed.includes(tool.action) && tool.rateLimits?.length);
  if (!limited.length) return [];
  return [`${format} cannot enforce rate limits; ${countOf(limited.length, 'tool')} ${limited.length === 1 ? 'keeps its' : 'keep their'} action without the budget (${limited.map((tool) => quoteName(tool.name)).join(', ')}). ${fallback}`];
}

/**
 * Which server name the references assume, in every export: a rule for the wrong name silently matches
 * nothing, so the user must be able to check it against their configuration.
 */
export function serverKeyNote(policy: Policy, oneOfSeveral = false): string {
  const change = oneOfSeveral ? "run mcp-risk policy on this server's record alone with --server-key NAME" : 'run mcp-risk policy again with --server-key NAME';
  return `Written for the server named ${quoteName(policy.server.key)} in your client's configuration (rules that name another server match nothing); if yours has another name, ${change}.`;
}

/** The server-key note and the policy's own notes (truncated scans and the like) travel with every export. */
export function policyNotes(policy: Policy, oneOfSeveral = false): string[] {
  return [serverKeyNote(policy, oneOfSeveral), ...policy.notes.map((note) => `Scan: ${note}`)];
}

/**
 * Notes for a file that covers several servers: each server's own notes, prefixed with its key when
 * there is more than one so the reader knows which server a note is about.
 */
export function notesPerServer(policies: readonly Policy[], notesOf: (policy: Policy) => string[]): string[] {
  return policies.flatMap((policy) => {
    const notes = notesOf(policy);
    return policies.length > 1 ? notes.map((note) => `${toTerminalText(policy.server.key, 64)}: ${note}`) : notes;
  });
}
