import { z } from 'zod';
import { DEFAULT_CONTENT_POLICY, inspectServerMessage, type Direction, type MessageInspection } from '../classifier/content/inspect-message.ts';
import { countOf, toTerminalText } from '../core/terminal-text.ts';
import { Approvals } from './approvals.ts';
import { outcomeOf } from './audit-line.ts';
import { describeFindings, refusedServerRequest, withheldAnswer } from './content-verdicts.ts';
import { errorResponse, findIdsInFragments, RPC_ERROR, sortLine, type JsonRpcId } from './json-rpc.ts';
import { LineSplitter, type OversizeLine } from './line-splitter.ts';
import { OwnRequests } from './own-requests.ts';
import { pruneCounters } from './rate-limit.ts';
import type { Downstream, GuardSessionOptions } from './session-options.ts';
import { FlowControl } from './flow-control.ts';
import { ForwardedRequests } from './forwarded-requests.ts';
import { SessionRecord } from './session-record.ts';
import { declaresFormElicitation, startWithServer } from './session-start.ts';
import { ToolCalls } from './tool-calls.ts';
import { GuardToolList } from './tool-list.ts';
import { exitStatusOf } from './upstream-process.ts';
import type { Upstream, UpstreamExit } from './upstream.ts';

/** The exit code when the guard refuses to start (the policy does not fit the server). */
export const EXIT_REFUSED = 3;

const DEFAULT_MAX_LIST_ITEMS = 10_000;
const CancelledParamsSchema = z.looseObject({ requestId: z.union([z.string(), z.number()]) });

/**
 * One client connected to one server through the guard: a router. Lines are forwarded as they came unless the guard
 * must decide on them: `initialize` (the tool list is checked before the client hears back), `tools/list` (filtered),
 * `tools/call` (allowed, asked, denied, budgeted) and `list_changed` (the list is checked again first).
 */
export class GuardSession {
  readonly record: SessionRecord;
  private readonly own = new OwnRequests();
  readonly tools: GuardToolList;
  readonly approvals: Approvals;
  private readonly calls = new ToolCalls(this);
  private sentInitialized = false;
  readonly pending: ForwardedRequests;
  /** Set from the client's `initialize` until the tool list is checked: what the client sends meanwhile waits. */
  private starting: { queued: string[] } | undefined;
  /** Set once the session is over: nothing more is forwarded. */
  private closing = false;
  /** Set while the server is being stopped on purpose (the client went away, or a signal). */
  private stopping = false;
  private readonly flow: FlowControl;
  private resolveDone!: (code: number) => void;
  private readonly done = new Promise<number>((resolveDone) => (this.resolveDone = resolveDone));

  constructor(readonly options: GuardSessionOptions, private readonly upstream: Upstream, private readonly downstream: Downstream) {
    this.record = new SessionRecord(options);
    this.flow = new FlowControl(upstream, downstream, () => this.closing);
    const requestPage = (method: string, cursor: string | undefined) => this.requestServer(method, cursor === undefined ? {} : { cursor });
    this.tools = new GuardToolList(requestPage, { maxPages: options.maxListPages, maxItems: options.maxListItems ?? DEFAULT_MAX_LIST_ITEMS }, this.record);
    this.approvals = new Approvals(this.own, (line) => this.toClient(line), this.record, options.serverKey);
    this.pending = new ForwardedRequests((line) => this.toClient(line), this.record);
  }

