import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASSIFIER_VERSION } from '../../classifier/version.ts';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { REMOTE_VARIABLE } from '../../guard/config-rewrite.ts';
import { changeConfig } from '../../guard/install.ts';
import { deriveGuardServerKey } from '../../guard/launch.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, defaultStatePaths, runGuard } from '../../guard/run-guard.ts';
import { applyRules } from '../../policy/rules.ts';
import { PolicySchema, type Policy, type PolicyRulesFile } from '../../schemas/policy.ts';
import { SANDBOX_NAMES } from '../../scanner/sandbox.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { readRulesFile } from '../read-rules-file.ts';
import { createSandbox } from '../../scanner/create-sandbox.ts';
import { countOf } from '../../core/terminal-text.ts';

const usage = `Usage: mcp-risk guard [options] -- COMMAND [ARGS...]
       mcp-risk guard [options] --upstream URL [--header "Name: value"]...
       mcp-risk guard install CONFIG [--dry-run] [--rules FILE] [--sandbox NAME] [--audit-args]
       mcp-risk guard uninstall CONFIG [--dry-run]

Runs an MCP server behind a policy. To the client the guard is an MCP stdio server; to the real server it
is the client. Denied tools disappear from tools/list; every other tool carries verified annotations and
its verdict; tools/call is allowed (within its rate limits), asked (MCP elicitation) or denied; a tool
that changed after review gets the policy's default (deny). Everything else passes through unchanged.
Every call is one JSON line in the audit log. Details: docs/guard.md.

Without --policy the guard assesses the server's tool list at start and uses the default mapping of
\`mcp-risk policy\`; stderr says where the policy came from.

Options:
  --policy FILE            a policy from \`mcp-risk policy\` (refuses to start if the server's tools differ)
  --allow-changed          start anyway; tools that differ from the policy get its default action
  --rules FILE             a rules file (YAML or JSON) applied on top; see docs/policy.md
  --server-key NAME        the server's name in the audit log and state (default: from the policy or command)
  --audit FILE             the audit log (default $XDG_STATE_HOME/mcp-risk/guard/<server>.audit.jsonl)
  --audit-args             also record each call's arguments (always: their sha256)
  --audit-max-bytes N      rotate the audit log past this size (default 10485760; keeps 5)
  --state FILE             rate-limit counters (default $XDG_STATE_HOME/mcp-risk/guard/<server>.state.json)
  --sandbox NAME           run the server in ${SANDBOX_NAMES.join(', ')} (default: as the client would, unsandboxed)
  --read-only PATH         with --sandbox: make another host path visible read-only; repeatable
  --upstream URL           guard a remote server (Streamable HTTP) instead of a command
  --header "Name: value"   a header for --upstream; repeatable; never printed or logged
  --max-message-bytes N    the largest message either side may send (default ${DEFAULT_MAX_MESSAGE_BYTES})

install rewrites a Claude Desktop, Claude Code, Cursor or VS Code configuration so every server in it runs
behind the guard (a copy is kept as CONFIG.mcp-risk-backup; --dry-run prints the diff); uninstall undoes it.

Exit codes: the server's exit status when it ends; 0 when the client goes away; 2 bad usage;
3 the guard refused to start (the policy does not fit the server) or could not start.
`;

const BIN_PATH = fileURLToPath(new URL('../../bin/mcp-risk.js', import.meta.url));

function parseSize(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new McpRiskError('usage', `guard: expected --${flag} to be a positive whole number, got "${value}".`);
  }
  return Number(value);
}

function absolute(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

async function readPolicy(file: string, cwd: string): Promise<Policy> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(absolute(file, cwd), 'utf8'));
  } catch (error) {
    throw new McpRiskError('input', `guard: expected a policy (JSON) in ${file}, got ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `text that does not parse: ${(error as Error).message}`}.`, {
      hint: 'Make one with `mcp-risk scan … --format json > scan.json && mcp-risk policy scan.json > policy.json`.',
      cause: error,
    });
  }
  const parsed = PolicySchema.safeParse(data);
  if (!parsed.success) {
    const fields = parsed.error.issues.slice(0, 5).map((issue) => `  ${file}: ${issue.path.join('.') || '(top level)'}: ${issue.message}`).join('\n');
    throw new McpRiskError('input', `guard: expected a policy in ${file}, got one with invalid fields:\n${fields}`, { hint: 'data/schema/policy.schema.json describes the format.' });
  }
  return parsed.data;
}

