import type { Policy } from '../../schemas/policy.ts';
import { describeArgumentRulesNotExpressed, withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, groupByReference, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';

/** The setting that keeps a tool from ever being auto-approved. */
export const VSCODE_SETTING = 'chat.tools.eligibleForAutoApproval';

/**
 * VS Code's full reference name for an MCP tool, the key of `chat.tools.eligibleForAutoApproval`:
 * `<server label, lower-cased, whitespace runs as "-">/<tool name with "." as "_">`
 * (microsoft/vscode mcpLanguageModelToolContribution.ts and mcpServer.ts; see docs/policy.md).
 */
export function vscodeToolReference(serverKey: string, toolName: string): string {
  return `${serverKey.toLowerCase().replace(/\s+/g, '-')}/${toolName.replaceAll('.', '_')}`;
}

/**
 * A VS Code settings fragment for one or more servers: every tool that needs approval or is denied is
 * `false` (never eligible for auto-approval). VS Code settings cannot deny a tool or limit its rate; notes
 * say so, outside the file (settings.json takes comments, but the download is served and checked as JSON).
 */
export function exportVsCode(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const eligibility: Record<string, boolean> = {};
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'VS Code', options);
    const { groups, notes: collisions } = groupByReference(policy.tools, (tool) => vscodeToolReference(policy.server.key, tool.name), 'VS Code');
    for (const [reference, group] of groups) {
      if (group.action !== 'allow') Object.defineProperty(eligibility, reference, { value: false, enumerable: true, writable: true, configurable: true });
    }
    const denied = policy.tools.filter((tool) => tool.action === 'deny');
    return [
      ...policyNotes(policy, policies.length > 1),
      ...collisions,
      ...(denied.length ? [`VS Code settings cannot deny a tool; ${denied.map((tool) => quoteName(tool.name)).join(', ')} always ask for confirmation instead. Deselect them in the chat tools picker to deny them.`] : []),
      ...describeUnenforcedLimits(policy, 'VS Code', 'Allowed tools keep VS Code\'s default approval behaviour.'),
      ...asked,
      ...describeArgumentRulesNotExpressed(policy, 'VS Code'),
    ];
  });
  return { text: `${JSON.stringify({ [VSCODE_SETTING]: eligibility }, null, 2)}\n`, notes };
}
