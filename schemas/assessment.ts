import { z } from 'zod';

/** What a tool is designed to let a caller do, judged by its most harmful action (see docs/taxonomy.md). */
export const CategorySchema = z.enum(['read', 'write', 'execute', 'destructive', 'financial']);
export type Category = z.infer<typeof CategorySchema>;

/** How bad the worst normal call can be. */
export const RiskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof RiskSchema>;

/** One piece of evidence the classifier used. */
export const SignalSchema = z.object({
  /** Stable identifier of the rule that fired, e.g. `name-verb.destructive`. */
  id: z.string(),
  /** A short human label, e.g. "name verb deletes". */
  label: z.string(),
  /** Where it came from: the word, phrase, schema property or annotation, quoted. */
  evidence: z.string(),
});
export type Signal = z.infer<typeof SignalSchema>;

/** The signal of a state change on a server that moves money or runs code: the default policy asks a person about it. */
export const SERVER_STAKES_SIGNAL = 'server.stakes';

export const FindingIdSchema = z.enum([
  'annotation-mismatch',
  'prompt-injection',
  'hidden-unicode',
  'missing-description',
  'definition-truncated',
]);
export type FindingId = z.infer<typeof FindingIdSchema>;

export const SeveritySchema = z.enum(['info', 'warning', 'error']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Something wrong with the tool's definition itself, beyond what it does. */
export const FindingSchema = z.object({
  /** Which kind of problem. */
  id: FindingIdSchema,
  /** info: worth knowing; warning: likely wrong; error: treat the tool as hostile. */
  severity: SeveritySchema,
  /** One sentence a person can act on. */
  message: z.string(),
  /** The text, character or field that triggered it (hidden characters shown as code points). */
  evidence: z.string(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** The four MCP hints as the assessment implies them, for clients that trust annotations. */
export const InferredAnnotationsSchema = z.object({
  /** True when the tool only reads. */
  readOnlyHint: z.boolean(),
  /** True when a call can remove or irreversibly overwrite something. */
  destructiveHint: z.boolean(),
  /** True when repeating a call with the same arguments changes nothing more. */
  idempotentHint: z.boolean(),
  /** True when the tool reaches beyond the local machine (network, third-party services). */
  openWorldHint: z.boolean(),
});
export type InferredAnnotations = z.infer<typeof InferredAnnotationsSchema>;

/** The classifier's verdict on one tool. */
export const AssessmentSchema = z.object({
  /** What the tool can do at worst. */
  category: CategorySchema,
  /** How bad that is. */
  risk: RiskSchema,
  /** The risk on a 1–5 scale, finer than `risk` (1 low … 4 high, 5 critical). */
  score: z.number().int().min(1).max(5),
  /** 0–1: how sure the classifier is; low for empty descriptions and conflicting signals. */
  confidence: z.number().min(0).max(1),
  /** The evidence behind the verdict, strongest first. */
  signals: z.array(SignalSchema),
  /** Problems with the definition itself. */
  findings: z.array(FindingSchema),
  /** The MCP hints this assessment implies. */
  inferredAnnotations: InferredAnnotationsSchema,
});
export type Assessment = z.infer<typeof AssessmentSchema>;

/** Ordered from least to most severe, for comparisons like `--fail-on high`. */
export const RISK_ORDER: readonly Risk[] = RiskSchema.options;

export function riskRank(risk: Risk): number {
  return RISK_ORDER.indexOf(risk);
}