  /** Runs until the client goes away, the server exits or the guard refuses to start; resolves with the exit code. */
  async run(): Promise<number> {
    const loaded = await this.options.state.load();
    this.calls.counters = pruneCounters(loaded.counters, this.options.clock());
    if (loaded.problem) this.record.log(loaded.problem);
    await this.upstream.start({ message: (line) => this.fromServer(line), oversize: (line) => this.oversize('server', line), exit: (exit) => void this.serverExited(exit) });
    const splitter = new LineSplitter(this.options.maxMessageBytes, (line) => this.fromClient(line), (line) => this.oversize('client', line));
    const { input } = this.downstream;
    input.on('data', (chunk: Buffer | string) => splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    for (const event of ['end', 'close', 'error']) input.once(event, () => void this.shutdown('the client closed the connection'));
    return this.done;
  }

  isClosing(): boolean {
    return this.closing;
  }

  /** Stops the server and ends the session (a signal, or the client going away). */
  async shutdown(detail: string): Promise<void> {
    if (this.closing || this.stopping) return;
    // While the server winds down (its stdin closed first), what it still writes reaches the client.
    this.stopping = true;
    // A paused server could never be seen to end: read it to the end, whatever the client does.
    this.flow.readServer();
    await this.upstream.stop();
    this.closing = true;
    // Calls still open when the client left are on the record too: every call gets its line.
    this.pending.cancelAll();
    this.approvals.endAll(detail, 'cancelled', false);
    await this.finish(0, detail);
  }

  private fromClient(line: string): void {
    if (this.closing || this.stopping) return;
    if (this.starting) return void this.starting.queued.push(line);
    const sorted = sortLine(line);
    if (sorted.kind === 'invalid') {
      this.record.problem(`the client sent a message that is not valid JSON-RPC (${sorted.reason}); it was not forwarded: ${toTerminalText(line, 120)}`);
      const code = sorted.reason.startsWith('not JSON') ? RPC_ERROR.parseError : RPC_ERROR.invalidRequest;
      return this.toClient(errorResponse(sorted.id ?? null, code, `mcp-risk guard: expected a JSON-RPC 2.0 message, got ${sorted.reason}`));
    }
    if (sorted.kind === 'response') {
      if (!this.own.settle('client', sorted.id, sorted.message)) this.toServer(sorted.message);
      return;
    }
    if (sorted.kind === 'notification') {
      // The guard already told the server it is initialized, so it could check the tool list first.
      if (sorted.method === 'notifications/initialized' && this.sentInitialized) return;
      if (sorted.method === 'notifications/cancelled' && this.cancelledByClient(sorted.message.params)) return;
      if (sorted.method === 'tools/call') return this.calls.dropNotification(sorted.message);
      return this.toServer(sorted.message);
    }
    if (sorted.method === 'tools/call') return void this.calls.handle(sorted.id, sorted.message);
    if (sorted.method === 'initialize') {
      this.calls.clientCanAsk = declaresFormElicitation(sorted.message.params);
      this.starting = { queued: [] };
    }
    this.pending.add({ id: sorted.id, method: sorted.method });
    this.toServer(sorted.message, sorted.id);
  }

  toServer(message: Record<string, unknown>, requestId?: JsonRpcId): void {
    const fail = (error: unknown) => {
      if (requestId !== undefined) this.pending.fail(requestId, `mcp-risk guard could not reach the server: ${error instanceof Error ? error.message : String(error)}`);
    };
    try {
      // What the server reads is exactly what was checked: the parse, re-serialised, never the original bytes.
      const sent = this.upstream.send(JSON.stringify(message), message);
      if (sent) sent.catch(fail);
      this.flow.sentToServer();
    } catch (error) {
      fail(error);
    }
  }

  /** True when the cancelled call was waiting for a person: the server never heard of it, so nothing is forwarded. */
  private cancelledByClient(params: unknown): boolean {
    const cancelled = CancelledParamsSchema.safeParse(params);
    if (!cancelled.success) return false;
    if (this.approvals.cancel(cancelled.data.requestId)) return true;
    this.pending.cancel(cancelled.data.requestId);
    return false;
  }

  private fromServer(line: string): void {
    if (this.closing) return;
    const sorted = sortLine(line);
    if (sorted.kind === 'invalid') {
      this.record.problem(`the server sent a message that is not valid JSON-RPC (${sorted.reason}); it was not forwarded: ${toTerminalText(line, 120)}`);
      if (sorted.id !== undefined && this.pending.has(sorted.id)) this.pending.fail(sorted.id, `mcp-risk guard: the server answered with something that is not valid JSON-RPC (${sorted.reason}).`);
      return;
    }
    if (sorted.kind === 'notification' && sorted.method === 'notifications/tools/list_changed') {
      // The client hears about the change only once the new list has been checked.
      return void this.tools.refresh().then(() => this.toClient(line));
    }
    if (sorted.kind === 'request') return this.fromServerRequest(sorted.id, sorted.method, sorted.message, line);
    if (sorted.kind !== 'response') return this.toClient(line);
    if (this.own.settle('server', sorted.id, sorted.message)) return;
    const pending = this.pending.take(sorted.id);
    // Tool lists are the policy's to judge, tool by tool; every other answer is read by the message checks.
    const inspection = pending?.method === 'tools/list' ? undefined : this.inspect(sorted.message, 'server-to-client', pending?.method ?? 'response');
    if (inspection && !pending?.call) this.record.content(pending?.method ?? 'response', 'server-to-client', inspection);
    const answer = inspection?.verdict === 'block' ? withheldAnswer(sorted.id, sorted.message, pending?.method, inspection.findings) : line;
    if (!pending) return this.toClient(answer);
    if (pending.call) {
      this.toClient(answer);
      this.record.call(pending.call, inspection?.verdict === 'block' ? 'withheld' : outcomeOf(sorted.message), undefined, inspection?.findings);
    } else if (pending.method === 'initialize') {
      void this.serverInitialized(pending.id, answer, sorted.message);
    } else if (pending.method === 'tools/list') {
      this.toClient(this.tools.filterAnswer(pending.id, sorted.message, line));
    } else {
      this.toClient(answer);
    }
  }

  /** A request of the server's own (elicitation, sampling): what it asks of the person or a model is checked first. */
  private fromServerRequest(id: JsonRpcId, method: string, message: Record<string, unknown>, line: string): void {
    const inspection = this.inspect(message, 'server-to-client', method);
    this.record.content(method, 'server-to-client', inspection);
    if (inspection.verdict !== 'block') return this.toClient(line);
    this.toServer(refusedServerRequest(id, inspection.findings));
  }

  /** Runs the message checks; what they find goes on stderr (the caller puts it on the audit record). */
  inspect(message: Record<string, unknown>, direction: Direction, method: string): MessageInspection {
    const inspection = inspectServerMessage(message, direction, this.options.contentPolicy ?? DEFAULT_CONTENT_POLICY);
    if (inspection.verdict === 'pass') return inspection;
    const what = direction === 'client-to-server' ? 'the arguments of' : 'a message for';
    this.record.problem(`${inspection.verdict === 'block' ? 'blocked' : 'warning on'} ${what} ${toTerminalText(method, 40)}: ${toTerminalText(describeFindings(inspection.findings), 300)}`);
    return inspection;
  }

  private async serverInitialized(id: JsonRpcId, line: string, message: Record<string, unknown>): Promise<void> {
    const outcome = await startWithServer(message.result, this.options, this.upstream, this.tools, this.calls.clientCanAsk);
    this.sentInitialized = outcome.kind !== 'unreadable';
    // The client left (or a signal came) while the list was read: that is a shutdown, not a refusal.
    if (this.closing || this.stopping) return;
    if (outcome.kind === 'list-failed') return this.refuseToStart(id, outcome.message);
    if (outcome.kind === 'decided' && outcome.decision.kind === 'refuse') return this.refuseToStart(id, outcome.decision.message);
    if (outcome.kind === 'decided' && outcome.decision.kind === 'start') {
      this.tools.policy = outcome.decision.policy;
      this.tools.apply(outcome.items);
      const summary = this.tools.summarize();
      this.record.log(`policy: ${this.options.policySource}; ${summary}`);
      for (const note of outcome.decision.notes) this.record.log(`note: ${note}`);
      this.record.session('start', `policy: ${this.options.policySource}; ${summary}`);
    }
    this.toClient(line);
    // What the client sent while the tool list was checked, in order.
    const queued = this.starting?.queued ?? [];
    this.starting = undefined;
    for (const queuedLine of queued) this.fromClient(queuedLine);
  }

  private async refuseToStart(id: JsonRpcId, text: string): Promise<void> {
    this.options.log(text);
    this.record.session('refused', text);
    this.toClient(errorResponse(id, RPC_ERROR.internalError, text));
    this.closing = true;
    this.flow.readServer();
    await this.upstream.stop();
    await this.finish(EXIT_REFUSED, 'refused to start');
  }

  private requestServer(method: string, params: Record<string, unknown>): Promise<unknown> {
    const message = { jsonrpc: '2.0', id: this.own.newId(), method, params };
    return this.own.request('server', message, () => this.upstream.send(JSON.stringify(message), message), this.options.requestTimeoutMs).then((response) => {
      if (response.error !== undefined) throw new Error(`the server answered ${method} with an error: ${toTerminalText(JSON.stringify(response.error), 200)}`);
      return response.result;
    });
  }

  private oversize(from: 'client' | 'server', line: OversizeLine): void {
    const limit = this.options.maxMessageBytes;
    this.record.problem(`the ${from} sent a message of ${line.bytes} bytes, over the limit of ${limit} (--max-message-bytes); it was ${from === 'client' ? 'not forwarded' : 'dropped'}`);
    const ids = findIdsInFragments(line.head, line.tail);
    if (from === 'client') return this.toClient(errorResponse(ids[0] ?? null, RPC_ERROR.invalidRequest, `mcp-risk guard: the message was ${line.bytes} bytes, over the guard's limit of ${limit}; it was not forwarded.`));
    const id = ids.find((candidate) => this.pending.has(candidate));
    if (id !== undefined) this.pending.fail(id, `mcp-risk guard: the server's answer was ${line.bytes} bytes, over the guard's limit of ${limit} (--max-message-bytes); it was dropped.`);
  }

  private async serverExited(exit: UpstreamExit): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const status = exitStatusOf(exit);
    const why = exit.detail ?? `the server exited with status ${status}${exit.signal ? ` (${exit.signal})` : ''}`;
    const waiting = this.pending.size + this.approvals.size;
    this.record.log(`${why}${waiting ? `; ${countOf(waiting, 'request')} ${waiting === 1 ? 'was' : 'were'} waiting for an answer and got an error` : ''}`);
    this.pending.failAll(`mcp-risk guard: ${why} before answering.`, 'server_exited');
    this.approvals.endAll(why, 'server_exited', true);
    this.own.failAll(why);
    await this.finish(status, why);
  }

  private async finish(code: number, detail: string): Promise<void> {
    this.record.session('stop', `${detail} (exit status ${code})`);
    this.downstream.input.removeAllListeners('data');
    this.downstream.input.pause();
    await this.options.state.flush();
    await this.options.audit.close();
    this.resolveDone(code);
  }

  toClient(line: string): void {
    this.flow.toClient(line);
  }

}
