import { toTerminalText } from '../core/terminal-text.ts';
import type { RateLimitWindow } from '../schemas/policy.ts';
import { checkBudget, describeLimit, type ToolCounters } from './rate-limit.ts';
import type { ToolVerdict } from './tool-verdicts.ts';

/** What the guard does with one `tools/call`. */
export type CallDecision =
  /** Forward it now and count it against the tool's budgets. */
  | { kind: 'forward' }
  /** Ask the person through elicitation first; forward only when they accept. */
  | { kind: 'ask' }
  /** Answer it with a tool error and never forward it. */
  | { kind: 'refuse'; decision: 'denied' | 'rate_limited' | 'refused'; reason: string; message: string; window?: RateLimitWindow };

export interface CallContext {
  tool: string;
  /** The verdict for the tool in the list the client was shown; undefined when that list did not have it. */
  verdict: ToolVerdict | undefined;
  counters: ToolCounters | undefined;
  now: number;
  /** True when the client declared the elicitation capability in `initialize`. */
  clientCanAsk: boolean;
}

function describeReset(resetsAt: number, now: number): string {
  const seconds = Math.max(1, Math.ceil((resetsAt - now) / 1000));
  return `${new Date(resetsAt).toISOString()} (in ${seconds} s)`;
}

/** Decides one call from the tool's verdict and budget. Pure: the caller counts the call when it forwards it. */
export function decideCall(context: CallContext): CallDecision {
  // Only refusals need the name as text; a forwarded call does no string work here.
  const name = () => toTerminalText(context.tool, 80);
  const { verdict } = context;
  if (!verdict) {
    const reason = 'the tool is not in the list the guard showed this client';
    return { kind: 'refuse', decision: 'refused', reason, message: `mcp-risk guard refused to call "${name()}": ${reason}, so it was never sent to the server. List the tools again to see what may be called.` };
  }
  if (verdict.action === 'deny') {
    return { kind: 'refuse', decision: 'denied', reason: verdict.reason, message: `mcp-risk guard denied "${name()}": ${verdict.reason}` };
  }
  const budget = checkBudget(context.counters, verdict.rateLimits, context.now);
  if (!budget.ok) {
    const reason = `the budget of ${describeLimit(budget.limit)} is spent (${budget.used} used); it resets at ${describeReset(budget.resetsAt, context.now)}`;
    return { kind: 'refuse', decision: 'rate_limited', reason, message: `mcp-risk guard did not call "${name()}": ${reason}. Try again after that.`, window: budget.limit.window };
  }
  if (verdict.action === 'approve' && !context.clientCanAsk) {
    const reason = 'the policy requires a person to approve each call, and this client cannot ask one (it did not declare the MCP elicitation capability)';
    const rule = `version: 1\nrules:\n  - match: { tool: ${JSON.stringify(context.tool)} }\n    action: allow`;
    return {
      kind: 'refuse',
      decision: 'refused',
      reason,
      message: `mcp-risk guard did not call "${name()}": ${reason}. To allow it without asking, put this in a rules file and restart the guard with --rules FILE (see docs/guard.md):\n${rule}`,
    };
  }
  return verdict.action === 'approve' ? { kind: 'ask' } : { kind: 'forward' };
}
