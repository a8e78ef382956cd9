import type { Readable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { countOf, toTerminalText } from '../core/terminal-text.ts';
import type { GuardDecision, GuardOutcome } from '../schemas/guard-audit.ts';
import type { Policy, PolicyRulesFile, RateLimitWindow } from '../schemas/policy.ts';
import type { AuditSink } from './audit-log.ts';
import { hashArguments, outcomeOf, shapeCallLine } from './audit-line.ts';
import type { Clock } from './clock.ts';
import { decideCall, describeApproval } from './decide-call.ts';
import { errorResponse, findIdsInFragments, idKey, resultResponse, RPC_ERROR, sortLine, type JsonRpcId } from './json-rpc.ts';
import { LineSplitter, type OversizeLine } from './line-splitter.ts';
import { buildApprovalRequest, readApprovalAnswer } from './mcp-sdk.ts';
import { countCall, pruneCounters, type RateCounters } from './rate-limit.ts';
import { decideStartPolicy } from './start-policy.ts';
import type { RateStateStore } from './rate-state-file.ts';
import { reviewToolList, VERDICT_META_KEY, type ToolReport, type ToolVerdict } from './tool-verdicts.ts';
import { exitStatusOf } from './upstream-process.ts';
import type { Upstream, UpstreamExit } from './upstream.ts';

/** The exit code when the guard refuses to start (the policy does not fit the server). */
export const EXIT_REFUSED = 3;

export interface GuardSessionOptions {
  /** The server's key: in the audit log, the state file and messages. */
  serverKey: string;
  /** What was launched or reached, as the user wrote it (for a policy built live). */
  target: string;
  targetKind: 'command' | 'url';
  /** A reviewed policy (rules already applied); absent means: assess the live tool list at start. */
  policy?: Policy;
  /** Where the policy came from, in words, printed on stderr at start. */
  policySource: string;
  /** Applied to a policy built live. */
  rules?: PolicyRulesFile;
  /** Start even when the policy was reviewed against other tools (those tools get the default action). */
  allowChanged: boolean;
  /** Keep the arguments themselves in the audit log, not only their hash. */
  auditArguments: boolean;
  maxMessageBytes: number;
  /** How long the guard waits for its own requests to the server (the tool list). */
  requestTimeoutMs: number;
  /** The most pages of the tool list the guard reads itself. */
  maxListPages: number;
  clock: Clock;
  audit: AuditSink;
  state: RateStateStore;
  /** One line for a person (stderr). */
  log: (line: string) => void;
}

/** The client's side: MCP over newline-delimited JSON (the guard's stdin and stdout). */
export interface Downstream {
  input: Readable;
  output: { write(text: string): unknown };
}

interface CallInFlight {
  tool: string;
  verdict: ToolVerdict | undefined;
  decision: GuardDecision;
  reason: string;
  argumentsSha256: string;
  arguments?: unknown;
  startedAt: number;
  startedMonotonic: number;
}

interface PendingRequest {
  id: JsonRpcId;
  method: string;
  call?: CallInFlight;
}

const GUARD_ID_PREFIX = 'mcp-risk-guard-';
const MAX_LOGGED_PROBLEMS = 20;

/**
 * One client connected to one server through the guard. Lines are forwarded as they came unless the guard must
 * decide on them: `initialize` (capabilities, and the tool list is checked before the client hears back),
 * `tools/list` (filtered and annotated), `tools/call` (allowed, asked, denied, budgeted) and
 * `notifications/tools/list_changed` (the list is checked again first). Everything else passes through unchanged.
 */
export class GuardSession {
  private policy: Policy | undefined;
  private verdicts = new Map<string, ToolVerdict>();
  private readonly reported = new Set<string>();
  private counters: RateCounters = {};
  private clientCanAsk = false;
  private sentInitialized = false;
  private readonly pending = new Map<string, PendingRequest>();
  /** Calls waiting for a person, by the client's request id. */
  private readonly approvals = new Map<string, { id: JsonRpcId; call: CallInFlight; guardId: string }>();
  /** The guard's own requests (to either side), by id. */
  private readonly ownRequests = new Map<string, (response: Record<string, unknown>) => void>();
  private nextOwnId = 1;
  private refreshing: Promise<void> | undefined;
  /** Set from the client's `initialize` until the tool list is checked: what the client sends meanwhile waits. */
  private starting: { queued: string[] } | undefined;
  /** Set once the session is over: nothing more is forwarded. */
  private closing = false;
  /** Set while the server is being stopped on purpose (the client went away, or a signal). */
  private stopping = false;
  private problemsLogged = 0;
  private resolveDone!: (code: number) => void;
  private readonly done = new Promise<number>((resolveDone) => (this.resolveDone = resolveDone));

  constructor(private readonly options: GuardSessionOptions, private readonly upstream: Upstream, private readonly downstream: Downstream) {}

  /** Runs until the client goes away, the server exits or the guard refuses to start; resolves with the exit code. */
  async run(): Promise<number> {
    const loaded = await this.options.state.load();
    this.counters = pruneCounters(loaded.counters, this.options.clock());
    if (loaded.problem) this.options.log(`mcp-risk guard: ${loaded.problem}`);
    await this.upstream.start({
      message: (line) => this.fromServer(line),
      oversize: (line) => this.oversizeFromServer(line),
      exit: (exit) => void this.serverExited(exit),
    });
    const splitter = new LineSplitter(this.options.maxMessageBytes, (line) => this.fromClient(line), (line) => this.oversizeFromClient(line));
    const { input } = this.downstream;
    input.on('data', (chunk: Buffer | string) => splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    input.once('end', () => void this.clientGone());
    input.once('close', () => void this.clientGone());
    input.on('error', () => void this.clientGone());
    return this.done;
  }

  /** Stops the server and ends the session (a signal, or the client going away). */
  async shutdown(detail: string): Promise<void> {
    if (this.closing || this.stopping) return;
    // While the server winds down (its stdin closed first), what it still writes reaches the client.
    this.stopping = true;
    await this.upstream.stop();
    this.closing = true;
    // Calls still open when the client left are on the record too: every call gets its line.
    for (const pending of this.pending.values()) if (pending.call) this.audit(pending.call, 'cancelled');
    for (const approval of this.approvals.values()) this.audit({ ...approval.call, decision: 'declined', reason: `${detail} while a person was asked; ${approval.call.reason}` }, 'cancelled');
    this.pending.clear();
    this.approvals.clear();
    await this.finish(0, detail);
  }

  // ── client → server ────────────────────────────────────────────────────────

  private fromClient(line: string): void {
    if (this.closing || this.stopping) return;
    if (this.starting) {
      this.starting.queued.push(line);
      return;
    }
    const sorted = sortLine(line);
    switch (sorted.kind) {
      case 'invalid': {
        this.problem(`the client sent a message that is not valid JSON-RPC (${sorted.reason}); it was not forwarded: ${toTerminalText(line, 120)}`);
        const code = sorted.reason.startsWith('not JSON') ? RPC_ERROR.parseError : RPC_ERROR.invalidRequest;
        this.toClient(errorResponse(sorted.id ?? null, code, `mcp-risk guard: expected a JSON-RPC 2.0 message, got ${sorted.reason}`));
        return;
      }
      case 'request':
        if (sorted.method === 'tools/call') {
          void this.handleCall(sorted.id, sorted.message, line);
          return;
        }
        if (sorted.method === 'initialize') {
          this.clientCanAsk = declaresFormElicitation(sorted.message.params);
          this.starting = { queued: [] };
        }
        this.pending.set(idKey(sorted.id), { id: sorted.id, method: sorted.method });
        this.toServer(line, sorted.message, sorted.id);
        return;
      case 'notification':
        // The guard already told the server it is initialized, so it could check the tool list first.
        if (sorted.method === 'notifications/initialized' && this.sentInitialized) return;
        if (sorted.method === 'notifications/cancelled' && this.cancelledByClient(sorted.message)) return;
        this.toServer(line, sorted.message);
        return;
      case 'response': {
        const own = this.ownRequests.get(idKey(sorted.id));
        if (own && typeof sorted.id === 'string' && sorted.id.startsWith(GUARD_ID_PREFIX)) {
          this.ownRequests.delete(idKey(sorted.id));
          own(sorted.message);
          return;
        }
        this.toServer(line, sorted.message);
      }
    }
  }

  private toServer(line: string, message: Record<string, unknown>, requestId?: JsonRpcId): void {
    const fail = (error: unknown) => {
      if (requestId !== undefined) this.answerWithError(requestId, `mcp-risk guard could not reach the server: ${(error as Error).message ?? String(error)}`);
    };
    try {
      const sent = this.upstream.send(line, message);
      if (sent) sent.catch(fail);
    } catch (error) {
      fail(error);
    }
  }

  private async handleCall(id: JsonRpcId, message: Record<string, unknown>, line: string): Promise<void> {
    const params = (typeof message.params === 'object' && message.params !== null ? message.params : {}) as { name?: unknown; arguments?: unknown };
    const startedMonotonic = performance.now();
    if (typeof params.name !== 'string') {
      this.toClient(errorResponse(id, -32602, 'mcp-risk guard: expected tools/call params with a string "name", got none.'));
      return;
    }
    // A list being checked again (list_changed) may change this tool's verdict: wait for it.
    if (this.refreshing) await this.refreshing;
    const tool = params.name;
    const now = this.options.clock();
    const verdict = this.verdicts.get(tool);
    const call: CallInFlight = {
      tool,
      verdict,
      decision: 'allowed',
      reason: verdict?.reason ?? '',
      argumentsSha256: hashArguments(params.arguments),
      ...(this.options.auditArguments && { arguments: params.arguments ?? {} }),
      startedAt: now,
      startedMonotonic,
    };
    const decision = decideCall({ tool, verdict, counters: this.counters[tool], now, clientCanAsk: this.clientCanAsk });
    if (decision.kind === 'refuse') {
      this.refuse(id, { ...call, decision: decision.decision, reason: decision.reason }, decision.message, decision.window);
      return;
    }
    if (decision.kind === 'ask') {
      await this.askPerson(id, call, params.arguments, line, message);
      return;
    }
    this.forwardCall(id, call, line, message);
  }

  private forwardCall(id: JsonRpcId, call: CallInFlight, line: string, message: Record<string, unknown>): void {
    const limits = call.verdict?.rateLimits;
    if (limits?.length) {
      const now = this.options.clock();
      this.counters[call.tool] = countCall(this.counters[call.tool], limits, now);
      this.options.state.save(this.counters);
    }
    this.pending.set(idKey(id), { id, method: 'tools/call', call });
    this.toServer(line, message, id);
  }

  private refuse(id: JsonRpcId, call: CallInFlight, text: string, window?: RateLimitWindow): void {
    this.toClient(resultResponse(id, {
      content: [{ type: 'text', text }],
      isError: true,
      _meta: { [VERDICT_META_KEY]: { decision: call.decision, reason: call.reason } },
    }));
    this.audit(call, 'blocked', window);
  }

  private async askPerson(id: JsonRpcId, call: CallInFlight, args: unknown, line: string, message: Record<string, unknown>): Promise<void> {
    const guardId = this.newOwnId();
    const key = idKey(id);
    this.approvals.set(key, { id, call, guardId });
    const question = describeApproval(this.options.serverKey, call.verdict!, JSON.stringify(args ?? {}));
    const response = await this.requestClient(buildApprovalRequest(guardId, question));
    // Cancelled by the client, or the session ended, while the person was deciding.
    if (!this.approvals.delete(key) || this.closing) return;
    const answer = readApprovalAnswer(response);
    if (!answer.accepted) {
      this.refuse(id, { ...call, decision: 'declined', reason: `${answer.detail}; ${call.reason}` }, `mcp-risk guard did not call "${toTerminalText(call.tool, 80)}": ${answer.detail}.`);
      return;
    }
    // Other calls may have spent the budget while the person was deciding.
    const now = this.options.clock();
    const again = decideCall({ tool: call.tool, verdict: call.verdict, counters: this.counters[call.tool], now, clientCanAsk: true });
    if (again.kind === 'refuse') {
      this.refuse(id, { ...call, decision: again.decision, reason: again.reason }, again.message, again.window);
      return;
    }
    this.forwardCall(id, { ...call, decision: 'approved', reason: `${answer.detail}; ${call.reason}` }, line, message);
  }

  private cancelledByClient(message: Record<string, unknown>): boolean {
    const requestId = (message.params as { requestId?: unknown } | undefined)?.requestId;
    if (typeof requestId !== 'string' && typeof requestId !== 'number') return false;
    const key = idKey(requestId);
    const approval = this.approvals.get(key);
    if (approval) {
      // The server never heard of this call: end the question and record it; nothing to forward.
      this.approvals.delete(key);
      this.ownRequests.delete(idKey(approval.guardId));
      this.toClient(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: approval.guardId, reason: 'the call was cancelled' } }));
      this.audit({ ...approval.call, decision: 'declined', reason: `the client cancelled the call before a person answered; ${approval.call.reason}` }, 'cancelled');
      return true;
    }
    const pending = this.pending.get(key);
    if (pending?.call) {
      this.pending.delete(key);
      this.audit(pending.call, 'cancelled');
    }
    return false;
  }

  // ── server → client ────────────────────────────────────────────────────────

  private fromServer(line: string): void {
    if (this.closing) return;
    const sorted = sortLine(line);
    switch (sorted.kind) {
      case 'invalid': {
        this.problem(`the server sent a message that is not valid JSON-RPC (${sorted.reason}); it was not forwarded: ${toTerminalText(line, 120)}`);
        if (sorted.id !== undefined && this.pending.has(idKey(sorted.id))) {
          this.answerWithError(sorted.id, `mcp-risk guard: the server answered with something that is not valid JSON-RPC (${sorted.reason}).`);
        }
        return;
      }
      case 'response': {
        const key = idKey(sorted.id);
        const own = this.ownRequests.get(key);
        if (own && typeof sorted.id === 'string' && sorted.id.startsWith(GUARD_ID_PREFIX)) {
          this.ownRequests.delete(key);
          own(sorted.message);
          return;
        }
        const pending = this.pending.get(key);
        if (!pending) {
          this.toClient(line);
          return;
        }
        this.pending.delete(key);
        if (pending.call) {
          this.toClient(line);
          this.audit(pending.call, outcomeOf(sorted.message));
        } else if (pending.method === 'initialize') {
          void this.serverInitialized(pending, line, sorted.message);
        } else if (pending.method === 'tools/list') {
          this.clientListAnswered(pending, line, sorted.message);
        } else {
          this.toClient(line);
        }
        return;
      }
      case 'notification':
        if (sorted.method === 'notifications/tools/list_changed') {
          // The client hears about the change only once the new list has been checked.
          void this.refreshTools().then(() => this.toClient(line));
          return;
        }
        this.toClient(line);
        return;
      case 'request':
        this.toClient(line);
    }
  }

  private async serverInitialized(pending: PendingRequest, line: string, message: Record<string, unknown>): Promise<void> {
    const result = message.result as { protocolVersion?: unknown; capabilities?: unknown; serverInfo?: { name?: unknown; version?: unknown } } | undefined;
    if (!result || typeof result !== 'object') {
      this.toClient(line);
      this.releaseQueued();
      return;
    }
    const protocolVersion = typeof result.protocolVersion === 'string' ? result.protocolVersion : '';
    const capabilities = (typeof result.capabilities === 'object' && result.capabilities !== null ? result.capabilities : {}) as Record<string, unknown>;
    const serverInfo = { name: String(result.serverInfo?.name ?? ''), version: String(result.serverInfo?.version ?? '') };
    if (protocolVersion) this.upstream.setProtocolVersion?.(protocolVersion);
    this.sentInitialized = true;
    const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
    this.toServer(JSON.stringify(initialized), initialized);

    let items: unknown[] = [];
    let truncated = false;
    if (capabilities.tools !== undefined) {
      try {
        ({ items, truncated } = await this.fetchToolList());
      } catch (error) {
        // The client left (or a signal came) while the list was read: that is a shutdown, not a refusal.
        if (this.stopping || this.closing) return;
        await this.refuseToStart(pending.id, `mcp-risk guard could not read the server's tool list at start: ${(error as Error).message}`);
        return;
      }
    }
    if (this.closing || this.stopping) return;
    const decision = decideStartPolicy({
      ...(this.options.policy && { policy: this.options.policy }),
      policySource: this.options.policySource,
      ...(this.options.rules && { rules: this.options.rules }),
      allowChanged: this.options.allowChanged,
      server: { target: this.options.target, targetKind: this.options.targetKind, serverKey: this.options.serverKey, serverInfo, protocolVersion, capabilities },
      items,
      truncated,
      maxListPages: this.options.maxListPages,
      now: this.options.clock(),
    });
    if (decision.kind === 'refuse') {
      await this.refuseToStart(pending.id, decision.message);
      return;
    }
    this.policy = decision.policy;
    this.applyToolList(items, true);
    const summary = summarize([...this.verdicts.values()]);
    this.options.log(`mcp-risk guard: policy: ${this.options.policySource}; ${summary}`);
    for (const note of decision.notes) this.options.log(`mcp-risk guard: note: ${note}`);
    this.options.audit.append({ event: 'session', time: this.isoNow(), server: this.options.serverKey, phase: 'start', detail: `policy: ${this.options.policySource}; ${summary}` });
    this.toClient(line);
    this.releaseQueued();
  }

  /** Handles, in order, what the client sent while the guard was checking the tool list. */
  private releaseQueued(): void {
    const queued = this.starting?.queued ?? [];
    this.starting = undefined;
    for (const line of queued) this.fromClient(line);
  }

  private clientListAnswered(pending: PendingRequest, line: string, message: Record<string, unknown>): void {
    const result = message.result as { tools?: unknown } | undefined;
    if (!result || !Array.isArray(result.tools)) {
      this.toClient(line);
      return;
    }
    // Without a policy (the client listed before initializing) nothing was reviewed, so nothing is shown.
    if (!this.policy) {
      this.toClient(resultResponse(pending.id, { ...result, tools: [] }));
      return;
    }
    const reviewed = reviewToolList(result.tools, this.policy);
    for (const verdict of reviewed.verdicts) this.verdicts.set(verdict.name, verdict);
    for (const report of reviewed.reports) this.report(report);
    this.toClient(resultResponse(pending.id, { ...result, tools: reviewed.tools }));
  }

  private applyToolList(items: readonly unknown[], replace: boolean): void {
    if (!this.policy) return;
    const reviewed = reviewToolList(items, this.policy);
    if (replace) this.verdicts = new Map();
    for (const verdict of reviewed.verdicts) this.verdicts.set(verdict.name, verdict);
    for (const report of reviewed.reports) this.report(report);
  }

  private refreshTools(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        const { items } = await this.fetchToolList();
        this.applyToolList(items, true);
      } catch (error) {
        this.problem(`could not read the tool list again after list_changed: ${(error as Error).message}; the last checked list still applies`);
      } finally {
        this.refreshing = undefined;
      }
    })();
    return this.refreshing;
  }

  private async fetchToolList(): Promise<{ items: unknown[]; truncated: boolean }> {
    const items: unknown[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await this.requestServer('tools/list', cursor === undefined ? {} : { cursor });
      if (response.error !== undefined) throw new Error(`the server answered tools/list with an error: ${toTerminalText(JSON.stringify(response.error), 200)}`);
      const result = response.result as { tools?: unknown; nextCursor?: unknown } | undefined;
      if (!result || !Array.isArray(result.tools)) throw new Error('the server answered tools/list without a tools array');
      items.push(...result.tools);
      cursor = typeof result.nextCursor === 'string' && result.nextCursor !== '' ? result.nextCursor : undefined;
      pages++;
    } while (cursor !== undefined && pages < this.options.maxListPages);
    return { items, truncated: cursor !== undefined };
  }

  private async refuseToStart(id: JsonRpcId, text: string): Promise<void> {
    this.options.log(text);
    this.options.audit.append({ event: 'session', time: this.isoNow(), server: this.options.serverKey, phase: 'refused', detail: text });
    this.toClient(errorResponse(id, RPC_ERROR.internalError, text));
    this.closing = true;
    await this.upstream.stop();
    await this.finish(EXIT_REFUSED, 'refused to start');
  }

  // ── the guard's own requests ───────────────────────────────────────────────

  private newOwnId(): string {
    return `${GUARD_ID_PREFIX}${this.nextOwnId++}`;
  }

  private requestServer(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.newOwnId();
    const message = { jsonrpc: '2.0', id, method, params };
    return new Promise((resolveResponse, rejectResponse) => {
      const timer = setTimeout(() => {
        this.ownRequests.delete(idKey(id));
        rejectResponse(new Error(`the server did not answer ${method} within ${this.options.requestTimeoutMs} ms`));
      }, this.options.requestTimeoutMs);
      this.ownRequests.set(idKey(id), (response) => {
        clearTimeout(timer);
        resolveResponse(response);
      });
      try {
        const sent = this.upstream.send(JSON.stringify(message), message);
        if (sent) sent.catch((error: unknown) => this.ownRequests.get(idKey(id))?.({ error: { message: (error as Error).message } }));
      } catch (error) {
        this.ownRequests.get(idKey(id))?.({ error: { message: (error as Error).message } });
      }
    });
  }

  private requestClient(message: { id: string }): Promise<Record<string, unknown>> {
    return new Promise((resolveResponse) => {
      this.ownRequests.set(idKey(message.id), resolveResponse);
      this.toClient(JSON.stringify(message));
    });
  }

  // ── failures ───────────────────────────────────────────────────────────────

  private oversizeFromClient(line: OversizeLine): void {
    const limit = this.options.maxMessageBytes;
    this.problem(`the client sent a message of ${line.bytes} bytes, over the limit of ${limit} (--max-message-bytes); it was not forwarded`);
    const id = findIdsInFragments(line.head, line.tail)[0];
    this.toClient(errorResponse(id ?? null, RPC_ERROR.invalidRequest, `mcp-risk guard: the message was ${line.bytes} bytes, over the guard's limit of ${limit}; it was not forwarded.`));
  }

  private oversizeFromServer(line: OversizeLine): void {
    const limit = this.options.maxMessageBytes;
    this.problem(`the server sent a message of ${line.bytes} bytes, over the limit of ${limit} (--max-message-bytes); it was dropped`);
    const id = findIdsInFragments(line.head, line.tail).find((candidate) => this.pending.has(idKey(candidate)));
    if (id !== undefined) this.answerWithError(id, `mcp-risk guard: the server's answer was ${line.bytes} bytes, over the guard's limit of ${limit} (--max-message-bytes); it was dropped.`, 'error');
  }

  private answerWithError(id: JsonRpcId, text: string, outcome: GuardOutcome = 'error'): void {
    const key = idKey(id);
    const pending = this.pending.get(key);
    this.pending.delete(key);
    this.toClient(errorResponse(id, RPC_ERROR.connectionClosed, text));
    if (pending?.call) this.audit(pending.call, outcome);
  }

  private async serverExited(exit: UpstreamExit): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const status = exitStatusOf(exit);
    const why = exit.detail ?? `the server exited with status ${status}${exit.signal ? ` (${exit.signal})` : ''}`;
    const waiting = this.pending.size + this.approvals.size;
    this.options.log(`mcp-risk guard: ${why}${waiting ? `; ${waiting} request${waiting === 1 ? ' was' : 's were'} waiting for an answer and got an error` : ''}`);
    for (const pending of [...this.pending.values()]) this.answerWithError(pending.id, `mcp-risk guard: ${why} before answering.`, 'server_exited');
    for (const approval of this.approvals.values()) {
      this.toClient(errorResponse(approval.id, RPC_ERROR.connectionClosed, `mcp-risk guard: ${why} before the call could run.`));
      this.audit({ ...approval.call, decision: 'declined', reason: `${why} while a person was asked; ${approval.call.reason}` }, 'server_exited');
    }
    this.approvals.clear();
    for (const own of this.ownRequests.values()) own({ error: { message: why } });
    this.ownRequests.clear();
    await this.finish(status, why);
  }

  private async clientGone(): Promise<void> {
    await this.shutdown('the client closed the connection');
  }

  private async finish(code: number, detail: string): Promise<void> {
    this.options.audit.append({ event: 'session', time: this.isoNow(), server: this.options.serverKey, phase: 'stop', detail: `${detail} (exit status ${code})` });
    this.downstream.input.removeAllListeners('data');
    this.downstream.input.pause();
    await this.options.state.flush();
    await this.options.audit.close();
    this.resolveDone(code);
  }

  // ── output ─────────────────────────────────────────────────────────────────

  private toClient(line: string): void {
    this.downstream.output.write(`${line}\n`);
  }

  private audit(call: CallInFlight, outcome: GuardOutcome, window?: RateLimitWindow): void {
    const endedMonotonic = performance.now();
    this.options.audit.append(shapeCallLine({
      server: this.options.serverKey,
      tool: call.tool,
      action: call.verdict?.action,
      decision: call.decision,
      reason: call.reason || 'the tool is not in the list the guard showed this client',
      argumentsSha256: call.argumentsSha256,
      ...(call.arguments !== undefined && { arguments: call.arguments }),
      startedAt: call.startedAt,
      endedAt: call.startedAt + (endedMonotonic - call.startedMonotonic),
      outcome,
      ...(window && { window }),
    }));
  }

  private report(report: ToolReport): void {
    const key = `${report.change}\u0000${report.tool}\u0000${report.pin ?? ''}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.options.log(`mcp-risk guard: tool "${toTerminalText(report.tool, 60)}": ${report.detail}`);
    this.options.audit.append({
      event: 'tool',
      time: this.isoNow(),
      server: this.options.serverKey,
      tool: report.tool,
      change: report.change,
      action: this.policy?.defaultAction ?? 'deny',
      ...(report.pin && { pin: report.pin }),
      ...(report.expectedPin && { expectedPin: report.expectedPin }),
      detail: report.detail,
    });
  }

  private problem(text: string): void {
    this.problemsLogged++;
    if (this.problemsLogged <= MAX_LOGGED_PROBLEMS) this.options.log(`mcp-risk guard: ${text}`);
    else if (this.problemsLogged === MAX_LOGGED_PROBLEMS + 1) this.options.log('mcp-risk guard: further problems of this kind are not shown');
  }

  private isoNow(): string {
    return new Date(this.options.clock()).toISOString();
  }
}

/** True when `initialize` params declare form elicitation (an empty `elicitation` object means form, per the spec). */
function declaresFormElicitation(params: unknown): boolean {
  const elicitation = (params as { capabilities?: { elicitation?: unknown } } | undefined)?.capabilities?.elicitation;
  if (typeof elicitation !== 'object' || elicitation === null) return false;
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

function summarize(verdicts: readonly ToolVerdict[]): string {
  const count = (action: string) => verdicts.filter((verdict) => verdict.action === action).length;
  return `${countOf(verdicts.length, 'tool')}: ${count('allow')} allowed, ${count('approve')} need approval, ${count('deny')} denied`;
}
