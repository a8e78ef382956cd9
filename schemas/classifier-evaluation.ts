import { z } from 'zod';
import { CategorySchema } from './assessment.ts';

const Share = z.number().min(0).max(1);

/** One category's figures. */
const CategoryFiguresSchema = z.object({
  /** Of the tools assessed as this category, the share labelled so (0–1). */
  precision: Share,
  /** Of the tools labelled this category, the share assessed so (0–1). */
  recall: Share,
  /** How many tools carry this label. */
  support: z.number().int().min(0),
});

/** data/classifier-eval.json: the classifier's measured accuracy, as `npm run eval -- --summary` writes it. */
export const ClassifierEvaluationSchema = z.object({
  /** The command that reproduces the figures. */
  command: z.string(),
  /** The labelled dataset they were measured on. */
  dataset: z.string(),
  /** What the figures were measured on, in words: "5 folds by server, 1,970 tools of dev.jsonl (177 servers), pooled". */
  measuredOn: z.string(),
  /** Folds by server (0: every tool scored in-sample). */
  folds: z.number().int().min(0),
  /** How many servers the tools come from. */
  servers: z.number().int().min(0),
  /** The classifier version measured. */
  classifierVersion: z.string(),
  /** How many labelled tools were scored. */
  total: z.number().int().min(0),
  /** Share of tools whose category matches the label. */
  categoryAccuracy: Share,
  /** Macro-averaged F1 over the categories. */
  macroF1: Share,
  /** Share of tools whose risk is one of those the label accepts. */
  riskAccepted: Share,
  /** Share of tools whose risk is at most one level from an accepted one. */
  riskWithinOne: Share,
  /** Share of execute, destructive and financial tools the classifier called read or write. */
  unsafeMissRate: Share,
  /** Share of execute, destructive and financial tools the default policy lets an agent call with no person asked. */
  unsafeAllowRate: Share,
  /** How many execute, destructive and financial tools were scored. */
  unsafeTotal: z.number().int().min(0),
  /** Share of read and write tools the default policy sends to a person: the friction. */
  frictionRate: Share.optional(),
  /** How many read and write tools were scored. */
  safeTotal: z.number().int().min(0).optional(),
  /** Precision, recall and support by labelled category. */
  perCategory: z.record(CategorySchema, CategoryFiguresSchema),
  /** confusion[labelled][assessed]: how many tools. */
  confusion: z.record(CategorySchema, z.record(CategorySchema, z.number().int().min(0))),
}).loose();
export type ClassifierEvaluation = z.infer<typeof ClassifierEvaluationSchema>;
