import type { ArgumentCondition, ArgumentConditions } from '../../schemas/argument-conditions.ts';
import type { Policy, PolicyAction, PolicyTool } from '../../schemas/policy.ts';
import { describeConditions } from '../argument-conditions.ts';
import { withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';
import { tomlComments, tomlString } from '../toml-text.ts';

const DECISION: Record<PolicyAction, string> = { allow: 'allow', approve: 'ask_user', deny: 'deny' };
/** Priorities within the file's tier (0–999, higher wins): argument rules above the tool's own rule above the server's catch-all. */
const ARGUMENT_RULE_PRIORITY = 900;
const TOOL_PRIORITY = 100;
const SERVER_DEFAULT_PRIORITY = 1;

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
/** How a top-level key appears in Gemini CLI's stable JSON of the arguments (sorted keys, no spaces: stable-stringify.ts). */
const keyPattern = (name: string) => escapeRegex(`${JSON.stringify(name)}:`);

/**
 * One argument's conditions as lookaheads over the arguments' stable JSON, or undefined when they cannot be written
 * as a regex there (`matches`, `min`, `max`, `in` with null). No group is ever repeated, so the pattern passes Gemini
 * CLI's isSafeRegExp check (a quantified group holding a quantifier is refused).
 */
function conditionPattern(name: string, condition: ArgumentCondition): string | undefined {
  if (condition.matches !== undefined || condition.min !== undefined || condition.max !== undefined) return undefined;
  const key = keyPattern(name);
  if (condition.present === false) return `(?!.*${key})`;
  // The key once only, so a nested object cannot lend its value to the check.
  const parts = [`(?!.*${key}.*${key})`, `(?=.*${key})`];
  if (condition.in !== undefined) {
    if (condition.in.some((value) => value === null)) return undefined;
    parts.push(`(?=.*${key}(?:${condition.in.map((value) => escapeRegex(JSON.stringify(value))).join('|')})[,}])`);
  }
  if (condition.under !== undefined) {
    const folder = escapeRegex(JSON.stringify(condition.under.replace(/\/+$/, '')).slice(1, -1));
    // Inside the folder, with no "." or ".." segment and no escaped character; symlinks are not seen.
    parts.push(`(?=.*${key}"${folder}(?:"|/[^"\\\\]*"))`, `(?!.*${key}"[^"\\\\]*/\\.\\.?[/"])`);
  }
  return parts.join('');
}

function argsPatternOf(when: ArgumentConditions): string | undefined {
  const parts = Object.entries(when).map(([name, condition]) => conditionPattern(name, condition));
  return parts.every((part) => part !== undefined) ? `^${parts.join('')}` : undefined;
}

function ruleBlock(fields: Record<string, string | number | undefined>): string {
  const lines = ['[[rule]]'];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    lines.push(`${key} = ${typeof value === 'number' ? value : tomlString(value)}`);
  }
  return lines.join('\n');
}

/** The rules for one tool: its argument rules in order (when all can be written), then its own verdict. */
function toolRules(server: string, tool: PolicyTool, notes: string[]): string[] {
  const toolName = tool.name;
  const blocks: string[] = [];
  const patterns = tool.argumentRules?.rules.map((rule) => argsPatternOf(rule.when));
  if (tool.argumentRules && patterns?.every((pattern) => pattern !== undefined)) {
    tool.argumentRules.rules.forEach((rule, index) => {
      blocks.push(ruleBlock({ mcpName: server, toolName, argsPattern: patterns[index], decision: DECISION[rule.outcome.action], priority: ARGUMENT_RULE_PRIORITY - index }));
    });
    blocks.push(ruleBlock({ mcpName: server, toolName, decision: DECISION[tool.argumentRules.otherwise.action], priority: TOOL_PRIORITY }));
    if (tool.argumentRules.rules.some((rule) => Object.values(rule.when).some((condition) => condition.under !== undefined))) {
      notes.push(`${quoteName(tool.name)}: Gemini CLI matches "under" as text over the arguments' JSON (no "." or ".." segments); it cannot follow symlinks, which mcp-risk guard and the Claude Code hook do.`);
    }
    return blocks;
  }
  if (tool.argumentRules) {
    const rules = tool.argumentRules.rules.map((rule) => `rule ${rule.rule} (when ${describeConditions(rule.when)})`).join(', ');
    notes.push(`Gemini CLI's argsPattern is a regex over the arguments' JSON and cannot express matches, min or max; ${quoteName(tool.name)} is decided per call by ${rules}, so here it gets its most cautious outcome, ${tool.action}. mcp-risk guard applies the rules per call.`);
  }
  blocks.push(ruleBlock({ mcpName: server, toolName, decision: DECISION[tool.action], priority: TOOL_PRIORITY }));
  return blocks;
}

/**
 * A Gemini CLI policy file (TOML, for ~/.gemini/policies/ or .gemini/policies/): per tool a `[[rule]]` with `mcpName`,
 * `toolName`, `decision` (allow, ask_user, deny) and `priority`; argument rules become rules with `argsPattern` at a
 * higher priority, tried in their order; a catch-all denies tools of the server the review did not see. Gemini CLI
 * cannot count calls: budgeted writes ask unless --allow-unbounded. Documented in docs/policy.md.
 */
export function exportGemini(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const blocks: string[] = [];
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'Gemini CLI', options);
    const serverNotes = [...policyNotes(policy, policies.length > 1), ...asked];
    if (tomlString(policy.server.key) === undefined) return [...serverNotes, `The server name ${quoteName(policy.server.key)} cannot be written in TOML; nothing is written for it.`];
    if (policy.server.key.includes('_')) serverNotes.push(`Gemini CLI's docs warn against "_" in MCP server names (it splits mcp_<server>_<tool> at the first one); rename ${quoteName(policy.server.key)} in your settings and run mcp-risk policy with --server-key.`);
    const unwritable = policy.tools.filter((tool) => tomlString(tool.name) === undefined);
    if (unwritable.length) serverNotes.push(`${unwritable.map((tool) => quoteName(tool.name)).join(', ')} cannot be written in TOML; they fall to the catch-all deny.`);
    for (const tool of policy.tools) if (tomlString(tool.name) !== undefined) blocks.push(...toolRules(policy.server.key, tool, serverNotes));
    blocks.push(ruleBlock({ mcpName: policy.server.key, toolName: '*', decision: 'deny', priority: SERVER_DEFAULT_PRIORITY }));
    return [...serverNotes, ...describeUnenforcedLimits(policy, 'Gemini CLI', 'Allowed tools run without a budget; mcp-risk guard keeps budgets.', ['allow', 'approve'])];
  });
  notes.push('Priorities count within the tier the file is loaded from (user: ~/.gemini/policies/, workspace: .gemini/policies/); a higher tier\'s rules still win. ask_user is treated as deny in non-interactive mode.');
  return { text: `${tomlComments(['mcp-risk recommended Gemini CLI policy', ...notes])}\n\n${blocks.join('\n\n')}\n`, notes };
}
