import type { ArgumentOutcome, ArgumentRules, PolicyRule, PolicyRulesFile, PolicyTool, RuleMatch } from '../schemas/policy.ts';
import { describeConditions, mostCautiousOutcome } from './argument-conditions.ts';
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

/** A rule that matches a tool, with its place in the rules file. */
interface Candidate {
  rule: PolicyRule;
  index: number;
}

/**
 * The rules that match a tool, in the order they are tried: the most specific first; among equally specific rules, those
 * with `when` come before those without and keep their file order, and of those without, the later wins. The walk
 * stops at the first rule without `when` (it always applies). So the existing precedence holds for rules without `when`,
 * and a rule with `when` is tried before any rule it is at least as specific as.
 */
export function rankRules(rules: readonly PolicyRule[], tool: PolicyTool): Candidate[] {
  const candidates: (Candidate & { score: number })[] = [];
  rules.forEach((rule, index) => {
    if (!matchesTool(rule.match, tool)) return;
    // A hostile definition stays denied unless a rule names the tool exactly: a broad rule must not re-enable it by accident.
    if (tool.source === 'finding' && (rule.match.tool === undefined || isGlob(rule.match.tool))) return;
    candidates.push({ rule, index, score: ruleSpecificity(rule.match) * 2 + (rule.when ? 1 : 0) });
  });
  candidates.sort((a, b) => b.score - a.score || (a.rule.when ? a.index - b.index : b.index - a.index));
  const firstUnconditional = candidates.findIndex((candidate) => !candidate.rule.when);
  return (firstUnconditional === -1 ? candidates : candidates.slice(0, firstUnconditional + 1)).map(({ rule, index }) => ({ rule, index }));
}

/** The rule without `when` that decides a tool, if any: the most specific, the later on ties. */
export function selectRule(rules: readonly PolicyRule[], tool: PolicyTool): Candidate | undefined {
  return rankRules(rules.filter((rule) => !rule.when), tool)[0];
}

function describeRule(rule: PolicyRule, index: number): string {
  const why = rule.reason ? `: ${toTerminalText(rule.reason, 120)}` : '';
  const when = rule.when ? ` when ${describeConditions(rule.when)}` : '';
  return `${describeVerdict(rule.action, rule.rateLimits)} by rule ${index + 1} (${describeMatch(rule.match)}${when})${why}`;
}

function outcomeOf(rule: PolicyRule, index: number, was: PolicyTool): ArgumentOutcome {
  return { action: rule.action, ...(rule.rateLimits?.length && { rateLimits: rule.rateLimits }), reason: `${describeRule(rule, index)}; was ${was.reason}` };
}

/**
 * Applies a rules file on top of the recommended verdicts; see docs/policy.md for precedence. A tool that rules with
 * `when` may decide gets `argumentRules` (tried per call by the guard and the Claude Code hook) and, as its static
 * action, the most cautious outcome it may get, for clients that cannot look at arguments.
 */
export function applyRules(tools: readonly PolicyTool[], rulesFile: PolicyRulesFile): PolicyTool[] {
  return tools.map((tool) => {
    const ranked = rankRules(rulesFile.rules, tool);
    if (!ranked.length) return tool;
    const conditional = ranked.filter((candidate) => candidate.rule.when);
    const last = ranked.at(-1)!;
    const otherwise: ArgumentOutcome = last.rule.when
      ? { action: tool.action, ...(tool.rateLimits?.length && { rateLimits: tool.rateLimits }), reason: tool.reason }
      : outcomeOf(last.rule, last.index, tool);
    const { rateLimits: _replaced, argumentRules: _earlier, ...rest } = tool;
    if (!conditional.length) {
      return { ...rest, action: otherwise.action, ...(otherwise.rateLimits && { rateLimits: otherwise.rateLimits }), source: 'rules', reason: otherwise.reason };
    }
    const argumentRules: ArgumentRules = {
      rules: conditional.map(({ rule, index }) => ({ rule: index + 1, when: rule.when!, outcome: outcomeOf(rule, index, tool) })),
      otherwise,
    };
    const cautious = mostCautiousOutcome([...argumentRules.rules.map((rule) => rule.outcome), otherwise]);
    const numbers = argumentRules.rules.map((rule) => rule.rule).join(', ');
    return {
      ...rest,
      action: cautious.action,
      ...(cautious.rateLimits && { rateLimits: cautious.rateLimits }),
      source: 'rules',
      reason: `decided per call by its arguments (rule${argumentRules.rules.length === 1 ? '' : 's'} ${numbers}); ${describeVerdict(cautious.action, cautious.rateLimits)} where arguments cannot be checked, the most cautious outcome`,
      argumentRules,
    };
  });
}
