import type { Assessment, Signal } from '../schemas/assessment.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { escalate } from './escalation.ts';
import { decideCategory, decideConfidence, decideRisk, inferAnnotations, orderSignals, raiseToDeclaredHints, scoreCategories, scoreRisk } from './decide.ts';
import type { CategoryEvidence, RiskEvidence } from './evidence.ts';
import { extractFeatures, type Features } from './features.ts';
import { findAnnotationMismatch, findMissingDescription, findTruncation } from './findings/definition-gaps.ts';
import { findHiddenUnicode } from './findings/hidden-unicode.ts';
import { findPromptInjection } from './findings/prompt-injection.ts';
import { collectTextFields } from './findings/text-fields.ts';
import { categoryRules, riskRules } from './rules/index.ts';
import { serverContextRule } from './rules/server-context.ts';
import { contextSignal, describeServer, type ServerContext } from './server-context.ts';
import { stakesSignal } from './server-stakes.ts';

const UNRECOGNISED: Signal = { id: 'no-effect-recognised', label: 'no effect was recognised: the verdict rests on weaker evidence', evidence: 'no verb, claim or cue that holds alone' };

interface Classified {
  assessment: Assessment;
  features: Features;
  recognised: boolean;
}

function classify(tool: ClassifierInput, server?: ServerContext): Classified {
  const features = extractFeatures(tool);
  if (server) features.server = server;
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
  const assessment: Assessment = {
    category,
    risk,
    score: scoreRisk(risk, category),
    confidence: decideConfidence(features, decision, scores, findings, evidence.some((item) => item.id.startsWith('unanalysed.'))),
    signals: [...(raisedBy ? [raisedBy] : []), ...(decision.recognised ? [] : [UNRECOGNISED]), ...signals],
    findings,
    inferredAnnotations: inferAnnotations(features, category),
  };
  return { assessment, features, recognised: decision.recognised };
}

/** Whether the server changes how this tool's verbs read (the server-context rule has something to say). */
function readsDifferently(features: Features, server: ServerContext): boolean {
  return serverContextRule.evaluate({ ...features, server }).length > 0;
}

/** Adds what the server says about a tool: the stakes of a state change and the context, as signals. */
function withServerSignals({ assessment, features }: Classified, server: ServerContext): Assessment {
  const stakes = stakesSignal(server, features, assessment.category, assessment.risk);
  const context = contextSignal(server, features.name);
  if (!stakes && !context) return assessment;
  return { ...assessment, signals: [...assessment.signals, ...(stakes ? [stakes] : []), ...(context ? [context] : [])] };
}

/** Classifies one tool definition on its own: category, risk, the evidence behind them, and problems with the definition; a read or write verdict the learned model doubts is escalated (see escalation.ts). Pure. */
export function classifyTool(tool: ClassifierInput): Assessment {
  return escalate(tool, classify(tool).assessment);
}

/**
 * Classifies the tools of one server together. Each is read alone first; what the server deals in (money, code,
 * containers, databases, mail, files) is read from all of them; a tool whose verbs read differently there
 * (an ambiguous verb on a server that moves money) is read again with it, and every tool gains the server's
 * signals (its context, and the stakes of a state change on a server that moves money or runs code). Pure.
 */
export function classifyServer(tools: readonly ClassifierInput[]): Assessment[] {
  return classifyServerByRules(tools).map((assessment, index) => escalate(tools[index]!, assessment));
}

/** classifyServer without the learned escalation: the rules' verdicts alone (what the escalation is trained against). Pure. */
export function classifyServerByRules(tools: readonly ClassifierInput[]): Assessment[] {
  const alone = tools.map((tool) => classify(tool));
  if (tools.length < 2) return alone.map((item) => item.assessment);
  const server = describeServer(alone.map((item, index) => ({ name: tools[index]!.name, category: item.assessment.category, recognised: item.recognised, features: item.features })));
  if (server.domains.size === 0) return alone.map((item) => item.assessment);
  // Only a tool whose verbs read differently on this server is classified again; the others gain the server's signals.
  return alone.map((item, index) => withServerSignals(readsDifferently(item.features, server) ? classify(tools[index]!, server) : item, server));
}
