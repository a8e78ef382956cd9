import type { ClaudeCodeHookInput, ClaudeCodeHookOutput } from '../schemas/claude-code-hook.ts';
import type { Policy, PolicyAction } from '../schemas/policy.ts';
import { decideByArguments, type PathResolver } from './argument-conditions.ts';
import { withoutUnboundedAllows, type ExportOptions } from './client-view.ts';
import { claudeCodeToolRule, normalizeClaudeCodeName } from './exports/claude-code.ts';
import { toTerminalText } from '../core/terminal-text.ts';

const DECISION: Record<PolicyAction, 'allow' | 'ask' | 'deny'> = { allow: 'allow', approve: 'ask', deny: 'deny' };

function answer(action: PolicyAction, reason: string): ClaudeCodeHookOutput {
  return { hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: DECISION[action], permissionDecisionReason: `mcp-risk: ${reason}` } };
}

/**
 * The answer of `mcp-risk hook claude-code` to one PreToolUse event: for a tool of a server the policies cover, the
 * policy's decision for these arguments (argument rules tried in order, paths through `resolvePath`); a tool the
 * covered server did not list at the review is denied, as the policy's default says. Undefined for any other tool:
 * the hook then prints nothing and Claude Code decides as it would without it. Budgets cannot be counted here, so a
 * budgeted allow of a tool that changes something asks, unless allowUnbounded (the same view as the permissions export).
 */
export function decideClaudeCodeHook(policies: readonly Policy[], input: ClaudeCodeHookInput, resolvePath: PathResolver, options: ExportOptions = {}): ClaudeCodeHookOutput | undefined {
  if (input.hook_event_name !== 'PreToolUse' || !input.tool_name.startsWith('mcp__')) return undefined;
  for (const original of policies) {
    const { policy } = withoutUnboundedAllows(original, 'Claude Code', options);
    const tool = policy.tools.find((candidate) => claudeCodeToolRule(policy.server.key, candidate.name) === input.tool_name);
    if (tool?.argumentRules) {
      const { outcome, decision } = decideByArguments(tool.argumentRules, input.tool_input, resolvePath);
      const where = decision.rule === undefined ? decision.condition : `rule ${decision.rule}: ${decision.condition}`;
      return answer(outcome.action, `${outcome.reason} [${where}]`);
    }
    if (tool) return answer(tool.action, tool.reason);
  }
  const covered = policies.find((policy) => input.tool_name.startsWith(`mcp__${normalizeClaudeCodeName(policy.server.key)}__`));
  if (covered) return answer(covered.defaultAction, `"${toTerminalText(input.tool_name, 80)}" was not in the tool list reviewed for server "${toTerminalText(covered.server.key, 60)}"; the policy denies tools it does not name. Scan the server again to review it.`);
  return undefined;
}
