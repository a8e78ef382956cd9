import type { GuardOutcome } from '../schemas/guard-audit.ts';
import { errorResponse, idKey, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import { describeApproval } from './decide-call.ts';
import { buildApprovalRequest, readApprovalAnswer } from './mcp-sdk.ts';
import type { OwnRequests } from './own-requests.ts';
import type { CallInFlight, SessionRecord } from './session-record.ts';

/** A call waiting for a person, by the client's request id. */
export interface WaitingApproval {
  id: JsonRpcId;
  call: CallInFlight;
  questionId: string;
}

/**
 * Calls of `approve` tools waiting for a person: the question goes to the client as the guard's own elicitation
 * request, and only the client's answer to it settles the call. The client may cancel the call meanwhile.
 */
export class Approvals {
  private readonly waiting = new Map<string, WaitingApproval>();

  constructor(private readonly own: OwnRequests, private readonly toClient: (line: string) => void, private readonly record: SessionRecord, private readonly serverKey: string) {}

  get size(): number {
    return this.waiting.size;
  }

  /** Asks the person; resolves with their answer, or undefined when the call was withdrawn meanwhile. */
  async ask(id: JsonRpcId, call: CallInFlight, args: unknown): Promise<{ accepted: boolean; detail: string } | undefined> {
    const questionId = this.own.newId();
    const key = idKey(id);
    this.waiting.set(key, { id, call, questionId });
    const request = buildApprovalRequest(questionId, describeApproval(this.serverKey, call.verdict!, JSON.stringify(args ?? {})));
    const response = await this.own.request('client', request, () => this.toClient(JSON.stringify(request)));
    if (!this.waiting.delete(key)) return undefined;
    return readApprovalAnswer(response);
  }

  /** The client cancelled request `requestId`: if a person was being asked about it, the question ends and the call is recorded. */
  cancel(requestId: JsonRpcId): boolean {
    const key = idKey(requestId);
    const approval = this.waiting.get(key);
    if (!approval) return false;
    this.waiting.delete(key);
    this.own.forget('client', approval.questionId);
    this.toClient(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: approval.questionId, reason: 'the call was cancelled' } }));
    this.record.call({ ...approval.call, decision: 'declined', reason: `the client cancelled the call before a person answered; ${approval.call.reason}` }, 'cancelled');
    return true;
  }

  /** Ends every wait because `why` (the session is ending), recording each call; `answer` also tells the client. */
  endAll(why: string, outcome: GuardOutcome, answer: boolean): void {
    for (const { id, call } of this.waiting.values()) {
      if (answer) this.toClient(errorResponse(id, RPC_ERROR.connectionClosed, `mcp-risk guard: ${why} before the call could run.`));
      this.record.call({ ...call, decision: 'declined', reason: `${why} while a person was asked; ${call.reason}` }, outcome);
    }
    this.waiting.clear();
  }
}

