import { toTerminalText } from '../core/terminal-text.ts';
import type { RateLimitWindow } from '../schemas/policy.ts';
import { checkBudget, describeLimit, type BudgetCheck, type ToolCounters } from './rate-limit.ts';
import type { ToolVerdict } from './tool-verdicts.ts';

/** What the guard does with one `tools/call`. */
export type CallDecision =
  /** Forward it now and count it against the tool's budgets (`clientAsked`: an approve tool the client asked about). */
  | { kind: 'forward'; clientAsked?: true }
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
  /**
   * `trust`: an approve tool carries the client's ask-a-person mark, so the client asked before calling and the guard
   * does not ask again (--client-asks trust). `refuse` (default): the guard's own approval still applies.
   */
  clientAsks?: 'trust' | 'refuse';
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
  if (!budget.ok) return refuseOverBudget(context.tool, budget, context.now);
  if (verdict.action === 'approve' && context.clientAsks === 'trust') return { kind: 'forward', clientAsked: true };
  if (verdict.action === 'approve' && !context.clientCanAsk) {
    const reason = 'the policy requires a person to approve each call, and this client cannot ask one (it did not declare the MCP elicitation capability)';
    const rule = `version: 1\nrules:\n  - match: { tool: ${JSON.stringify(context.tool)} }\n    action: allow`;
    return {
      kind: 'refuse',
      decision: 'refused',
      reason,
      message: `${didNotCall(context.tool, reason)}. To allow it without asking, put this in a rules file and restart the guard with --rules FILE (see docs/guard.md):\n${rule}`,
    };
  }
  return verdict.action === 'approve' ? { kind: 'ask' } : { kind: 'forward' };
}

/** The start of every refusal of a call: which tool (escaped) was not called, and why. */
export function didNotCall(tool: string, why: string): string {
  return `mcp-risk guard did not call "${toTerminalText(tool, 80)}": ${why}`;
}

/** The refusal of a call whose budget is spent, saying which budget and when it resets. */
export function refuseOverBudget(tool: string, budget: Exclude<BudgetCheck, { ok: true }>, now: number): Extract<CallDecision, { kind: 'refuse' }> {
  const reason = `the budget of ${describeLimit(budget.limit)} is spent (${budget.used} used); it resets at ${describeReset(budget.resetsAt, now)}`;
  return { kind: 'refuse', decision: 'rate_limited', reason, message: `${didNotCall(tool, reason)}. Try again after that.`, window: budget.limit.window };
}

/** The refusal of a call with a budget when the counts cannot be read or kept: failing open would lift the budget. */
export function refuseUncounted(tool: string, problem: string): Extract<CallDecision, { kind: 'refuse' }> {
  const reason = `the guard cannot keep this tool's rate-limit counts: ${problem}`;
  return { kind: 'refuse', decision: 'refused', reason, message: `${didNotCall(tool, reason)}. Calls with a budget are refused until that is fixed.` };
}
