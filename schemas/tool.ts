import { ToolAnnotationsSchema, ToolSchema } from '../core/mcp-sdk.ts';
import { z } from 'zod';

/** A tool exactly as an MCP server sends it in `tools/list` (the SDK's own schema). */
export const ToolDefinitionSchema = ToolSchema;
export type ToolDefinition = z.infer<typeof ToolDefinitionSchema>;

/** The four MCP behaviour hints plus a title, as a server declares them (the SDK's own schema). */
export { ToolAnnotationsSchema };
export type ToolAnnotations = z.infer<typeof ToolAnnotationsSchema>;

/**
 * What the classifier reads: a tool definition with everything but the name optional.
 * Looser than the protocol on purpose: catalogues and datasets carry `null` for a missing schema.
 */
export const ClassifierInputSchema = z.object({
  /** The tool's name, as the server sends it. */
  name: z.string(),
  /** A human-readable title, if the server gives one. */
  title: z.string().nullish(),
  /** The description the model reads; the main evidence for what the tool does. */
  description: z.string().nullish(),
  /** The JSON Schema of the tool's arguments. */
  inputSchema: z.record(z.string(), z.unknown()).nullish(),
  /** The behaviour hints the author declared; claims, not facts. */
  annotations: ToolAnnotationsSchema.nullish(),
});
export type ClassifierInput = z.infer<typeof ClassifierInputSchema>;
