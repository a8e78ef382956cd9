import type { Assessment } from '../schemas/assessment.ts';
import type { ClassifierInput } from '../schemas/tool.ts';

/** Placeholder until the rules land. */
export function classifyTool(tool: ClassifierInput): Assessment {
  return {
    category: 'read', risk: 'low', score: 1, confidence: 0.1, signals: [], findings: [],
    inferredAnnotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  };
}