/** `Name: value` → a header; the value is never echoed back in an error. */
function parseHeaders(values: readonly string[], environment: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  const fromConfig = environment[REMOTE_VARIABLE];
  if (fromConfig) {
    try {
      const remote = JSON.parse(fromConfig) as { headers?: unknown };
      if (typeof remote.headers === 'object' && remote.headers !== null) {
        for (const [name, value] of Object.entries(remote.headers)) if (typeof value === 'string') headers[name] = value;
      }
    } catch {
      throw new McpRiskError('usage', `guard: expected ${REMOTE_VARIABLE} to hold JSON (written by \`mcp-risk guard install\`), got something else.`);
    }
  }
  for (const entry of values) {
    const colon = entry.indexOf(':');
    const name = colon === -1 ? '' : entry.slice(0, colon).trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new McpRiskError('usage', 'guard: expected --header "Name: value" with a valid header name (the value is not shown).');
    headers[name] = entry.slice(colon + 1).trim();
  }
  return headers;
}

async function runConfigChange(mode: 'install' | 'uninstall', argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(`guard ${mode}`, argv, {
    'dry-run': { type: 'boolean' },
    rules: { type: 'string' },
    sandbox: { type: 'string' },
    'audit-args': { type: 'boolean' },
  });
  const config = positionals[0];
  if (config === undefined || positionals.length > 1) throw new McpRiskError('usage', `guard ${mode}: expected one CONFIG file, got ${positionals.length}.`, { hint: 'Run `mcp-risk guard --help` for usage.' });
  if (mode === 'uninstall' && (values.rules !== undefined || values.sandbox !== undefined || values['audit-args'])) {
    throw new McpRiskError('usage', 'guard uninstall: expected only CONFIG and --dry-run, got guard options.');
  }
  const extraArgs = [
    ...(values.rules !== undefined ? ['--rules', absolute(values.rules, io.cwd)] : []),
    ...(values.sandbox !== undefined ? ['--sandbox', requireChoice('guard install', 'sandbox', values.sandbox, SANDBOX_NAMES)] : []),
    ...(values['audit-args'] ? ['--audit-args'] : []),
  ];
  const path = absolute(config, io.cwd);
  let change;
  try {
    change = await changeConfig(path, mode, { dryRun: values['dry-run'] ?? false, guard: { command: process.execPath, args: [BIN_PATH, 'guard'] }, extraArgs });
  } catch (error) {
    throw new McpRiskError('input', `guard ${mode}: cannot change ${config}: ${(error as Error).message}.`, { hint: 'See "Installing" in docs/guard.md for the supported configurations.', cause: error });
  }
  const { rewrite } = change;
  for (const skipped of rewrite.skipped) io.stderr.write(`note: ${skipped.server} left as it is: ${skipped.why}\n`);
  for (const note of change.notes) io.stderr.write(`note: ${note}\n`);
  if (values['dry-run']) {
    io.stdout.write(change.diff);
    io.stderr.write(`dry run: ${countOf(rewrite.changed.length, 'server')} would change; nothing was written\n`);
    return EXIT_OK;
  }
  if (!rewrite.changed.length) {
    io.stderr.write(`nothing to ${mode} in ${config}\n`);
    return EXIT_OK;
  }
  io.stderr.write(`${mode === 'install' ? 'now behind the guard' : 'no longer behind the guard'}: ${rewrite.changed.join(', ')}\nprevious version saved as ${change.backup}\nrestart the client to apply it\n`);
  return EXIT_OK;
}

