import type { Policy } from '../../schemas/policy.ts';
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

/**
 * The `permissions` block of a Claude Code `settings.json` for one or more servers: allow → `allow`,
 * approve → `ask`, deny → `deny`. Claude Code rejects a settings file with unknown keys, so notes travel
 * outside the file.
 */
export function exportClaudeCode(policies: readonly Policy[]): PolicyExport {
  const permissions = { allow: [] as string[], ask: [] as string[], deny: [] as string[] };
  const notes = notesPerServer(policies, (policy) => {
    const { groups, notes: collisions } = groupByReference(policy.tools, (tool) => claudeCodeToolRule(policy.server.key, tool.name), 'Claude Code');
    for (const [rule, group] of groups) {
      const list = group.action === 'allow' ? permissions.allow : group.action === 'approve' ? permissions.ask : permissions.deny;
      list.push(rule);
    }
    return [
      ...policyNotes(policy, policies.length > 1),
      ...collisions,
      ...describeUnenforcedLimits(policy, 'Claude Code', 'Enforce budgets with a gateway (the Intercept export) if they matter.'),
      ...describeServerName(policy, [...groups.keys()]),
    ];
  });
  notes.push('Claude Code cannot deny tools it has no rule for; a tool the server adds after this scan will prompt for approval rather than be denied. Re-scan when the server changes.');
  return { text: `${JSON.stringify({ permissions }, null, 2)}\n`, notes };
}
