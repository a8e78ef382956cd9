import type { Assessment, Signal } from '../schemas/assessment.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { decideCategory, decideConfidence, decideRisk, inferAnnotations, orderSignals, raiseToDeclaredHints, scoreCategories, scoreRisk } from './decide.ts';
import type { CategoryEvidence, RiskEvidence } from './evidence.ts';
import { extractFeatures } from './features.ts';
import { findAnnotationMismatch, findMissingDescription, findTruncation } from './findings/definition-gaps.ts';
import { findHiddenUnicode } from './findings/hidden-unicode.ts';
import { findPromptInjection } from './findings/prompt-injection.ts';
import { collectTextFields } from './findings/text-fields.ts';
import { categoryRules, riskRules } from './rules/index.ts';

const UNRECOGNISED: Signal = { id: 'no-effect-recognised', label: 'no effect was recognised: the verdict rests on weaker evidence', evidence: 'no verb, claim or cue that holds alone' };

/** Classifies one tool definition: category, risk, the evidence behind them, and problems with the definition. Pure. */
export function classifyTool(tool: ClassifierInput): Assessment {
  const features = extractFeatures(tool);
  const evidence: CategoryEvidence[] = [];
  for (const rule of categoryRules) evidence.push(...rule.evaluate(features));
  const scores = scoreCategories(evidence);
  const { decision, raisedBy } = raiseToDeclaredHints(decideCategory(scores), scores, features.annotations);
  const { category } = decision;
  const riskEvidence: RiskEvidence[] = [];
  for (const rule of riskRules) if (rule.appliesTo.includes(category)) riskEvidence.push(...rule.evaluate(features));
  const { risk, applied } = decideRisk(category, riskEvidence);
  const textFields = collectTextFields(tool);
  const findings = [
    ...findPromptInjection(textFields),
    ...findHiddenUnicode(textFields),
    ...findAnnotationMismatch(tool, category),
    ...findMissingDescription(tool),
    ...findTruncation(features.truncated),
  ];
  const signals = orderSignals(category, evidence, applied);
  return {
    category,
    risk,
    score: scoreRisk(risk, category),
    confidence: decideConfidence(features, decision, scores, findings, evidence.some((item) => item.id.startsWith('unanalysed.'))),
    signals: [...(raisedBy ? [raisedBy] : []), ...(decision.recognised ? [] : [UNRECOGNISED]), ...signals],
    findings,
    inferredAnnotations: inferAnnotations(features, category),
  };
}
