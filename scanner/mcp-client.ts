/**
 * The scanner's MCP client (the SDK itself is reached through core/mcp-sdk.ts only).
 */
import {
  Client,
  ErrorCode,
  JSONRPCMessageSchema,
  McpError,
  PromptSchema,
  ResourceSchema,
  ResourceTemplateSchema,
  SSEClientTransport,
  SseError,
  StreamableHTTPClientTransport,
  StreamableHTTPError,
  ToolSchema,
  UnauthorizedError,
  type JSONRPCMessage,
  type Transport,
} from '../core/mcp-sdk.ts';
import { z } from 'zod';
import { version } from '../core/version.ts';
import { createCappedFetch, RemoteLimitError, type CappedFetch } from './capped-fetch.ts';
import type { ServerProcess } from './server-process.ts';

/** The protocol's own item schemas, used to salvage lists item by item. */
export const itemSchemas = { tools: ToolSchema, prompts: PromptSchema, resources: ResourceSchema, resourceTemplates: ResourceTemplateSchema };

/** What a server said about itself in `initialize`. */
export interface ServerHello {
  name: string;
  version: string;
  title?: string;
  protocolVersion: string;
  capabilities: Record<string, unknown>;
  instructions?: string;
}

/** How a session started: the `initialize` handshake, or `server/discover` (the 2026-07-28 revision dropped initialize). */
export type Handshake = 'initialize' | 'server/discover';

/** A connected server: one page of any list at a time, the result left unvalidated for the probe to salvage. */
export interface McpSession {
  hello: ServerHello;
  /** The protocol revision spoken and how it was agreed. */
  protocol: { version: string; handshake: Handshake };
  requestPage(method: string, cursor: string | undefined, timeoutMs: number): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Why a request or connection failed, in the terms the outcome needs. */
export type ClientFailure =
  | { kind: 'timeout'; message: string }
  | { kind: 'closed'; message: string }
  | { kind: 'http'; status: number; message: string }
  | { kind: 'unreachable'; message: string }
  /** `limit` names the cap a remote server's message broke, when that is why. */
  | { kind: 'protocol'; message: string; limit?: 'maxMessageBytes' }
  /** The server answered the request with a JSON-RPC error of its own. */
  | { kind: 'server_error'; message: string };

// The errors the SDK raises itself, by their message; the same codes in a server's answer are the server's.
const SDK_OWN_ERRORS = new Set(['Request timed out', 'Maximum total timeout exceeded', 'Connection closed', 'Request was cancelled']);

// Any page shape is accepted here; the probe checks each field and each item itself.
const AnyResultSchema = z.looseObject({});

/**
 * Records the negotiated protocol version, which the SDK's Client hands only to its transport. While
 * `holdOpen` is set, closing it leaves the connection (and the server process) alive, so a failed
 * `initialize` can be followed by `server/discover` on the same connection. A second wrapper around the
 * same connection does not start it again.
 */
class RecordingTransport implements Transport {
  protocolVersion: string | undefined;
  holdOpen = false;
  /** Set to make the SDK's Client skip `initialize` (it does so for a transport that already has a session). */
  sessionId?: string;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];

  constructor(private readonly inner: Transport, private readonly alreadyStarted = false) {}

  async start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message, extra) => this.onmessage?.(message, extra);
    if (!this.alreadyStarted) await this.inner.start();
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    return this.inner.send(message, options);
  }

  close(): Promise<void> {
    return this.holdOpen ? Promise.resolve() : this.inner.close();
  }

  setProtocolVersion(protocolVersion: string): void {
    this.protocolVersion = protocolVersion;
    this.inner.setProtocolVersion?.(protocolVersion);
  }
}

/** The SDK transport over a ServerProcess: it sees only complete, size-capped lines. */
class ServerProcessTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  /** Lines that were JSON but not JSON-RPC. */
  invalidMessages = 0;

  constructor(private readonly server: ServerProcess) {}

  async start(): Promise<void> {
    this.server.onLine = (line) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        this.server.nonJsonLines++;
        return;
      }
      const message = JSONRPCMessageSchema.safeParse(parsed);
      if (message.success) this.onmessage?.(message.data);
      else this.invalidMessages++;
    };
    void this.server.exited.then(() => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.server.write(JSON.stringify(message));
  }

  async close(): Promise<void> {
    await this.server.kill();
  }
}

function createClient(): Client {
  return new Client({ name: 'mcp-risk', version }, { capabilities: {} });
}

