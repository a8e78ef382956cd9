import { checkWith, type Checked } from '../core/parse.ts';
import { pinTool } from '../core/pin.ts';
import type { ScannedTool } from '../schemas/scan-record.ts';
import { ToolDefinitionSchema } from '../schemas/tool.ts';
import { classifyTool } from './classify.ts';

/**
 * Checks one tool definition against the protocol's schema, pins it and classifies it: what the scanner, the guard's
 * live policy and the catalogue builder each do with a listed tool. A malformed definition is a problem, not a throw.
 */
export function assessTool(definition: unknown): Checked<ScannedTool> {
  const checked = checkWith(ToolDefinitionSchema, definition);
  if (!checked.ok) return checked;
  const tool = checked.value;
  return { ok: true, value: { ...tool, pin: pinTool(tool), assessment: classifyTool(tool) } };
}
