import { createHash } from 'node:crypto';
import type { ArgumentDecision } from '../schemas/argument-conditions.ts';
import type { ContentFinding } from '../schemas/content-inspection.ts';
import type { GuardCallLine, GuardDecision, GuardOutcome } from '../schemas/guard-audit.ts';
import type { PolicyAction, RateLimitWindow } from '../schemas/policy.ts';
import { canonicalJson } from '../core/pin.ts';

/** sha256 (hex) of the arguments' canonical JSON: equal arguments give equal hashes whatever their key order. */
export function hashArguments(args: unknown): string {
  return createHash('sha256').update(canonicalJson(args ?? {})).digest('hex');
}

/** What the session knows about a call when it is answered. */
export interface FinishedCall {
  server: string;
  tool: string;
  action: PolicyAction | undefined;
  decision: GuardDecision;
  reason: string;
  argumentsSha256: string;
  /** Present only when arguments are audited (--audit-args). */
  arguments?: unknown;
  startedAt: number;
  endedAt: number;
  outcome: GuardOutcome;
  window?: RateLimitWindow;
  /** Which argument rule and condition decided, for a tool with argument rules. */
  argumentRule?: ArgumentDecision;
  /** What the message checks found in the arguments and the answer. */
  findings?: ContentFinding[];
}

/** Shapes the audit line for one call. */
export function shapeCallLine(call: FinishedCall): GuardCallLine {
  return {
    event: 'call',
    time: new Date(call.startedAt).toISOString(),
    server: call.server,
    tool: call.tool,
    ...(call.action !== undefined && { action: call.action }),
    decision: call.decision,
    reason: call.reason,
    argumentsSha256: call.argumentsSha256,
    ...(call.arguments !== undefined && { arguments: call.arguments }),
    durationMs: Math.max(0, Math.round((call.endedAt - call.startedAt) * 1000) / 1000),
    outcome: call.outcome,
    ...(call.window !== undefined && { window: call.window }),
    ...(call.argumentRule !== undefined && { argumentRule: call.argumentRule }),
    ...(call.findings?.length && { findings: call.findings }),
  };
}

/** How a server's answer to a call ended, read from the parsed response. */
export function outcomeOf(response: { result?: unknown; error?: unknown }): GuardOutcome {
  if (response.error !== undefined) return 'error';
  return (response.result as { isError?: unknown } | undefined)?.isError === true ? 'tool_error' : 'ok';
}