/** A step of the exchange (initialize and what follows it, one list page) took longer than its timeout. */
class DeadlineError extends Error {
  constructor(milliseconds: number) {
    super(`Request timed out after ${milliseconds} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Bounds a whole step, not only the wait for its answer: the SDK's own timeout does not cover sending the
 * `initialized` notification or a body that trickles in. A broken size cap ends the step at once, as itself.
 */
async function bounded<T>(operation: Promise<T>, milliseconds: number, guard: CappedFetch | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new DeadlineError(milliseconds)), milliseconds)));
  const limit = guard ? guard.limitHit.then((error) => Promise.reject(error)) : undefined;
  operation.catch(() => undefined);
  limit?.catch(() => undefined);
  try {
    return await Promise.race([operation, deadline, ...(limit ? [limit] : [])]);
  } catch (error) {
    throw guard?.hit ?? error;
  } finally {
    clearTimeout(timer);
  }
}

function sessionOf(client: Client, hello: ServerHello, handshake: Handshake, guard: CappedFetch | undefined, close: () => Promise<void>): McpSession {
  return {
    hello,
    protocol: { version: hello.protocolVersion, handshake },
    async requestPage(method, cursor, requestTimeoutMs) {
      return bounded(client.request({ method, params: cursor === undefined ? {} : { cursor } } as never, AnyResultSchema, { timeout: requestTimeoutMs }), requestTimeoutMs, guard);
    },
    close,
  };
}


/** True when the server itself answered "method not found", as a server without `initialize` does. */
function isMethodNotFound(error: unknown): boolean {
  return error instanceof McpError && error.code === ErrorCode.MethodNotFound && !SDK_OWN_ERRORS.has(error.message.replace(/^MCP error -?\d+: /, ''));
}

// server/discover is newer than SDK 1.32.2, so its result is read field by field, keeping what is there.
const DiscoverResultSchema = z.looseObject({
  protocolVersion: z.string().optional(),
  supportedVersions: z.array(z.string()).optional(),
  protocolVersions: z.array(z.string()).optional(),
  serverInfo: z.looseObject({ name: z.string().optional(), version: z.string().optional(), title: z.string().optional() }).optional(),
  capabilities: z.record(z.string(), z.unknown()).optional(),
  instructions: z.string().optional(),
});

/** The revision that replaced the initialize handshake with server/discover. */
export const DISCOVER_PROTOCOL_VERSION = '2026-07-28';

/**
 * Asks a server that refused `initialize` with method-not-found for `server/discover` on the same connection,
 * through a second SDK Client that skips `initialize`. Undefined when the server does not know that either.
 */
async function discover(transport: Transport, timeoutMs: number, guard: CappedFetch | undefined, close: () => Promise<void>): Promise<McpSession | undefined> {
  const discovering = new RecordingTransport(transport, true);
  discovering.sessionId = 'server/discover';
  const client = createClient();
  await client.connect(discovering);
  let result: z.infer<typeof DiscoverResultSchema>;
  try {
    result = DiscoverResultSchema.parse(await bounded(client.request({ method: 'server/discover', params: {} } as never, AnyResultSchema, { timeout: timeoutMs }), timeoutMs, guard));
  } catch (error) {
    if (isMethodNotFound(error)) return undefined;
    throw error;
  }
  const versions = result.supportedVersions ?? result.protocolVersions ?? [];
  const version = result.protocolVersion ?? (versions.includes(DISCOVER_PROTOCOL_VERSION) ? DISCOVER_PROTOCOL_VERSION : versions[0]) ?? DISCOVER_PROTOCOL_VERSION;
  const info = result.serverInfo ?? {};
  const hello: ServerHello = {
    name: info.name ?? '',
    version: info.version ?? '',
    ...(info.title !== undefined && { title: info.title }),
    protocolVersion: version,
    capabilities: { ...(result.capabilities ?? {}) },
    ...(result.instructions !== undefined && { instructions: result.instructions }),
  };
  return sessionOf(client, hello, 'server/discover', guard, async () => {
    await client.close().catch(() => undefined);
    await close();
  });
}

/**
 * Starts a session: `initialize`, or `server/discover` when the server answers initialize with method-not-found.
 * Whatever happens, a failed connect leaves nothing open: the client, the transport and (for a remote) every
 * request in flight are closed, so a reconnecting SSE stream cannot keep the process alive.
 */
async function connect(transport: Transport, timeoutMs: number, guard?: CappedFetch): Promise<McpSession> {
  const recording = new RecordingTransport(transport);
  recording.holdOpen = true;
  const client = createClient();
  let closed: Promise<void> | undefined;
  const closeAll = () => (closed ??= (async () => {
    guard?.abort();
    await client.close().catch(() => undefined);
    await transport.close().catch(() => undefined);
  })());
  try {
    await bounded(client.connect(recording, { timeout: timeoutMs }), timeoutMs, guard);
  } catch (error) {
    const discovered = isMethodNotFound(error) ? await discover(transport, timeoutMs, guard, closeAll).catch(async (discoverError: unknown) => {
      await closeAll();
      throw discoverError;
    }) : undefined;
    if (discovered) return discovered;
    await closeAll();
    throw error;
  }
  recording.holdOpen = false;
  const info = client.getServerVersion();
  const instructions = client.getInstructions();
  const hello: ServerHello = {
    name: info?.name ?? '',
    version: info?.version ?? '',
    ...(typeof info?.title === 'string' && { title: info.title }),
    protocolVersion: recording.protocolVersion ?? '',
    capabilities: { ...(client.getServerCapabilities() ?? {}) },
    ...(instructions !== undefined && { instructions }),
  };
  return sessionOf(client, hello, 'initialize', guard, closeAll);
}

/** Initializes an MCP session over a launched server's stdio. */
export function connectToProcess(server: ServerProcess, timeoutMs: number): Promise<McpSession> {
  return connect(new ServerProcessTransport(server), timeoutMs);
}

/** The limits a remote exchange runs under. */
export interface RemoteLimits {
  /** For initialize and everything up to a usable session, both transports tried included. */
  startTimeoutMs: number;
  /** The largest response body, or SSE event, accepted. */
  maxMessageBytes: number;
}

/**
 * Initializes an MCP session with a remote server: streamable HTTP first, SSE when that is refused with a 4xx.
 * Every response body and SSE event is capped at `maxMessageBytes`; the whole start counts against `startTimeoutMs`.
 */
export async function connectToRemote(url: string, transport: 'auto' | 'streamable-http' | 'sse', limits: RemoteLimits): Promise<McpSession & { transport: 'streamable-http' | 'sse' }> {
  const endpoint = new URL(url);
  const startedAt = performance.now();
  if (transport !== 'sse') {
    const guard = createCappedFetch(limits.maxMessageBytes);
    try {
      return { ...(await connect(new StreamableHTTPClientTransport(endpoint, { requestInit: { redirect: 'error' }, fetch: guard.fetch }), limits.startTimeoutMs, guard)), transport: 'streamable-http' };
    } catch (error) {
      const failure = describeClientFailure(error);
      const refused = failure.kind === 'http' && failure.status >= 400 && failure.status < 500 && failure.status !== 401 && failure.status !== 403;
      if (transport === 'streamable-http' || !refused) throw error;
    }
  }
  const remainingMs = Math.max(1, Math.round(limits.startTimeoutMs - (performance.now() - startedAt)));
  const guard = createCappedFetch(limits.maxMessageBytes);
  return { ...(await connect(new SSEClientTransport(endpoint, { fetch: guard.fetch }), remainingMs, guard)), transport: 'sse' };
}

/** Turns whatever the SDK threw into the handful of cases a scan outcome distinguishes. */
export function describeClientFailure(error: unknown): ClientFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RemoteLimitError) return { kind: 'protocol', message, limit: error.limit };
  if (error instanceof DeadlineError) return { kind: 'timeout', message };
  if (error instanceof McpError) {
    const own = SDK_OWN_ERRORS.has(message.replace(/^MCP error -?\d+: /, ''));
    if (own && error.code === ErrorCode.RequestTimeout) return { kind: 'timeout', message };
    if (own && error.code === ErrorCode.ConnectionClosed) return { kind: 'closed', message };
    return { kind: 'server_error', message };
  }
  if (error instanceof UnauthorizedError) return { kind: 'http', status: 401, message };
  if ((error instanceof StreamableHTTPError || error instanceof SseError) && typeof error.code === 'number' && error.code > 0) {
    return { kind: 'http', status: error.code, message };
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (error instanceof TypeError && /fetch failed/i.test(message)) {
    return { kind: 'unreachable', message: typeof cause?.message === 'string' ? cause.message : message };
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET/.test(message)) return { kind: 'unreachable', message };
  if (/the server process has exited/.test(message)) return { kind: 'closed', message };
  return { kind: 'protocol', message };
}
