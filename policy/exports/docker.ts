import type { Policy } from '../../schemas/policy.ts';
import { describeUnenforcedLimits, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../one-line-text.ts';
import { renderYaml } from '../yaml-text.ts';

/**
 * The Docker MCP gateway's `tools.yaml`: server name → the tools it exposes. The gateway enables exactly
 * the listed names once a server has an entry, and all tools when it has none, so the entry is always
 * written, even empty (docker/mcp-gateway pkg/config/tools.go and isToolEnabled; see docs/policy.md).
 * The gateway cannot ask a person or count calls: approve falls to disabled, budgets are dropped.
 */
export function exportDocker(policy: Policy): PolicyExport {
  const enabled = policy.tools.filter((tool) => tool.action === 'allow').map((tool) => tool.name);
  const needsApproval = policy.tools.filter((tool) => tool.action === 'approve');
  const notes = [
    ...policyNotes(policy),
    ...(needsApproval.length
      ? [`The gateway cannot ask a person before a call; ${needsApproval.map((tool) => quoteName(tool.name)).join(', ')} need approval and are left disabled. Enable them only behind a client that asks before each call.`]
      : []),
    ...describeUnenforcedLimits(policy, 'The Docker MCP gateway', 'Enabled tools run without a budget.', ['allow']),
    `The entry assumes the server is named ${quoteName(policy.server.key)} in the gateway's catalogue; rename the key if yours differs.`,
  ];
  const header = [`mcp-risk recommended tools for ${policy.server.name} (scan pin ${policy.server.scanPin}).`, 'Only listed tools are enabled; tools the server adds later stay disabled.', ...notes];
  return { text: renderYaml({ [policy.server.key]: enabled }, { header }), notes };
}
