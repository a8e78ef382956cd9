import { resolve } from 'node:path';
import { z } from 'zod';
import { POLICY_FORMATS } from '../../policy/render.ts';
import { ScanRecordSchema, type ScanRecord } from '../../schemas/scan-record.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseTextWith } from '../../core/parse.ts';
import { readTextInput } from '../read-input.ts';
import { readRulesFile } from '../read-rules-file.ts';
import { writePolicyOutput } from '../policy-output.ts';

const usage = `Usage: mcp-risk policy SCAN.json [--format ${POLICY_FORMATS.join('|')}] [--out DIR] [--rules FILE] [--server-key NAME]
       [--allow-unbounded] [--hook-policy PATH]

Recommends a policy for the servers a scan file describes (one record, or the array that
\`mcp-risk scan CONFIG --format json\` prints) and writes it in one format:
  mcp-risk     the full policy (default; schema in data/schema/policy.schema.json); an array for several servers
  claude-code  permissions and a PreToolUse hook (mcp-risk hook claude-code) for Claude Code's settings.json
  cursor       Cursor's permissions.json (mcpAllowlist; one file for every server)
  vscode       VS Code settings (chat.tools.eligibleForAutoApproval; one block for every server)
  codex        Codex's config.toml keys: enabled_tools, disabled_tools, approval_mode (every server)
  gemini       a Gemini CLI policy (TOML rules; argument rules as argsPattern; every server)
  docker       the Docker MCP gateway's tools.yaml (one file for every server)
  docker-sandboxes  a Docker Sandboxes MCP policy in Cedar (context.args, @requireApproval; every server)
  toolhive     ToolHive's toolsFilter and toolsOverride (one file per server: needs --out for several)
  intercept    a PolicyLayer Intercept policy (one file per server: needs --out for several)

Default mapping: low → allow; medium → allow with a budget; high → approve with a budget;
critical → deny; a prompt-injection or hidden-unicode finding → deny. Reads SCAN.json from
standard input when it is "-". Records of failed scans are skipped, saying so. What a format cannot
express, and which server name the rules assume, is printed on stderr as notes.

Options:
  --format FORMAT    the output format (default mcp-risk)
  --out DIR          write the file(s) into DIR instead of printing
  --rules FILE       a rules file (YAML or JSON) overriding the mapping; see docs/policy.md
  --allow-unbounded  in clients that cannot count calls, allow budgeted tools that change something with
                     no limit (default: they ask before each call; mcp-risk guard keeps budgets)
  --hook-policy PATH where the Claude Code hook reads the mcp-risk policy (default:
                     "$CLAUDE_PROJECT_DIR"/.claude/mcp-risk-policy.json)
  --server-key NAME  the name your client configuration gives the server (one record only; default:
                     the configuration's own name, else the package name without scope and mcp/server affixes)

Exit codes: 0 written; 2 bad usage; 3 an unreadable or invalid file, or no successful scan in it.
`;

/** Reads and validates a scan file: one record, or an array of them as `scan FILE --format json` prints. */
export async function readScanRecords(file: string, io: Parameters<Command['run']>[1]): Promise<ScanRecord[]> {
  const text = await readTextInput(file, io);
  const isArray = text.trimStart().startsWith('[');
  const parsed = parseTextWith(isArray ? z.array(ScanRecordSchema).min(1) : ScanRecordSchema, text, {
    source: file,
    what: isArray ? 'an array of scan records' : 'a scan record',
    hint: 'Produce one with `mcp-risk scan … --format json`; data/schema/scan-record.schema.json describes the format.',
  });
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Reads and validates a rules file (YAML, so JSON too). */
export const policyCommand: Command = {
  name: 'policy',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('policy', argv, {
      format: { type: 'string' },
      out: { type: 'string' },
      rules: { type: 'string' },
      'server-key': { type: 'string' },
      'allow-unbounded': { type: 'boolean' },
      'hook-policy': { type: 'string' },
    });
    const format = requireChoice('policy', 'format', values.format ?? 'mcp-risk', POLICY_FORMATS);
    const scanFile = positionals[0];
    if (scanFile === undefined || positionals.length > 1) {
      throw new McpRiskError('usage', `policy: expected one SCAN.json, got ${positionals.length}.`, { hint: 'Run `mcp-risk policy --help` for usage.' });
    }
    if (values['server-key'] !== undefined && values['server-key'].trim() === '') throw new McpRiskError('usage', 'policy: expected --server-key to be a name, got an empty string.');
    const rules = values.rules === undefined ? undefined : await readRulesFile(values.rules, io);
    const records = await readScanRecords(scanFile, io);
    await writePolicyOutput(records, {
      format,
      command: 'policy',
      ...(rules && { rules }),
      ...(values['server-key'] !== undefined && { serverKey: values['server-key'] }),
      ...(values.out !== undefined && { outDirectory: resolve(io.cwd, values.out) }),
      exportOptions: { allowUnbounded: values['allow-unbounded'] === true, ...(values['hook-policy'] !== undefined && { hookPolicyPath: values['hook-policy'] }) },
    }, io);
    return EXIT_OK;
  },
};
