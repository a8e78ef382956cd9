import { decideByArguments, type PathResolver } from '../policy/argument-conditions.ts';
import type { ArgumentDecision } from '../schemas/argument-conditions.ts';
import { resolveRealPath } from './real-path.ts';
import type { ToolVerdict } from './tool-verdicts.ts';

/**
 * The verdict for one call: a tool with argument rules gets the outcome its arguments decide (paths resolved on this
 * machine, symlinks followed), with the rule and condition that decided for the audit log; any other tool keeps its verdict.
 */
export function verdictForCall(verdict: ToolVerdict | undefined, args: unknown, resolvePath: PathResolver = resolveRealPath): { verdict: ToolVerdict | undefined; argumentDecision?: ArgumentDecision } {
  if (!verdict?.argumentRules) return { verdict };
  const { outcome, decision } = decideByArguments(verdict.argumentRules, args, resolvePath);
  const where = decision.rule === undefined ? decision.condition : `rule ${decision.rule}: ${decision.condition}`;
  return {
    verdict: { ...verdict, action: outcome.action, rateLimits: outcome.rateLimits ?? [], reason: `${outcome.reason} [${where}]` },
    argumentDecision: decision,
  };
}
