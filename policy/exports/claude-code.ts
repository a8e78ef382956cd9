import type { Policy } from '../../schemas/policy.ts';
import { withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, groupByReference, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { countOf, quoteName } from '../../core/terminal-text.ts';

/**
 * Claude Code's own normalisation of server and tool names in `mcp__<server>__<tool>`: every character
 * outside `[a-zA-Z0-9_-]` becomes `_` (the Anthropic API allows only those in tool names). Observed in
 * Claude Code's behaviour and issue anthropics/claude-code#80065, not in its documentation; see docs/policy.md.
 */
export function normalizeClaudeCodeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** `mcp__<server>__<tool>`, the permission rule that names exactly one MCP tool. */
export function claudeCodeToolRule(serverKey: string, toolName: string): string {
  return `mcp__${normalizeClaudeCodeName(serverKey)}__${normalizeClaudeCodeName(toolName)}`;
}

/** What Claude Code makes of one server's name and rules: the notes a reader needs about them. */
function describeServerName(policy: Policy, rules: readonly string[]): string[] {
  const serverPart = normalizeClaudeCodeName(policy.server.key);
  const extra: string[] = [];
  if (serverPart !== policy.server.key) extra.push(`Claude Code writes the server name ${quoteName(policy.server.key)} as ${quoteName(serverPart)} in rules; configure the server under a name of letters, digits, "-" and "_" to avoid surprises.`);
  if (serverPart.includes('__')) extra.push(`The server name ${quoteName(serverPart)} contains "__", which Claude Code also uses as the separator in mcp__<server>__<tool>; rename the server.`);
  const long = rules.filter((rule) => rule.length > 64);
  if (long.length) extra.push(`${countOf(long.length, 'rule')} ${long.length === 1 ? 'is' : 'are'} longer than 64 characters, the API's limit for tool names; Claude Code's docs do not say how it shortens them, so check these rules match: ${long.map((rule) => quoteName(rule)).join(', ')}.`);
  return extra;
}

/** Where the hook reads the policy unless the user says otherwise: beside the project's Claude Code settings. */
export const DEFAULT_HOOK_POLICY_PATH = '"$CLAUDE_PROJECT_DIR"/.claude/mcp-risk-policy.json';

/** The command Claude Code runs before each call of the covered servers' tools. */
export function claudeCodeHookCommand(options: ExportOptions = {}): string {
  const path = options.hookPolicyPath === undefined ? DEFAULT_HOOK_POLICY_PATH : `'${options.hookPolicyPath.replaceAll("'", "'\\''")}'`;
  return `mcp-risk hook claude-code --policy ${path}${options.allowUnbounded ? ' --allow-unbounded' : ''}`;
}

/**
 * A Claude Code `settings.json` fragment for one or more servers: `permissions` (allow → `allow`, approve → `ask`,
 * deny → `deny`) and a `PreToolUse` hook per server that runs `mcp-risk hook claude-code`, which applies argument rules,
 * denies tools the review never saw, and answers the rest as the permissions do. Tools decided by their arguments are
 * left out of `permissions` (a deny or ask rule there would override the hook's allow; without the hook Claude Code asks).
 * Claude Code rejects a settings file with unknown keys, so notes travel outside the file.
 */
export function exportClaudeCode(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const permissions = { allow: [] as string[], ask: [] as string[], deny: [] as string[] };
  const preToolUse: { matcher: string; hooks: { type: 'command'; command: string; timeout: number }[] }[] = [];
  const command = claudeCodeHookCommand(options);
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'Claude Code', options);
    const perCall = policy.tools.filter((tool) => tool.argumentRules);
    const { groups, notes: collisions } = groupByReference(policy.tools, (tool) => claudeCodeToolRule(policy.server.key, tool.name), 'Claude Code');
    for (const [rule, group] of groups) {
      if (group.tools.some((tool) => tool.argumentRules)) continue;
      const list = group.action === 'allow' ? permissions.allow : group.action === 'approve' ? permissions.ask : permissions.deny;
      list.push(rule);
    }
    preToolUse.push({ matcher: `mcp__${normalizeClaudeCodeName(policy.server.key)}__.*`, hooks: [{ type: 'command', command, timeout: 10 }] });
    return [
      ...policyNotes(policy, policies.length > 1),
      ...collisions,
      ...asked,
      ...describeUnenforcedLimits(policy, 'Claude Code', 'Enforce budgets with mcp-risk guard (or the Intercept export) if they matter.'),
      ...perCall.map((tool) => `${quoteName(tool.name)} is decided per call by its arguments (rule${tool.argumentRules!.rules.length === 1 ? '' : 's'} ${tool.argumentRules!.rules.map((rule) => rule.rule).join(', ')}): the PreToolUse hook applies them; it is left out of permissions, so without the hook Claude Code asks before each call.`),
      ...describeServerName(policy, [...groups.keys()]),
    ];
  });
  notes.push(`The PreToolUse hook runs \`${command}\`: save the mcp-risk policy there (mcp-risk policy SCAN.json --format mcp-risk > .claude/mcp-risk-policy.json, with the same --rules), and put mcp-risk on the PATH Claude Code runs hooks with. With the hook, a tool a covered server adds after this scan is denied; without it, such a tool prompts for approval. Re-scan when the server changes.`);
  return { text: `${JSON.stringify({ permissions, hooks: { PreToolUse: preToolUse } }, null, 2)}\n`, notes };
}
