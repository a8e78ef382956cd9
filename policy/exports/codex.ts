import type { Policy, PolicyAction } from '../../schemas/policy.ts';
import { describeArgumentRulesNotExpressed, withoutUnboundedAllows, type ExportOptions } from '../client-view.ts';
import { describeUnenforcedLimits, notesPerServer, policyNotes, type PolicyExport } from '../export.ts';
import { quoteName } from '../../core/terminal-text.ts';
import { tomlComments, tomlKey, tomlString } from '../toml-text.ts';

/** Codex's per-tool approval modes: `approve` runs without asking, `prompt` always asks (openai/codex AppToolApproval). */
const APPROVAL_MODE: Record<Exclude<PolicyAction, 'deny'>, string> = { allow: 'approve', approve: 'prompt' };

/**
 * Codex's `config.toml` entries for one or more servers: under `[mcp_servers.NAME]`, `enabled_tools` (only these are
 * offered to the model), `disabled_tools` (the denied ones, also removed), and per tool `approval_mode`. Codex cannot
 * count calls or look at arguments: budgeted writes ask (unless --allow-unbounded), argument rules fall to the tool's
 * most cautious outcome, each with a note. Sources in docs/policy.md.
 */
export function exportCodex(policies: readonly Policy[], options: ExportOptions = {}): PolicyExport {
  const sections: string[] = [];
  const notes = notesPerServer(policies, (original) => {
    const { policy, notes: asked } = withoutUnboundedAllows(original, 'Codex', options);
    const server = tomlKey(policy.server.key);
    const serverNotes = [...policyNotes(policy, policies.length > 1), ...asked];
    if (server === undefined) return [...serverNotes, `The server name ${quoteName(policy.server.key)} cannot be written in TOML; nothing is written for it.`];
    const unwritable = policy.tools.filter((tool) => tomlString(tool.name) === undefined);
    const tools = policy.tools.filter((tool) => tomlString(tool.name) !== undefined);
    const enabled = tools.filter((tool) => tool.action !== 'deny');
    const disabled = tools.filter((tool) => tool.action === 'deny');
    const lines = [
      `[mcp_servers.${server}]`,
      `enabled_tools = [${enabled.map((tool) => tomlString(tool.name)).join(', ')}]`,
      `disabled_tools = [${disabled.map((tool) => tomlString(tool.name)).join(', ')}]`,
    ];
    for (const tool of enabled) {
      lines.push('', `[mcp_servers.${server}.tools.${tomlKey(tool.name)}]`, `approval_mode = "${APPROVAL_MODE[tool.action as Exclude<PolicyAction, 'deny'>]}"`);
    }
    sections.push(lines.join('\n'));
    return [
      ...serverNotes,
      ...(unwritable.length ? [`${unwritable.map((tool) => quoteName(tool.name)).join(', ')} cannot be written in TOML; left out of enabled_tools, so Codex does not offer them.`] : []),
      ...describeUnenforcedLimits(policy, 'Codex', 'Enabled tools run without a budget; mcp-risk guard keeps budgets.', ['allow', 'approve']),
      ...describeArgumentRulesNotExpressed(policy, 'Codex'),
    ];
  });
  notes.push('Merge these keys into the [mcp_servers.NAME] tables of ~/.codex/config.toml (or .codex/config.toml): TOML does not allow a table twice. enabled_tools offers only the listed tools, so a tool a server adds after this scan stays off.');
  return { text: `${tomlComments(['mcp-risk recommended Codex settings', ...notes])}\n\n${sections.join('\n\n')}\n`, notes };
}
