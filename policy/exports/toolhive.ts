import type { Policy } from '../../schemas/policy.ts';
import { describeArgumentRulesNotExpressed } from '../client-view.ts';
import { cautiousAnnotations, describeUnenforcedLimits, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';

/** A name no real tool has, used when nothing may be exposed: an empty ToolHive filter would expose everything. */
export const TOOLHIVE_NOTHING_ALLOWED = 'mcp-risk-no-tool-is-allowed';

/**
 * True when a name survives `thv run --tools a,b,c`: the flag is split on commas as CSV (quotes are syntax,
 * a line break ends the record) and values may be trimmed, so `list_files,delete_all_files` would enable
 * `delete_all_files`. Other names are left out of the filter, with a note: filtered out is the safe side.
 */
export function isToolHiveExpressible(name: string): boolean {
  return name !== '' && name === name.trim() && !/[,"\p{Cc}\p{Zl}\p{Zp}]/u.test(name);
}

/**
 * ToolHive's tool configuration, shaped like the documented MCPToolConfig spec: `toolsFilter` (an allow
 * list) and `toolsOverride` (per original tool name; here only `annotations`, set to the inferred hints so
 * clients that trust annotations prompt correctly, never less cautious than the hints the server declared). ToolHive cannot ask a person or count calls: approve
 * falls to filtered out, budgets are dropped.
 */
export function exportToolHive(policy: Policy): PolicyExport {
  const inexpressible = policy.tools.filter((tool) => tool.action === 'allow' && !isToolHiveExpressible(tool.name));
  const allowed = policy.tools.filter((tool) => tool.action === 'allow' && isToolHiveExpressible(tool.name));
  const toolsFilter = allowed.length ? allowed.map((tool) => tool.name) : [TOOLHIVE_NOTHING_ALLOWED];
  const overrides = allowed.map((tool) => ({ tool, ...cautiousAnnotations(tool) }));
  const toolsOverride = Object.fromEntries(overrides.map(({ tool, annotations }) => [tool.name, { annotations }]));
  const corrected = overrides.filter(({ kept }) => kept.length);
  const needsApproval = policy.tools.filter((tool) => tool.action === 'approve');
  const notes = [
    ...policyNotes(policy),
    ...(inexpressible.length
      ? [`${inexpressible.map((tool) => quoteName(tool.name)).join(', ')} cannot be passed safely to --tools (a comma, quote, line break or surrounding space would split or change the name); left out of the filter, so filtered out.`]
      : []),
    ...(allowed.length ? [] : [`No tool is allowed. ToolHive exposes every tool when the filter is empty, so the filter names only ${quoteName(TOOLHIVE_NOTHING_ALLOWED)}, which no tool has.`]),
    ...(needsApproval.length
      ? [`ToolHive cannot ask a person before a call; ${needsApproval.map((tool) => quoteName(tool.name)).join(', ')} need approval and are filtered out. Add them only behind a client that asks before each call.`]
      : []),
    ...(corrected.length
      ? [`The override keeps the server's own, more cautious hints where the assessment inferred less caution: ${corrected.map(({ tool, kept }) => `${quoteName(tool.name)} (${kept.join(', ')})`).join(', ')}.`]
      : []),
    ...describeUnenforcedLimits(policy, 'ToolHive', 'Exposed tools run without a budget.', ['allow']),
    ...describeArgumentRulesNotExpressed(policy, 'ToolHive'),
    'With the thv CLI: pass this file to --tools-override and the toolsFilter names to --tools (comma-separated). In Kubernetes, use the two fields as the spec of an MCPToolConfig.',
  ];
  return { text: `${JSON.stringify({ toolsFilter, toolsOverride }, null, 2)}\n`, notes };
}