export const guardCommand: Command = {
  name: 'guard',
  usage,
  async run(argv, io) {
    if (argv[0] === 'install' || argv[0] === 'uninstall') return runConfigChange(argv[0], argv.slice(1), io);
    const { values, positionals } = parseCommandArgs('guard', argv, {
      policy: { type: 'string' },
      'allow-changed': { type: 'boolean' },
      rules: { type: 'string' },
      'server-key': { type: 'string' },
      audit: { type: 'string' },
      'audit-args': { type: 'boolean' },
      'audit-max-bytes': { type: 'string' },
      state: { type: 'string' },
      sandbox: { type: 'string' },
      'read-only': { type: 'string', multiple: true },
      upstream: { type: 'string' },
      header: { type: 'string', multiple: true },
      'max-message-bytes': { type: 'string' },
    });
    const separator = argv.indexOf('--');
    const command = separator === -1 ? [] : argv.slice(separator + 1);
    if (separator === -1 && positionals.length) throw new McpRiskError('usage', `guard: expected the server's command after \`--\`, got "${positionals[0]}" before it.`, { hint: 'For example: mcp-risk guard -- npx -y @modelcontextprotocol/server-filesystem ~/notes' });
    if (values.upstream !== undefined && command.length) throw new McpRiskError('usage', 'guard: expected either --upstream URL or a command after `--`, got both.');
    if (values.upstream === undefined && !command.length) throw new McpRiskError('usage', 'guard: expected a command after `--` or --upstream URL, got neither.', { hint: 'Run `mcp-risk guard --help` for usage.' });
    if (values.header?.length && values.upstream === undefined) throw new McpRiskError('usage', 'guard: --header applies to --upstream only.');
    let url: URL | undefined;
    if (values.upstream !== undefined) {
      if (!/^https?:\/\//i.test(values.upstream) || !URL.canParse(values.upstream)) throw new McpRiskError('usage', 'guard: expected --upstream to be an http(s) URL.');
      url = new URL(values.upstream);
    }
    const sandboxName = values.sandbox === undefined ? undefined : requireChoice('guard', 'sandbox', values.sandbox, SANDBOX_NAMES);
    if (sandboxName && url) throw new McpRiskError('usage', 'guard: --sandbox applies to a command, not to --upstream.');
    if (values['read-only']?.length && !sandboxName) throw new McpRiskError('usage', 'guard: --read-only applies with --sandbox only (without one the server sees everything you do).');
    const sandbox = sandboxName ? createSandbox(sandboxName) : undefined;
    if (sandbox) {
      const unavailable = await sandbox.checkAvailable();
      if (unavailable) throw new McpRiskError('input', `guard: the ${sandbox.name} sandbox is unavailable: ${unavailable}`);
    }

    const rules: PolicyRulesFile | undefined = values.rules === undefined ? undefined : await readRulesFile(absolute(values.rules, io.cwd), io);
    let policy = values.policy === undefined ? undefined : await readPolicy(values.policy, io.cwd);
    if (policy && rules) policy = { ...policy, tools: applyRules(policy.tools, rules) };
    const withRules = rules ? `, with the rules in ${values.rules}` : '';
    const policySource = policy
      ? `${values.policy} (for ${policy.server.name}${policy.server.version ? ` ${policy.server.version}` : ''}, scanned ${policy.server.scannedAt}${withRules})`
      : `assessed live from the server's tool list by classifier ${CLASSIFIER_VERSION} with the default mapping (no --policy)${withRules}`;
    const serverKey = values['server-key'] ?? policy?.server.key ?? deriveGuardServerKey(url ? { url } : { command });
    const defaults = defaultStatePaths(serverKey, process.env);
    const headers = url ? parseHeaders(values.header ?? [], process.env) : {};

    const log = (line: string) => io.stderr.write(`${line}\n`);
    try {
      return await runGuard(
        {
          server: url ? { url, headers } : { command, ...(sandbox && { sandbox, readOnlyPaths: (values['read-only'] ?? []).map((path) => absolute(path, io.cwd)) }) },
          serverKey,
          ...(policy && { policy }),
          policySource,
          ...(rules && { rules }),
          allowChanged: values['allow-changed'] ?? false,
          auditPath: values.audit === undefined ? defaults.audit : absolute(values.audit, io.cwd),
          auditArguments: values['audit-args'] ?? false,
          auditMaxBytes: parseSize('audit-max-bytes', values['audit-max-bytes'], 10 * 1024 * 1024),
          statePath: values.state === undefined ? defaults.state : absolute(values.state, io.cwd),
          maxMessageBytes: parseSize('max-message-bytes', values['max-message-bytes'], DEFAULT_MAX_MESSAGE_BYTES),
          cwd: io.cwd,
        },
        { input: io.stdin, output: io.stdout },
        log,
      );
    } finally {
      // Nothing may keep the process alive once the session is over.
      io.stdin.destroy();
    }
  },
};
