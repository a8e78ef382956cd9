import type { GuardOutcome } from '../schemas/guard-audit.ts';
import { errorResponse, idKey, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import type { CallInFlight, SessionRecord } from './session-record.ts';

/** A client request the guard forwarded and the server has yet to answer. */
export interface ForwardedRequest {
  id: JsonRpcId;
  method: string;
  /** Set for a `tools/call`: its audit line is written when the answer comes (or never will). */
  call?: CallInFlight;
}

/** The client's requests waiting for the server, by id: each is answered once, and each call gets its audit line. */
export class ForwardedRequests {
  private readonly waiting = new Map<string, ForwardedRequest>();

  constructor(private readonly toClient: (line: string) => void, private readonly record: SessionRecord) {}

  get size(): number {
    return this.waiting.size;
  }

  add(request: ForwardedRequest): void {
    this.waiting.set(idKey(request.id), request);
  }

  has(id: JsonRpcId): boolean {
    return this.waiting.has(idKey(id));
  }

  /** The request `id` answers, no longer waiting. */
  take(id: JsonRpcId): ForwardedRequest | undefined {
    const key = idKey(id);
    const request = this.waiting.get(key);
    this.waiting.delete(key);
    return request;
  }

  /** Answers the client in the server's stead with an error, and records the call when it was one. */
  fail(id: JsonRpcId, text: string, outcome: GuardOutcome = 'error'): void {
    const request = this.take(id);
    this.toClient(errorResponse(id, RPC_ERROR.connectionClosed, text));
    if (request?.call) this.record.call(request.call, outcome);
  }

  /** The client cancelled request `id`: a call is recorded as cancelled now (its late answer is not audited again). */
  cancel(id: JsonRpcId): void {
    const request = this.waiting.get(idKey(id));
    if (!request?.call) return;
    this.waiting.delete(idKey(id));
    this.record.call(request.call, 'cancelled');
  }

  /** Fails every waiting request with the same text. */
  failAll(text: string, outcome: GuardOutcome): void {
    for (const request of [...this.waiting.values()]) this.fail(request.id, text, outcome);
  }

  /** Forgets every waiting request (the client is gone), recording the calls among them as cancelled. */
  cancelAll(): void {
    for (const request of this.waiting.values()) if (request.call) this.record.call(request.call, 'cancelled');
    this.waiting.clear();
  }
}
