import { z } from 'zod';

/** data/classifier-eval.json: the classifier's measured accuracy, as `npm run eval` reports it. */
export const ClassifierEvaluationSchema = z.object({
  /** The command that reproduces the figures. */
  command: z.string(),
  /** The labelled dataset they were measured on. */
  dataset: z.string(),
  /** Share of tools whose category matches the label (0–1). */
  categoryAccuracy: z.number().min(0).max(1),
  /** Macro-averaged F1 over the categories (0–1). */
  macroF1: z.number().min(0).max(1),
  /** Share of tools whose risk is one the label accepts (0–1). */
  riskExact: z.number().min(0).max(1),
  /** Share of tools whose risk is at most one level from an accepted one (0–1). */
  riskWithinOne: z.number().min(0).max(1),
  /** Share of execute, destructive and financial tools the classifier called read or write (0–1). */
  unsafeMissRate: z.number().min(0).max(1),
  /** How many labelled tools were scored. */
  total: z.number().int().min(0),
}).loose();
export type ClassifierEvaluation = z.infer<typeof ClassifierEvaluationSchema>;
