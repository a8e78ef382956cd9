import type { Policy } from '../../schemas/policy.ts';
import { describeArgumentRulesNotExpressed } from '../client-view.ts';
import { describeUnenforcedLimits, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';
import { renderYaml } from '../yaml-text.ts';

/**
 * The Docker MCP gateway's `tools.yaml` for one or more servers: server name → the tools it exposes. The
 * gateway enables exactly the listed names once a server has an entry, and all tools when it has none, so
 * the entry is always written, even empty (docker/mcp-gateway pkg/config/tools.go and isToolEnabled; see
 * docs/policy.md). The gateway cannot ask a person or count calls: approve falls to disabled, budgets are dropped.
 */
export function exportDocker(policies: readonly Policy[]): PolicyExport {
  const data: Record<string, string[]> = {};
  const notes = notesPerServer(policies, (policy) => {
    const enabled = policy.tools.filter((tool) => tool.action === 'allow').map((tool) => tool.name);
    Object.defineProperty(data, policy.server.key, { value: enabled, enumerable: true, writable: true, configurable: true });
    const needsApproval = policy.tools.filter((tool) => tool.action === 'approve');
    return [
      ...policyNotes(policy, policies.length > 1),
      ...(needsApproval.length
        ? [`The gateway cannot ask a person before a call; ${needsApproval.map((tool) => quoteName(tool.name)).join(', ')} need approval and are left disabled. Enable them only behind a client that asks before each call.`]
        : []),
      ...describeUnenforcedLimits(policy, 'The Docker MCP gateway', 'Enabled tools run without a budget.', ['allow']),
      ...describeArgumentRulesNotExpressed(policy, "The gateway's tools.yaml", 'the docker-sandboxes format (Cedar, context.args) or mcp-risk guard applies them per call'),
    ];
  });
  const names = policies.map((policy) => `${policy.server.name} (scan pin ${policy.server.scanPin})`).join(', ');
  const header = [`mcp-risk recommended tools for ${names}.`, 'Only listed tools are enabled; tools the server adds later stay disabled.', ...notes];
  return { text: renderYaml(data, { header }), notes };
}
