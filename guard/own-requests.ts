import { randomUUID } from 'node:crypto';
import { idKey, type JsonRpcId } from './json-rpc.ts';

/** The side of the guard a message came from or goes to. */
export type Peer = 'server' | 'client';

type Settle = (response: Record<string, unknown>) => void;

/**
 * The guard's own requests (the tool list to the server, approval questions to the client) waiting for answers.
 * Each side has its own table, so an answer settles only a request sent to the side it came from; ids are random,
 * so neither side can guess one the guard sent to the other.
 */
export class OwnRequests {
  private readonly waiting: Record<Peer, Map<string, Settle>> = { server: new Map(), client: new Map() };

  /** A fresh id nobody can guess. */
  newId(): string {
    return `mcp-risk-guard-${randomUUID()}`;
  }

  /**
   * Sends `message` with `send` and resolves with the answer from `peer`, or with an error response when sending
   * fails; rejects when `timeoutMs` passes first.
   */
  request(peer: Peer, message: { id: string; method: string }, send: () => Promise<void> | void, timeoutMs?: number): Promise<Record<string, unknown>> {
    const key = idKey(message.id);
    const table = this.waiting[peer];
    return new Promise((resolveAnswer, rejectAnswer) => {
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => {
        table.delete(key);
        rejectAnswer(new Error(`the ${peer} did not answer ${message.method} within ${timeoutMs} ms`));
      }, timeoutMs);
      table.set(key, (response) => {
        clearTimeout(timer);
        table.delete(key);
        resolveAnswer(response);
      });
      const fail = (error: unknown) => table.get(key)?.({ error: { message: error instanceof Error ? error.message : String(error) } });
      try {
        const sent = send();
        if (sent) sent.catch(fail);
      } catch (error) {
        fail(error);
      }
    });
  }

  /** Settles the request `peer` answered; false when the answer is not to one of the guard's requests to that side. */
  settle(peer: Peer, id: JsonRpcId, response: Record<string, unknown>): boolean {
    const settle = this.waiting[peer].get(idKey(id));
    if (!settle) return false;
    settle(response);
    return true;
  }

  /** Stops waiting for an answer (the question was withdrawn). */
  forget(peer: Peer, id: string): void {
    this.waiting[peer].delete(idKey(id));
  }

  /** Ends every wait with an error response saying why. */
  failAll(why: string): void {
    for (const table of Object.values(this.waiting)) {
      for (const settle of [...table.values()]) settle({ error: { message: why } });
      table.clear();
    }
  }
}
