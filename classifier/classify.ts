import type { Assessment } from '../schemas/assessment.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { decideCategory, decideConfidence, decideRisk, inferAnnotations, orderSignals, scoreCategories, scoreOf } from './decide.ts';
import { extractFeatures } from './features.ts';
import { findAnnotationMismatch, findMissingDescription } from './findings/definition-gaps.ts';
import { findHiddenUnicode } from './findings/hidden-unicode.ts';
import { findPromptInjection } from './findings/prompt-injection.ts';
import { collectTextFields } from './findings/text-fields.ts';
import { categoryRules, riskRules } from './rules/index.ts';

/** Classifies one tool definition: category, risk, the evidence behind them, and problems with the definition. Pure. */
export function classifyTool(tool: ClassifierInput): Assessment {
  const features = extractFeatures(tool);
  const evidence = categoryRules.flatMap((rule) => rule.evaluate(features));
  const scores = scoreCategories(evidence);
  const category = decideCategory(scores);
  const riskEvidence = riskRules.filter((rule) => rule.appliesTo.includes(category)).flatMap((rule) => rule.evaluate(features));
  const { risk, applied } = decideRisk(category, riskEvidence);
  const textFields = collectTextFields(tool);
  const findings = [
    ...findPromptInjection(textFields),
    ...findHiddenUnicode(textFields),
    ...findAnnotationMismatch(tool, category),
    ...findMissingDescription(tool),
  ];
  return {
    category,
    risk,
    score: scoreOf(risk, category),
    confidence: decideConfidence(features, category, scores, findings),
    signals: orderSignals(category, evidence, applied),
    findings,
    inferredAnnotations: inferAnnotations(features, category),
  };
}
