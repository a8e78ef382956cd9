/** JSON-RPC error codes the guard answers with. */
export const RPC_ERROR = {
  parseError: -32700,
  invalidRequest: -32600,
  invalidParams: -32602,
  internalError: -32603,
  /** The MCP SDK's code for a connection that closed before the answer. */
  connectionClosed: -32000,
} as const;

export type JsonRpcId = string | number;

/** One message as the guard sorts it; `message` is the parsed object, which is what the guard forwards (re-serialised). */
export type SortedMessage =
  | { kind: 'request'; id: JsonRpcId; method: string; message: Record<string, unknown> }
  | { kind: 'notification'; method: string; message: Record<string, unknown> }
  | { kind: 'response'; id: JsonRpcId; message: Record<string, unknown> }
  | { kind: 'invalid'; reason: string; id?: JsonRpcId };

function isId(value: unknown): value is JsonRpcId {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** A key that keeps `1` and `"1"` apart, for maps of pending requests. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

// Keys a decoder may read case-insensitively (Go's standard one does), so "Method" beside "method" means two things.
const DECIDING_KEYS = new Set(['jsonrpc', 'id', 'method', 'params', 'name', 'arguments', 'result', 'error']);
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why a message could be read as something other than what the guard checks, or undefined: a key with a control
 * character, or a case variant of a key that decides (at the top level or in `params`). Repeated keys need no check:
 * what is forwarded is re-serialised from the parse, which kept one.
 */
function findAmbiguity(message: Record<string, unknown>): string | undefined {
  if (typeof message.method === 'string' && CONTROL_CHARACTER.test(message.method)) return 'a method with a control character';
  const params = typeof message.params === 'object' && message.params !== null && !Array.isArray(message.params) ? Object.keys(message.params) : [];
  for (const key of [...Object.keys(message), ...params]) {
    if (CONTROL_CHARACTER.test(key)) return 'a key with a control character';
    const lower = key.toLowerCase();
    if (lower !== key && DECIDING_KEYS.has(lower)) return `the key "${key.slice(0, 40)}", which some decoders read as "${lower}"`;
  }
  return undefined;
}

/** Parses one line and sorts it into request, notification, response or invalid (with why). */
export function sortLine(line: string): SortedMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON (${(error as Error).message})` };
  }
  if (Array.isArray(value)) return { kind: 'invalid', reason: 'a JSON-RPC batch; MCP since 2025-06-18 has no batches and the guard checks messages one by one' };
  if (typeof value !== 'object' || value === null) return { kind: 'invalid', reason: 'not a JSON object' };
  const message = value as Record<string, unknown>;
  const id = isId(message.id) ? message.id : undefined;
  if (message.jsonrpc !== '2.0') return { kind: 'invalid', reason: 'no "jsonrpc": "2.0"', ...(id !== undefined && { id }) };
  const ambiguity = findAmbiguity(message);
  if (ambiguity) return { kind: 'invalid', reason: `${ambiguity}; the guard forwards only messages every decoder reads alike`, ...(id !== undefined && { id }) };
  if (typeof message.method === 'string') {
    if (id !== undefined) return { kind: 'request', id, method: message.method, message };
    if (message.id !== undefined) return { kind: 'invalid', reason: 'a request id must be a string or a number' };
    return { kind: 'notification', method: message.method, message };
  }
  if (id !== undefined && ('result' in message || 'error' in message)) return { kind: 'response', id, message };
  return { kind: 'invalid', reason: 'neither a request, a notification nor a response', ...(id !== undefined && { id }) };
}

/** The text of an error response. */
export function errorResponse(id: JsonRpcId | null, code: number, message: string): string {
  return JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
}

/** The text of a result response. */
export function resultResponse(id: JsonRpcId, result: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result });
}

/**
 * Finds the candidate request ids in the edges of a line too long to parse (the last one in the tail first: the
 * SDK writes `id` last), so the caller waiting for it can be answered instead of left waiting.
 */
export function findIdsInFragments(head: string, tail: string): JsonRpcId[] {
  const pattern = /"id"\s*:\s*(-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*")/g;
  const fromTail = [...tail.matchAll(pattern)].reverse();
  const fromHead = [...head.matchAll(pattern)];
  return [...fromTail, ...fromHead].map((match) => parseId(match[1]!)).filter((id): id is JsonRpcId => id !== undefined);
}

function parseId(text: string): JsonRpcId | undefined {
  let id: unknown;
  try {
    id = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isId(id) ? id : undefined;
}
