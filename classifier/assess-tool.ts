import { checkWith, type Checked } from '../core/parse.ts';
import { pinTool } from '../core/pin.ts';
import type { ScannedTool } from '../schemas/scan-record.ts';
import { ToolDefinitionSchema, type ToolDefinition } from '../schemas/tool.ts';
import { classifyServer } from './classify.ts';

/**
 * Checks each of one server's tool definitions against the protocol's schema, pins it and classifies it: what the
 * scanner, the guard's live policy and the catalogue builder each do with a listed server. The well-formed tools
 * are classified together, since what a server deals in changes how a tool reads. A malformed definition is a
 * problem in its own slot, not a throw.
 */
export function assessTools(definitions: readonly unknown[]): Checked<ScannedTool>[] {
  const checked = definitions.map((definition) => checkWith(ToolDefinitionSchema, definition));
  const wellFormed = checked.flatMap((result): ToolDefinition[] => (result.ok ? [result.value] : []));
  const assessments = classifyServer(wellFormed);
  let next = 0;
  return checked.map((result) => {
    if (!result.ok) return result;
    const tool = result.value;
    return { ok: true, value: { ...tool, pin: pinTool(tool), assessment: assessments[next++]! } };
  });
}
