import type { Policy } from '../schemas/policy.ts';
import type { PolicyExport } from './export.ts';
import { exportClaudeCode } from './exports/claude-code.ts';
import { exportCursor } from './exports/cursor.ts';
import { exportDocker } from './exports/docker.ts';
import { exportIntercept } from './exports/intercept.ts';
import { exportToolHive } from './exports/toolhive.ts';
import { exportVsCode } from './exports/vscode.ts';

export type { PolicyExport } from './export.ts';

/** Every format a policy renders to, in the order help texts list them. */
export const POLICY_FORMATS = ['mcp-risk', 'claude-code', 'cursor', 'vscode', 'docker', 'toolhive', 'intercept'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

/** What each format is and where its file goes. */
export const POLICY_FORMAT_INFO: Record<PolicyFormat, { title: string; fileName: string; mediaType: 'application/json' | 'application/yaml'; installs: string }> = {
  'mcp-risk': { title: 'mcp-risk policy', fileName: 'mcp-risk-policy.json', mediaType: 'application/json', installs: 'data/schema/policy.schema.json describes it' },
  'claude-code': { title: 'Claude Code', fileName: 'settings.json', mediaType: 'application/json', installs: 'merge `permissions` into .claude/settings.json or ~/.claude/settings.json' },
  cursor: { title: 'Cursor', fileName: 'permissions.json', mediaType: 'application/json', installs: '~/.cursor/permissions.json or <workspace>/.cursor/permissions.json' },
  vscode: { title: 'VS Code', fileName: 'settings.json', mediaType: 'application/json', installs: 'merge into user or workspace settings.json' },
  docker: { title: 'Docker MCP gateway', fileName: 'tools.yaml', mediaType: 'application/yaml', installs: '~/.docker/mcp/tools.yaml, or --additional-tools-config FILE' },
  toolhive: { title: 'ToolHive', fileName: 'toolhive-tools.json', mediaType: 'application/json', installs: 'thv run --tools-override FILE --tools NAMES, or an MCPToolConfig spec' },
  intercept: { title: 'PolicyLayer Intercept', fileName: 'intercept-policy.yaml', mediaType: 'application/yaml', installs: 'intercept -c FILE' },
};

function exportMcpRisk(policy: Policy): PolicyExport {
  return { text: `${JSON.stringify(policy, null, 2)}\n`, notes: [...policy.notes] };
}

const exporters: Record<PolicyFormat, (policy: Policy) => PolicyExport> = {
  'mcp-risk': exportMcpRisk,
  'claude-code': exportClaudeCode,
  cursor: exportCursor,
  vscode: exportVsCode,
  docker: exportDocker,
  toolhive: exportToolHive,
  intercept: exportIntercept,
};

/** Renders a policy in one format, with the notes on what the format could not express. */
export function exportPolicy(policy: Policy, format: PolicyFormat): PolicyExport {
  return exporters[format](policy);
}

/** Renders a policy in one format: the file's text only (use `exportPolicy` to also get the notes). */
export function renderPolicy(policy: Policy, format: PolicyFormat): string {
  return exportPolicy(policy, format).text;
}
