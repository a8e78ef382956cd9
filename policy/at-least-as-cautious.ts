import type { InferredAnnotations } from '../schemas/assessment.ts';

/** The value of each hint that asks a client for more care: not read-only, destructive, not idempotent, open world. */
const CAUTIOUS: Record<keyof InferredAnnotations, boolean> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

/**
 * The inferred hints, except that a hint the server declared with the cautious value keeps it: nothing built
 * from them tells a client a tool is safer than its own server says. `kept` names the hints where the server's value won.
 */
export function atLeastAsCautious(inferred: InferredAnnotations, declared: Record<string, unknown> | undefined): { annotations: InferredAnnotations; kept: (keyof InferredAnnotations)[] } {
  const annotations = { ...inferred };
  const kept: (keyof InferredAnnotations)[] = [];
  for (const hint of Object.keys(CAUTIOUS) as (keyof InferredAnnotations)[]) {
    if (declared?.[hint] === CAUTIOUS[hint] && annotations[hint] !== CAUTIOUS[hint]) {
      annotations[hint] = CAUTIOUS[hint];
      kept.push(hint);
    }
  }
  return { annotations, kept };
}
