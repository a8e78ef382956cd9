import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import type { Direction, MessageInspection } from '../classifier/content/inspect-message.ts';
import type { RateLimitWindow } from '../schemas/policy.ts';
import type { Approvals } from './approvals.ts';
import { hashArguments } from './audit-line.ts';
import { verdictForCall } from './argument-verdict.ts';
import { describeFindings } from './content-verdicts.ts';
import { decideCall, didNotCall } from './decide-call.ts';
import type { ForwardedRequests } from './forwarded-requests.ts';
import { errorResponse, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import type { RateCounters } from './rate-limit.ts';
import { refusalResponse } from './refusal.ts';
import type { GuardSessionOptions } from './session-options.ts';
import type { CallInFlight, SessionRecord } from './session-record.ts';
import type { GuardToolList } from './tool-list.ts';

const CallParamsSchema = z.looseObject({ name: z.string(), arguments: z.unknown().optional() });

/** What the calls need of their session. */
export interface CallSession {
  options: GuardSessionOptions;
  tools: GuardToolList;
  approvals: Approvals;
  pending: ForwardedRequests;
  record: SessionRecord;
  isClosing(): boolean;
  /** Runs the message checks on what a side sent (see GuardSession.inspect). */
  inspect(message: Record<string, unknown>, direction: Direction, method: string): MessageInspection;
  toClient(line: string): void;
  toServer(message: Record<string, unknown>, requestId?: JsonRpcId): void;
}

/**
 * The client's `tools/call` requests: each is decided on the tool's verdict and budget, then forwarded (and
 * counted), asked about (forwarded only when a person accepts) or refused with a tool error; every one is audited.
 */
export class ToolCalls {
  /** Calls counted per tool, for the rate limits (loaded from the state file at start). */
  counters: RateCounters = {};
  /** True when the client declared form elicitation in `initialize`. */
  clientCanAsk = false;

  constructor(private readonly session: CallSession) {}

  /** Decides one `tools/call` request and forwards, asks about or refuses it. */
  async handle(id: JsonRpcId, message: Record<string, unknown>): Promise<void> {
    const startedMonotonic = performance.now();
    const params = CallParamsSchema.safeParse(message.params);
    if (!params.success) return this.session.toClient(errorResponse(id, RPC_ERROR.invalidParams, 'mcp-risk guard: expected tools/call params with a string "name", got none.'));
    const { name: tool, arguments: args } = params.data;
    // A list being checked again (list_changed) may change this tool's verdict: the verdict waits for it.
    // A tool with argument rules gets the verdict of the rule its arguments meet.
    const { verdict, argumentDecision } = verdictForCall(await this.session.tools.verdictFor(tool), args);
    const now = this.session.options.clock();
    const call: CallInFlight = {
      tool, verdict, decision: 'allowed', reason: verdict?.reason ?? '', argumentsSha256: hashArguments(args),
      ...(this.session.options.auditArguments && { arguments: args ?? {} }),
      ...(argumentDecision && { argumentRule: argumentDecision }), startedAt: now, startedMonotonic,
    };
    const inspection = this.session.inspect(message, 'client-to-server', 'tools/call');
    if (inspection.findings.length) call.findings = inspection.findings;
    if (inspection.verdict === 'block') {
      const reason = `the message checks blocked its arguments: ${describeFindings(inspection.findings)}`;
      return this.refuse(id, { ...call, decision: 'refused', reason }, didNotCall(tool, reason));
    }
    const decision = decideCall({ tool, verdict, counters: this.counters[tool], now, clientCanAsk: this.clientCanAsk, clientAsks: this.session.options.clientAsks });
    if (decision.kind === 'refuse') return this.refuse(id, { ...call, decision: decision.decision, reason: decision.reason }, decision.message, decision.window);
    if (decision.kind === 'forward') {
      const asked = decision.clientAsked && { decision: 'approved' as const, reason: `the client was told to ask a person and --client-asks trust lets its call run; ${call.reason}` };
      return this.forward(id, { ...call, ...asked }, message);
    }
    const answer = await this.session.approvals.ask(id, call, args);
    // Cancelled by the client, or the session ended, while the person was deciding.
    if (!answer || this.session.isClosing()) return;
    if (!answer.accepted) return this.refuse(id, { ...call, decision: 'declined', reason: `${answer.detail}; ${call.reason}` }, `${didNotCall(tool, answer.detail)}.`);
    // Other calls may have spent the budget while the person was deciding.
    const again = decideCall({ tool, verdict, counters: this.counters[tool], now: this.session.options.clock(), clientCanAsk: true });
    if (again.kind === 'refuse') return this.refuse(id, { ...call, decision: again.decision, reason: again.reason }, again.message, again.window);
    this.forward(id, { ...call, decision: 'approved', reason: `${answer.detail}; ${call.reason}` }, message);
  }

  private forward(id: JsonRpcId, call: CallInFlight, message: Record<string, unknown>): void {
    const limits = call.verdict?.rateLimits;
    if (limits?.length) {
      // Checked and counted against the counts every guard of this server shares (see rate-state-file.ts).
      const taken = this.session.options.state.take(call.tool, limits, this.session.options.clock());
      this.counters = taken.counters;
      if (!taken.ok) return this.refuse(id, { ...call, decision: taken.refusal.decision, reason: taken.refusal.reason }, taken.refusal.message, taken.refusal.window);
    }
    this.session.pending.add({ id, method: 'tools/call', call });
    this.session.toServer(message, id);
  }

  private refuse(id: JsonRpcId, call: CallInFlight, text: string, window?: RateLimitWindow): void {
    this.session.toClient(refusalResponse(id, call.decision, call.reason, text));
    this.session.record.call(call, 'blocked', window);
  }

  /** A `tools/call` without an id is no call anything could answer: it is never forwarded, and always audited. */
  dropNotification(message: Record<string, unknown>): void {
    const params = CallParamsSchema.safeParse(message.params);
    const reason = 'a tools/call sent as a notification (without an id) is not a valid call; it was not forwarded';
    const now = this.session.options.clock();
    this.session.record.problem(`the client sent ${reason}`);
    this.session.record.call({
      tool: params.success ? params.data.name : '(no name)', verdict: undefined, decision: 'refused', reason,
      argumentsSha256: hashArguments(params.success ? params.data.arguments : undefined), startedAt: now, startedMonotonic: performance.now(),
    }, 'blocked');
  }
}
