import type { Policy } from '../schemas/policy.ts';
import type { ExportOptions } from './client-view.ts';
import { notesPerServer, serverKeyNote, type PolicyExport } from './export.ts';
import { exportClaudeCode } from './exports/claude-code.ts';
import { exportCodex } from './exports/codex.ts';
import { exportCursor } from './exports/cursor.ts';
import { exportDocker } from './exports/docker.ts';
import { exportDockerSandboxes } from './exports/docker-sandboxes.ts';
import { exportGemini } from './exports/gemini.ts';
import { exportIntercept } from './exports/intercept.ts';
import { exportToolHive } from './exports/toolhive.ts';
import { exportVsCode } from './exports/vscode.ts';

export type { PolicyExport } from './export.ts';
export type { ExportOptions } from './client-view.ts';

/** Every format a policy renders to, in the order help texts list them. */
export const POLICY_FORMATS = ['mcp-risk', 'claude-code', 'cursor', 'vscode', 'codex', 'gemini', 'docker', 'docker-sandboxes', 'toolhive', 'intercept'] as const;
export type PolicyFormat = (typeof POLICY_FORMATS)[number];

/** What each format is and where its file goes. */
export const POLICY_FORMAT_INFO: Record<PolicyFormat, { title: string; fileName: string; mediaType: 'application/json' | 'application/yaml' | 'application/toml' | 'text/plain'; installs: string }> = {
  'mcp-risk': { title: 'mcp-risk policy', fileName: 'mcp-risk-policy.json', mediaType: 'application/json', installs: 'data/schema/policy.schema.json describes it' },
  'claude-code': { title: 'Claude Code', fileName: 'settings.json', mediaType: 'application/json', installs: 'merge `permissions` into .claude/settings.json or ~/.claude/settings.json' },
  cursor: { title: 'Cursor', fileName: 'permissions.json', mediaType: 'application/json', installs: '~/.cursor/permissions.json or <workspace>/.cursor/permissions.json' },
  vscode: { title: 'VS Code', fileName: 'settings.json', mediaType: 'application/json', installs: 'merge into user or workspace settings.json' },
  codex: { title: 'Codex', fileName: 'codex-config.toml', mediaType: 'application/toml', installs: 'merge the keys into the [mcp_servers.NAME] tables of ~/.codex/config.toml or .codex/config.toml' },
  gemini: { title: 'Gemini CLI', fileName: 'mcp-risk.toml', mediaType: 'application/toml', installs: '~/.gemini/policies/mcp-risk.toml or .gemini/policies/mcp-risk.toml' },
  'docker-sandboxes': { title: 'Docker Sandboxes (Cedar)', fileName: 'mcp-policy.cedar', mediaType: 'text/plain', installs: "an organization MCP policy in Docker's AI Governance settings" },
  docker: { title: 'Docker MCP gateway', fileName: 'tools.yaml', mediaType: 'application/yaml', installs: '~/.docker/mcp/tools.yaml, or --additional-tools-config FILE' },
  toolhive: { title: 'ToolHive', fileName: 'toolhive-tools.json', mediaType: 'application/json', installs: 'thv run --tools-override FILE --tools NAMES, or an MCPToolConfig spec' },
  intercept: { title: 'PolicyLayer Intercept', fileName: 'intercept-policy.yaml', mediaType: 'application/yaml', installs: 'intercept -c FILE' },
};

function exportMcpRisk(policies: readonly Policy[]): PolicyExport {
  const notes = notesPerServer(policies, (policy) => [serverKeyNote(policy, policies.length > 1), ...policy.notes]);
  return { text: `${JSON.stringify(policies.length === 1 ? policies[0] : policies, null, 2)}\n`, notes };
}

/** Formats whose one file holds many servers (a client's settings, the gateway's tools.yaml); the rest configure one server each. */
export const MULTI_SERVER_FORMATS: readonly PolicyFormat[] = ['mcp-risk', 'claude-code', 'cursor', 'vscode', 'codex', 'gemini', 'docker', 'docker-sandboxes'];

const exporters: Record<PolicyFormat, (policies: readonly Policy[], options: ExportOptions) => PolicyExport> = {
  'mcp-risk': exportMcpRisk,
  'claude-code': exportClaudeCode,
  cursor: exportCursor,
  vscode: exportVsCode,
  codex: exportCodex,
  gemini: exportGemini,
  docker: exportDocker,
  'docker-sandboxes': exportDockerSandboxes,
  toolhive: (policies) => exportToolHive(onlyOne(policies, 'toolhive')),
  intercept: (policies) => exportIntercept(onlyOne(policies, 'intercept')),
};

function onlyOne(policies: readonly Policy[], format: PolicyFormat): Policy {
  if (policies.length !== 1) throw new Error(`${format} configures one server per file; export each policy on its own (got ${policies.length}).`);
  return policies[0]!;
}

/** Renders a policy in one format, with the notes on what the format could not express. */
export function exportPolicy(policy: Policy, format: PolicyFormat, options: ExportOptions = {}): PolicyExport {
  return exporters[format]([policy], options);
}

/**
 * Renders the policies of several servers as one file: one Claude Code permissions block, one Cursor
 * allowlist, one VS Code settings block, one tools.yaml, or a JSON array of mcp-risk policies. Only for
 * MULTI_SERVER_FORMATS; notes name the server they are about.
 */
export function exportPolicies(policies: readonly Policy[], format: PolicyFormat, options: ExportOptions = {}): PolicyExport {
  if (policies.length !== 1 && !MULTI_SERVER_FORMATS.includes(format)) throw new Error(`${format} configures one server per file; export each policy on its own.`);
  return exporters[format](policies, options);
}

/** Renders a policy in one format: the file's text only (use `exportPolicy` to also get the notes). */
export function renderPolicy(policy: Policy, format: PolicyFormat, options: ExportOptions = {}): string {
  return exportPolicy(policy, format, options).text;
}
