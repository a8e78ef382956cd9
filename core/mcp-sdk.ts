/**
 * Every use of the MCP SDK lives here, so the SDK's move to v2 packages touches one file: the protocol's own
 * schemas (tools, lists, initialize, elicitation), the client and its remote transports, and the SDK's errors.
 * The boundary test fails if any other module imports the SDK.
 */
import { PaginatedResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
export { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
export { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
export type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
export {
  ElicitResultSchema,
  ErrorCode,
  InitializeResultSchema,
  JSONRPCMessageSchema,
  McpError,
  PromptSchema,
  ResourceSchema,
  ResourceTemplateSchema,
  ToolAnnotationsSchema,
  ToolSchema,
  type ElicitRequest,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';

/**
 * One page of a list (`tools/list`, `prompts/list`, …) as the protocol shapes it: the items left unchecked, so a
 * walk can salvage them one by one, and `nextCursor` a string when present.
 */
export function listPageSchema<Key extends string>(key: Key) {
  return PaginatedResultSchema.extend({ [key]: z.array(z.unknown()) } as Record<Key, z.ZodArray<z.ZodUnknown>>);
}
