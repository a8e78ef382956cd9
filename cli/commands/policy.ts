import { parse as parseYaml } from 'yaml';
import { recommendPolicy } from '../../policy/recommend.ts';
import { exportPolicy, POLICY_FORMATS } from '../../policy/render.ts';
import { PolicyRulesFileSchema, type PolicyRulesFile } from '../../schemas/policy.ts';
import { ScanRecordSchema, type ScanRecord } from '../../schemas/scan-record.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseTextWith } from '../../core/parse.ts';
import { readTextInput } from '../read-input.ts';

const usage = `Usage: mcp-risk policy SCAN.json [--format ${POLICY_FORMATS.join('|')}] [--rules FILE] [--server-key NAME]

Recommends a policy for the server a scan record describes and prints it in one format:
  mcp-risk     the full policy (default; schema in data/schema/policy.schema.json)
  claude-code  permissions for Claude Code's settings.json
  cursor       Cursor's permissions.json (mcpAllowlist)
  vscode       VS Code settings (chat.tools.eligibleForAutoApproval)
  docker       the Docker MCP gateway's tools.yaml
  toolhive     ToolHive's toolsFilter and toolsOverride
  intercept    a PolicyLayer Intercept policy

Default mapping: low → allow; medium → allow with a budget; high → approve with a budget;
critical → deny; a prompt-injection or hidden-unicode finding → deny. Reads SCAN.json from
standard input when it is "-". What a format cannot express is printed on stderr as notes.

Options:
  --format FORMAT    the output format (default mcp-risk)
  --rules FILE       a rules file (YAML or JSON) overriding the mapping; see docs/policy.md
  --server-key NAME  the name your client configuration gives the server (default: derived)
`;

/** Reads and validates a scan record file. */
export async function readScanRecord(file: string, io: Parameters<Command['run']>[1]): Promise<ScanRecord> {
  return parseTextWith(ScanRecordSchema, await readTextInput(file, io), { source: file, what: 'a scan record', hint: 'Produce one with `mcp-risk scan`; data/schema/scan-record.schema.json describes the format.' });
}

/** Reads and validates a rules file (YAML, so JSON too). */
export async function readRulesFile(file: string, io: Parameters<Command['run']>[1]): Promise<PolicyRulesFile> {
  return parseTextWith(PolicyRulesFileSchema, await readTextInput(file, io), { source: file, what: 'a rules file', hint: 'See "Rules files" in docs/policy.md.' }, (text) => parseYaml(text));
}

export const policyCommand: Command = {
  name: 'policy',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('policy', argv, {
      format: { type: 'string' },
      rules: { type: 'string' },
      'server-key': { type: 'string' },
    });
    const format = requireChoice('policy', 'format', values.format ?? 'mcp-risk', POLICY_FORMATS);
    const scanFile = positionals[0];
    if (scanFile === undefined || positionals.length > 1) {
      throw new McpRiskError('usage', `policy: expected one SCAN.json, got ${positionals.length}.`, { hint: 'Run `mcp-risk policy --help` for usage.' });
    }
    if (values['server-key'] !== undefined && values['server-key'].trim() === '') throw new McpRiskError('usage', 'policy: expected --server-key to be a name, got an empty string.');
    const rules = values.rules === undefined ? undefined : await readRulesFile(values.rules, io);
    const record = await readScanRecord(scanFile, io);
    const policy = recommendPolicy(record, { ...(rules && { rules }), ...(values['server-key'] !== undefined && { serverKey: values['server-key'] }) });
    const rendered = exportPolicy(policy, format);
    io.stdout.write(rendered.text);
    for (const note of rendered.notes) io.stderr.write(`note: ${note}\n`);
    return EXIT_OK;
  },
};
