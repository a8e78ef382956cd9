import type { Policy } from '../../schemas/policy.ts';
import { describeArgumentRulesNotExpressed, withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, groupByReference, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';

/** Characters with a meaning in Cursor's `server:tool` patterns (`:` separates, `*` is a wildcard). */
const PATTERN_CHARACTERS = /[:*]/;

/** One server's `server:tool` allowlist entries, and the notes on what could not be listed. */
function allowlistFor(policy: Policy, oneOfSeveral: boolean): { entries: string[]; notes: string[] } {
  const notes = [...policyNotes(policy, oneOfSeveral)];
  const serverUnsafe = PATTERN_CHARACTERS.test(policy.server.key);
  if (serverUnsafe) notes.push(`The server name ${quoteName(policy.server.key)} contains ":" or "*", which Cursor reads as pattern syntax; no tool is allowlisted, so every call asks.`);
  const { groups, notes: collisions } = groupByReference(policy.tools, (tool) => tool.name, 'Cursor');
  notes.push(...collisions);
  const entries: string[] = [];
  const skipped: string[] = [];
  for (const [name, group] of groups) {
    if (group.action !== 'allow' || serverUnsafe) continue;
    if (PATTERN_CHARACTERS.test(name)) skipped.push(name);
    else entries.push(`${policy.server.key}:${name}`);
  }
  if (skipped.length) notes.push(`${skipped.map((name) => quoteName(name)).join(', ')} contain ":" or "*", which Cursor would read as a pattern; they are left out of the allowlist and ask before each call.`);
  const denied = policy.tools.filter((tool) => tool.action === 'deny');
  if (denied.length) notes.push(`Cursor's permissions.json cannot deny a tool; ${denied.map((tool) => quoteName(tool.name)).join(', ')} ask before each call instead. Turn them off in Cursor's MCP settings to deny them.`);
  notes.push(...describeUnenforcedLimits(policy, 'Cursor', 'Allowed tools run without a budget.', ['allow']));
  return { entries, notes };
}

/**
 * Cursor's `permissions.json` for one or more servers: `mcpAllowlist` lists the `server:tool` entries that
 * run without approval. Everything else asks, so approve is exact; deny cannot be expressed and falls back
 * to asking. Cursor documents that unknown keys are ignored, so the notes ride along under `mcpRiskNotes`.
 */
export function exportCursor(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const mcpAllowlist: string[] = [];
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'Cursor', options);
    const { entries, notes: serverNotes } = allowlistFor(policy, policies.length > 1);
    mcpAllowlist.push(...entries);
    return [...serverNotes, ...asked, ...describeArgumentRulesNotExpressed(policy, 'Cursor')];
  });
  notes.push(`When permissions.json sets mcpAllowlist it replaces the in-app MCP allowlist: merge these entries with those of your other servers.`);
  return { text: `${JSON.stringify({ mcpAllowlist, mcpRiskNotes: notes }, null, 2)}\n`, notes };
}
