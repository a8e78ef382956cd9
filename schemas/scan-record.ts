import { z } from 'zod';
import { AssessmentSchema } from './assessment.ts';
import { ToolDefinitionSchema } from './tool.ts';

/** A tool a server listed, with the classifier's assessment and a pin of its definition. */
export const ScannedToolSchema = ToolDefinitionSchema.extend({
  /** sha256 of the canonical JSON of name, description, inputSchema and annotations. */
  pin: z.string(),
  /** The classifier's verdict on this tool. */
  assessment: AssessmentSchema,
});
export type ScannedTool = z.infer<typeof ScannedToolSchema>;

/** What one scan of one server saw. The scanner issue extends this stub. */
export const ScanRecordSchema = z.object({
  /** The format version of this record. */
  schemaVersion: z.literal(1),
  /** What was asked for, e.g. `npm:@modelcontextprotocol/server-memory@2025.9.25`. */
  target: z.string(),
  /** The tools the server listed, each assessed. */
  tools: z.array(ScannedToolSchema),
});
export type ScanRecord = z.infer<typeof ScanRecordSchema>;
