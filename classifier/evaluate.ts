import { CategorySchema, riskRank, type Assessment, type Category, type Risk } from '../schemas/assessment.ts';
import type { ToolAnnotations } from '../schemas/tool.ts';

/** A labelled example: what the classifier said next to what annotators decided. */
export interface LabelledResult {
  expected: { category: Category; risk: Risk; acceptableRisks: Risk[] };
  predicted: Pick<Assessment, 'category' | 'risk'>;
  declared: ToolAnnotations | null | undefined;
  /** True when the default policy lets an agent call the tool with no person asked; absent when not measured. */
  allowedUnasked?: boolean;
}

export interface HintAgreement {
  /** Tools where the author declared this hint. */
  declared: number;
  /** Of those, how many the classifier's category agrees with. */
  agreeing: number;
}

export interface EvaluationReport {
  total: number;
  categoryAccuracy: number;
  macroF1: number;
  perCategory: Record<Category, { precision: number; recall: number; f1: number; support: number }>;
  /** confusion[expected][predicted] = count */
  confusion: Record<Category, Record<Category, number>>;
  /** Share of tools whose risk is one the label accepts (`risk_ok`). */
  riskAccepted: number;
  /** Share of tools whose risk is at most one level from an accepted one. */
  riskWithinOne: number;
  /** Share of execute/destructive/financial tools assessed as read or write. */
  unsafeMissRate: number;
  /** Share of execute/destructive/financial tools the default policy allows with no person asked. */
  unsafeAllowRate: number;
  unsafeTotal: number;
  /** Share of read and write tools the default policy sends to a person (asks or denies): the friction. */
  frictionRate: number;
  /** How many read and write tools were scored. */
  safeTotal: number;
  readOnlyHint: HintAgreement;
  destructiveHint: HintAgreement;
}

const CATEGORIES = CategorySchema.options;
/** The categories whose tools must never run unasked. */
export const UNSAFE_CATEGORIES: ReadonlySet<Category> = new Set(['execute', 'destructive', 'financial']);

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Scores predictions against labels. Pure: the eval command does the I/O. */
export function evaluate(results: LabelledResult[]): EvaluationReport {
  const confusion = Object.fromEntries(CATEGORIES.map((expected) => [expected, Object.fromEntries(CATEGORIES.map((predicted) => [predicted, 0]))])) as EvaluationReport['confusion'];
  let categoryRight = 0;
  let riskAccepted = 0;
  let riskWithinOne = 0;
  let unsafeTotal = 0;
  let unsafeMissed = 0;
  let unsafeAllowed = 0;
  let safeTotal = 0;
  let safeStopped = 0;
  const readOnlyHint: HintAgreement = { declared: 0, agreeing: 0 };
  const destructiveHint: HintAgreement = { declared: 0, agreeing: 0 };

  for (const { expected, predicted, declared, allowedUnasked } of results) {
    confusion[expected.category][predicted.category]++;
    if (expected.category === predicted.category) categoryRight++;
    if (expected.acceptableRisks.includes(predicted.risk)) riskAccepted++;
    if (expected.acceptableRisks.some((risk) => Math.abs(riskRank(risk) - riskRank(predicted.risk)) <= 1)) riskWithinOne++;
    if (UNSAFE_CATEGORIES.has(expected.category)) {
      unsafeTotal++;
      if (!UNSAFE_CATEGORIES.has(predicted.category)) unsafeMissed++;
      if (allowedUnasked) unsafeAllowed++;
    } else {
      safeTotal++;
      if (allowedUnasked === false) safeStopped++;
    }
    if (typeof declared?.readOnlyHint === 'boolean') {
      readOnlyHint.declared++;
      if (declared.readOnlyHint === (predicted.category === 'read')) readOnlyHint.agreeing++;
    }
    // destructiveHint only means something on tools that are not read-only (per the MCP spec).
    if (typeof declared?.destructiveHint === 'boolean' && declared.readOnlyHint !== true) {
      destructiveHint.declared++;
      if (declared.destructiveHint === (predicted.category === 'destructive')) destructiveHint.agreeing++;
    }
  }

  const perCategory = Object.fromEntries(CATEGORIES.map((category) => {
    const truePositives = confusion[category][category];
    const predictedCount = CATEGORIES.reduce((sum, expected) => sum + confusion[expected][category], 0);
    const support = CATEGORIES.reduce((sum, predicted) => sum + confusion[category][predicted], 0);
    const precision = ratio(truePositives, predictedCount);
    const recall = ratio(truePositives, support);
    return [category, { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support }];
  })) as EvaluationReport['perCategory'];
  const present = CATEGORIES.filter((category) => perCategory[category].support > 0);

  return {
    total: results.length,
    categoryAccuracy: ratio(categoryRight, results.length),
    macroF1: ratio(present.reduce((sum, category) => sum + perCategory[category].f1, 0), present.length),
    perCategory,
    confusion,
    riskAccepted: ratio(riskAccepted, results.length),
    riskWithinOne: ratio(riskWithinOne, results.length),
    unsafeMissRate: ratio(unsafeMissed, unsafeTotal),
    unsafeAllowRate: ratio(unsafeAllowed, unsafeTotal),
    unsafeTotal,
    frictionRate: ratio(safeStopped, safeTotal),
    safeTotal,
    readOnlyHint,
    destructiveHint,
  };
}
