import { checkWith, type Checked } from '../core/parse.ts';
import { pinTool } from '../core/pin.ts';
import type { ScannedTool } from '../schemas/scan-record.ts';
import { ToolDefinitionSchema, type ToolDefinition } from '../schemas/tool.ts';
import { classifyServer } from './classify.ts';

/** Pins and classifies one server's checked tool definitions, together: what a server deals in changes how a tool reads. */
export function assessCheckedTools(tools: readonly ToolDefinition[]): ScannedTool[] {
  const assessments = classifyServer(tools);
  return tools.map((tool, index) => ({ ...tool, pin: pinTool(tool), assessment: assessments[index]! }));
}

/**
 * Checks each of one server's tool definitions against the protocol's schema, then pins and classifies the
 * well-formed ones together: what the guard's live policy and the catalogue builder do with a listed server
 * (the scanner's probe has checked its tools already). A malformed definition is a problem in its own slot, not a throw.
 */
export function assessTools(definitions: readonly unknown[]): Checked<ScannedTool>[] {
  const checked = definitions.map((definition) => checkWith(ToolDefinitionSchema, definition));
  const assessed = assessCheckedTools(checked.flatMap((result): ToolDefinition[] => (result.ok ? [result.value] : [])));
  let next = 0;
  return checked.map((result) => (result.ok ? { ok: true, value: assessed[next++]! } : result));
}
