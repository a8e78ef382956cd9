import { atLeastAsCautious } from '../policy/at-least-as-cautious.ts';
import type { InferredAnnotations } from '../schemas/assessment.ts';

/**
 * The annotations the guard shows a client: the assessment's hints, made at least as cautious as what the
 * server declared. A server may warn more than the classifier (its `destructiveHint: true` stays), never less
 * (its `readOnlyHint: true` on a tool that writes does not survive). The title and any other field pass through.
 */
export function verifyAnnotations(declared: Record<string, unknown> | undefined, inferred: InferredAnnotations): Record<string, unknown> {
  return { ...declared, ...atLeastAsCautious(inferred, declared).annotations };
}
