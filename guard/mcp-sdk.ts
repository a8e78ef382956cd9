/**
 * The guard's uses of the MCP SDK (through core/mcp-sdk.ts): the Streamable HTTP client transport and the shapes
 * of the approval messages the guard writes itself. The guard forwards raw JSON-RPC lines and parses only what it
 * decides on.
 */
import { ElicitResultSchema, StreamableHTTPClientTransport, type ElicitRequest } from '../core/mcp-sdk.ts';
import { createCappedFetch } from '../scanner/capped-fetch.ts';
import type { Upstream, UpstreamExit, UpstreamHandlers } from './upstream.ts';

/** The `elicitation/create` request that asks a person to accept or decline one call (form mode, no fields). */
export function buildApprovalRequest(id: string, message: string): { jsonrpc: '2.0'; id: string } & ElicitRequest {
  return { jsonrpc: '2.0', id, method: 'elicitation/create', params: { message, requestedSchema: { type: 'object', properties: {} } } };
}

/** The person's answer: accepted, or not (declined, cancelled, or an answer the guard cannot read, with why). */
export function readApprovalAnswer(response: Record<string, unknown>): { accepted: boolean; detail: string } {
  if (response.error !== undefined) {
    const message = (response.error as { message?: unknown } | null)?.message;
    return { accepted: false, detail: `the client could not ask: ${typeof message === 'string' ? message : 'an error without a message'}` };
  }
  const parsed = ElicitResultSchema.safeParse(response.result);
  if (!parsed.success) return { accepted: false, detail: 'the client answered the approval request with something that is not an elicitation result' };
  if (parsed.data.action === 'accept') return { accepted: true, detail: 'a person accepted the call' };
  return { accepted: false, detail: parsed.data.action === 'decline' ? 'a person declined the call' : 'the person dismissed the question without accepting' };
}

/** The JSON-RPC id of the message a request carried, as text the session can find (`{"id":…}`). */
function idTextOf(body: unknown): string {
  if (typeof body !== 'string') return '';
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return id === undefined ? '' : JSON.stringify({ id });
  } catch {
    return '';
  }
}

/**
 * A remote server over Streamable HTTP. Headers go on every request and are never printed or logged. Every response
 * body is read through the scanner's capped reader: a plain answer or one event of a stream longer than
 * `maxMessageBytes` is cut off there (never buffered whole) and reported as oversize, as a long stdio line is.
 */
export class HttpUpstream implements Upstream {
  private readonly transport: StreamableHTTPClientTransport;
  private handlers: UpstreamHandlers | undefined;
  private ended = false;

  constructor(url: URL, headers: Record<string, string>, private readonly maxMessageBytes: number) {
    // One cap per request, so cutting off one answer leaves the other requests (and the session) alone.
    const cappedFetch: typeof fetch = (input, init) => {
      const capped = createCappedFetch(this.maxMessageBytes);
      void capped.limitHit.then((error) => this.handlers?.oversize({ bytes: error.bytes, head: idTextOf(init?.body), tail: '' }));
      return capped.fetch(input, init);
    };
    this.transport = new StreamableHTTPClientTransport(url, { requestInit: { headers, redirect: 'error' }, fetch: cappedFetch });
  }

  async start(handlers: UpstreamHandlers): Promise<void> {
    this.handlers = handlers;
    this.transport.onmessage = (message) => handlers.message(JSON.stringify(message));
    this.transport.onclose = () => this.end({ code: null, signal: null, detail: 'the connection to the remote server closed' });
    // Stream errors (a dropped GET stream) are retried by the transport; failed POSTs reject `send`.
    this.transport.onerror = () => {};
    await this.transport.start();
  }

  async send(_line: string, message: Record<string, unknown>): Promise<void> {
    await this.transport.send(message as never);
  }

  setProtocolVersion(version: string): void {
    this.transport.setProtocolVersion(version);
  }

  async stop(): Promise<UpstreamExit> {
    this.ended = true;
    try {
      await this.transport.terminateSession();
    } catch {
      // A server without sessions answers 405; nothing to end.
    }
    await this.transport.close();
    return { code: 0, signal: null };
  }

  private end(exit: UpstreamExit): void {
    if (this.ended) return;
    this.ended = true;
    this.handlers?.exit(exit);
  }
}
