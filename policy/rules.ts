import type { PolicyRule, PolicyRulesFile, PolicyTool, RuleMatch } from '../schemas/policy.ts';
import { describeVerdict } from './describe.ts';
import { isGlob, matchGlob } from './glob.ts';
import { toTerminalText } from '../core/terminal-text.ts';

function matchesTool(match: RuleMatch, tool: PolicyTool): boolean {
  if (match.category !== undefined && match.category !== tool.category) return false;
  if (match.risk !== undefined && match.risk !== tool.risk) return false;
  if (match.tool !== undefined) {
    return isGlob(match.tool) ? matchGlob(match.tool, tool.name) : match.tool === tool.name;
  }
  return true;
}

/**
 * How specific a match is: an exact tool name (8) beats a glob (4) beats a risk (2) beats a category (1);
 * fields add up, so `{category, risk}` beats `{risk}`. Among equally specific rules the later one wins.
 */
export function ruleSpecificity(match: RuleMatch): number {
  let score = 0;
  if (match.tool !== undefined) score += isGlob(match.tool) ? 4 : 8;
  if (match.risk !== undefined) score += 2;
  if (match.category !== undefined) score += 1;
  return score;
}

function describeMatch(match: RuleMatch): string {
  const parts: string[] = [];
  if (match.tool !== undefined) parts.push(`${isGlob(match.tool) ? 'tool glob' : 'tool'} "${toTerminalText(match.tool, 40)}"`);
  if (match.risk !== undefined) parts.push(`risk ${match.risk}`);
  if (match.category !== undefined) parts.push(`category ${match.category}`);
  return parts.join(', ');
}

/** The rule that decides a tool, if any: the most specific, the later on ties. */
export function selectRule(rules: readonly PolicyRule[], tool: PolicyTool): { rule: PolicyRule; index: number } | undefined {
  let selected: { rule: PolicyRule; index: number; specificity: number } | undefined;
  rules.forEach((rule, index) => {
    if (!matchesTool(rule.match, tool)) return;
    // A hostile definition stays denied unless a rule names the tool exactly: a broad rule must not re-enable it by accident.
    if (tool.source === 'finding' && (rule.match.tool === undefined || isGlob(rule.match.tool))) return;
    const specificity = ruleSpecificity(rule.match);
    if (!selected || specificity >= selected.specificity) selected = { rule, index, specificity };
  });
  return selected && { rule: selected.rule, index: selected.index };
}

/** Applies a rules file on top of the recommended verdicts; see docs/policy.md for precedence. */
export function applyRules(tools: readonly PolicyTool[], rulesFile: PolicyRulesFile): PolicyTool[] {
  return tools.map((tool) => {
    const selected = selectRule(rulesFile.rules, tool);
    if (!selected) return tool;
    const { rule, index } = selected;
    const why = rule.reason ? `: ${toTerminalText(rule.reason, 120)}` : '';
    const { rateLimits: _replaced, ...rest } = tool;
    return {
      ...rest,
      action: rule.action,
      ...(rule.rateLimits?.length && { rateLimits: rule.rateLimits }),
      source: 'rules',
      reason: `${describeVerdict(rule.action, rule.rateLimits)} by rule ${index + 1} (${describeMatch(rule.match)})${why}; was ${tool.reason}`,
    };
  });
}
