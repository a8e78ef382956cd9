import { countOf, toTerminalText } from '../core/terminal-text.ts';
import type { GuardOutcome } from '../schemas/guard-audit.ts';
import { errorResponse, idKey, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import { buildApprovalRequest, readApprovalAnswer } from './mcp-sdk.ts';
import type { OwnRequests } from './own-requests.ts';
import type { CallInFlight, SessionRecord } from './session-record.ts';
import type { ToolVerdict } from './tool-verdicts.ts';

/** The most characters of one argument's value a question shows; the rest is cut, and the cut said. */
const MAX_VALUE_SHOWN = 300;

/** One argument value as JSON, escaped for display and cut at MAX_VALUE_SHOWN, saying so. */
function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  if (text.length <= MAX_VALUE_SHOWN) return toTerminalText(text, Number.POSITIVE_INFINITY);
  return `${toTerminalText(text.slice(0, MAX_VALUE_SHOWN), Number.POSITIVE_INFINITY)}… (cut: ${countOf(text.length, 'character')} in all)`;
}

/**
 * The question a person sees for an `approve` tool: which tool, every argument on its own line (so padding one
 * cannot push another out of sight), each value escaped (no bidi or line-separator tricks) and cut, and why it asks.
 */
export function describeApproval(server: string, verdict: ToolVerdict, args: unknown): string {
  const entries = typeof args === 'object' && args !== null && !Array.isArray(args) ? Object.entries(args) : args === undefined ? [] : [['(arguments)', args] as const];
  const shown = entries.length ? entries.map(([key, value]) => `  ${toTerminalText(key, 80)}: ${showValue(value)}`) : ['  (none)'];
  return [
    `Allow the tool "${toTerminalText(verdict.name, 80)}" of the MCP server "${toTerminalText(server, 60)}" to run?`,
    `Arguments (${countOf(entries.length, 'key')}):`,
    ...shown,
    `Why mcp-risk asks: ${verdict.reason}`,
    'Accept to run it once; decline to refuse it.',
  ].join('\n');
}

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
    const request = buildApprovalRequest(questionId, describeApproval(this.serverKey, call.verdict!, args));
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

