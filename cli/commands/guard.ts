import { readFile } from 'node:fs/promises';
import { CLASSIFIER_VERSION } from '../../classifier/version.ts';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { REMOTE_VARIABLE, UPSTREAM_FROM_ENVIRONMENT } from '../../guard/config-rewrite.ts';
import { deriveGuardServerKey } from '../../guard/launch.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, defaultStatePaths, runGuard } from '../../guard/run-guard.ts';
import { applyRules } from '../../policy/rules.ts';
import { ContentActionSchema } from '../../schemas/content-inspection.ts';
import { PolicySchema, type Policy, type PolicyRulesFile } from '../../schemas/policy.ts';
import { SANDBOX_NAMES } from '../../scanner/sandbox.ts';
import { absolutePath, parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { readRulesFile } from '../read-rules-file.ts';
import { createSandbox } from '../../scanner/create-sandbox.ts';
import { countOf } from '../../core/terminal-text.ts';
import { runConfigChange } from './guard-install.ts';
import { runGuardLog } from './guard-log.ts';

const usage = `Usage: mcp-risk guard [options] -- COMMAND [ARGS...]
       mcp-risk guard [options] --upstream URL [--header "Name: value"]...
       mcp-risk guard install CONFIG [--dry-run] [--live | --scans FILE | --scan-sandbox NAME] [--rules FILE] [--sandbox NAME] [--audit-args] [--client-asks trust|refuse] [--content block]
       mcp-risk guard uninstall CONFIG [--dry-run]
       mcp-risk guard log [SERVER] [--follow] [--audit FILE]

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
  --sandbox NAME           none (the default): the server runs as the client would run it, with YOUR environment
                           and folder; bubblewrap or docker: contained, with an allowlisted environment (PATH,
                           HOME, LANG, TERM) plus the variables named by --pass-env
  --pass-env NAME          with --sandbox bubblewrap|docker: pass this variable's value on; repeatable
  --read-only PATH         with --sandbox bubblewrap|docker: make another host path visible read-only; repeatable
  --upstream URL           guard a remote server (Streamable HTTP) instead of a command
  --upstream-env           take the URL (and headers) from $${REMOTE_VARIABLE}, as \`guard install\` writes it
  --header "Name: value"   a header for --upstream; repeatable; never printed or logged
  --max-message-bytes N    the largest message either side may send, stdio or HTTP (default ${DEFAULT_MAX_MESSAGE_BYTES})
  --client-asks MODE       a tool that needs approval is marked for the client to ask about
                           (_meta "anthropic/requiresUserInteraction"); refuse (default): the guard still asks
                           itself; trust: a call of such a tool runs without the guard asking, because the
                           client asked (audited as such)
  --check                  check the options, files and sandbox, then exit 0 without starting the server
  --content warn|block     hostile text in results, prompts, resources, instructions, elicitation, sampling and call
                           arguments: forward it and record a warning (default), or withhold it (hostile tool
                           definitions are always denied); see \`mcp-risk inspect\`

install rewrites a Claude Desktop, Claude Code, Cursor or VS Code configuration so every server in it runs
behind the guard, and checks that each rewritten entry starts (\`guard --check\`). The file as it was before
the first install is kept as CONFIG.mcp-risk-backup and never overwritten; --dry-run prints the diff.
Reviews are pinned: install scans each server (in --scan-sandbox, default bubblewrap; or reads --scans FILE
from \`mcp-risk scan CONFIG --format json\`), writes .mcp-risk/<server>.policy.json beside CONFIG, and the
entry runs \`guard --policy\` on it, so a changed tool refuses the start. A server whose scan listed no tools
stays live (assessed at each start), and install says why; --live pins none. Installing again refreshes the
pins and names the tools that changed, appeared or vanished.
uninstall gives the original bytes back when nothing else changed since, else edits only the guard's entries,
and removes the policy files install wrote (and .mcp-risk/ when it is then empty).
log prints the audit log's decisions as a table (--follow: and new ones as they come).

Exit codes: the server's exit status when it ends; 0 when the client goes away; 2 bad usage;
3 the guard refused to start (the policy does not fit the server) or could not start.
`;

function parseSize(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new McpRiskError('usage', `guard: expected --${flag} to be a positive whole number, got "${value}".`);
  }
  return Number(value);
}

async function readPolicy(file: string, cwd: string): Promise<Policy> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(absolutePath(file, cwd), 'utf8'));
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

/** What `guard install` put in the entry's environment for a remote server: its URL, type and headers. */
function readRemoteVariable(environment: NodeJS.ProcessEnv): { url?: unknown; headers?: unknown } {
  const fromConfig = environment[REMOTE_VARIABLE];
  if (!fromConfig) return {};
  try {
    const remote = JSON.parse(fromConfig) as unknown;
    if (typeof remote === 'object' && remote !== null) return remote as { url?: unknown; headers?: unknown };
  } catch {
    // Reported below.
  }
  throw new McpRiskError('usage', `guard: expected ${REMOTE_VARIABLE} to hold JSON (written by \`mcp-risk guard install\`), got something else.`);
}

/** `Name: value` → a header; the value is never echoed back in an error. */
function parseHeaders(values: readonly string[], environment: NodeJS.ProcessEnv): Record<string, string> {
  const headers: Record<string, string> = {};
  const remote = readRemoteVariable(environment);
  if (typeof remote.headers === 'object' && remote.headers !== null) {
    for (const [name, value] of Object.entries(remote.headers)) if (typeof value === 'string') headers[name] = value;
  }
  for (const entry of values) {
    const colon = entry.indexOf(':');
    const name = colon === -1 ? '' : entry.slice(0, colon).trim();
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new McpRiskError('usage', 'guard: expected --header "Name: value" with a valid header name (the value is not shown).');
    headers[name] = entry.slice(colon + 1).trim();
  }
  return headers;
}

export const guardCommand: Command = {
  name: 'guard',
  usage,
  async run(argv, io) {
    if (argv[0] === 'install' || argv[0] === 'uninstall') return runConfigChange(argv[0], argv.slice(1), io);
    if (argv[0] === 'log') return runGuardLog(argv.slice(1), io);
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
      'upstream-env': { type: 'boolean' },
      header: { type: 'string', multiple: true },
      'max-message-bytes': { type: 'string' },
      'pass-env': { type: 'string', multiple: true },
      'client-asks': { type: 'string' },
      check: { type: 'boolean' },
      content: { type: 'string' },
    });
    const separator = argv.indexOf('--');
    const command = separator === -1 ? [] : argv.slice(separator + 1);
    if (separator === -1 && positionals.length) throw new McpRiskError('usage', `guard: expected the server's command after \`--\`, got "${positionals[0]}" before it.`, { hint: 'For example: mcp-risk guard -- npx -y @modelcontextprotocol/server-filesystem ~/notes' });
    if (values['upstream-env']) {
      if (values.upstream !== undefined) throw new McpRiskError('usage', `guard: expected either --upstream URL or ${UPSTREAM_FROM_ENVIRONMENT}, got both.`);
      const remote = readRemoteVariable(process.env);
      if (typeof remote.url !== 'string') throw new McpRiskError('usage', `guard: ${UPSTREAM_FROM_ENVIRONMENT} expects ${REMOTE_VARIABLE} to hold {"url": …} (written by \`mcp-risk guard install\`), got no URL.`);
      values.upstream = remote.url;
    }
    if (values.upstream !== undefined && command.length) throw new McpRiskError('usage', 'guard: expected either --upstream URL or a command after `--`, got both.');
    if (values.upstream === undefined && !command.length) throw new McpRiskError('usage', 'guard: expected a command after `--` or --upstream URL, got neither.', { hint: 'Run `mcp-risk guard --help` for usage.' });
    if (values.header?.length && values.upstream === undefined) throw new McpRiskError('usage', 'guard: --header applies to --upstream only.');
    let url: URL | undefined;
    if (values.upstream !== undefined) {
      if (!/^https?:\/\//i.test(values.upstream) || !URL.canParse(values.upstream)) throw new McpRiskError('usage', 'guard: expected --upstream to be an http(s) URL.');
      url = new URL(values.upstream);
    }
    const content = requireChoice('guard', 'content', values.content ?? 'warn', ContentActionSchema.options);
    // `none` is what no --sandbox does (the user's environment): one name for one behaviour.
    const sandboxChoice = values.sandbox === undefined ? 'none' : requireChoice('guard', 'sandbox', values.sandbox, SANDBOX_NAMES);
    const sandboxName = sandboxChoice === 'none' ? undefined : sandboxChoice;
    if (sandboxName && url) throw new McpRiskError('usage', 'guard: --sandbox applies to a command, not to --upstream.');
    if (values['read-only']?.length && !sandboxName) throw new McpRiskError('usage', 'guard: --read-only applies with --sandbox bubblewrap or docker only (without one the server sees everything you do).');
    if (values['pass-env']?.length && !sandboxName) throw new McpRiskError('usage', 'guard: --pass-env applies with --sandbox bubblewrap or docker only (without one the server gets your whole environment).');
    const clientAsks = values['client-asks'] === undefined ? 'refuse' : requireChoice('guard', 'client-asks', values['client-asks'], ['trust', 'refuse'] as const);
    const sandbox = sandboxName ? createSandbox(sandboxName) : undefined;
    if (sandbox) {
      const unavailable = await sandbox.checkAvailable();
      if (unavailable) throw new McpRiskError('input', `guard: the ${sandbox.name} sandbox is unavailable: ${unavailable}`);
    }

    const rules: PolicyRulesFile | undefined = values.rules === undefined ? undefined : await readRulesFile(absolutePath(values.rules, io.cwd), io);
    let policy = values.policy === undefined ? undefined : await readPolicy(values.policy, io.cwd);
    if (policy && rules) policy = { ...policy, tools: applyRules(policy.tools, rules) };
    const withRules = rules ? `, with the rules in ${values.rules}` : '';
    const policySource = policy
      ? `${values.policy} (for ${policy.server.name}${policy.server.version ? ` ${policy.server.version}` : ''}, scanned ${policy.server.scannedAt}${withRules})`
      : `assessed live from the server's tool list by classifier ${CLASSIFIER_VERSION} with the default mapping (no --policy)${withRules}`;
    const serverKey = values['server-key'] ?? policy?.server.key ?? deriveGuardServerKey(url ? { url } : { command });
    const defaults = defaultStatePaths(serverKey, process.env);
    const headers = url ? parseHeaders(values.header ?? [], process.env) : {};

    const auditPath = values.audit === undefined ? defaults.audit : absolutePath(values.audit, io.cwd);
    if (values.check) {
      io.stderr.write(`mcp-risk guard: ready: ${url ? url.origin : command.join(' ')} as "${serverKey}", audit log ${auditPath}\n`);
      return EXIT_OK;
    }
    const log = (line: string) => io.stderr.write(`${line}\n`);
    try {
      return await runGuard(
        {
          server: url ? { url, headers } : { command, ...(sandbox && { sandbox, readOnlyPaths: (values['read-only'] ?? []).map((path) => absolutePath(path, io.cwd)), passEnvironment: values['pass-env'] ?? [] }) },
          serverKey,
          ...(policy && { policy }),
          policySource,
          ...(rules && { rules }),
          allowChanged: values['allow-changed'] ?? false,
          auditPath,
          clientAsks,
          auditArguments: values['audit-args'] ?? false,
          auditMaxBytes: parseSize('audit-max-bytes', values['audit-max-bytes'], 10 * 1024 * 1024),
          statePath: values.state === undefined ? defaults.state : absolutePath(values.state, io.cwd),
          maxMessageBytes: parseSize('max-message-bytes', values['max-message-bytes'], DEFAULT_MAX_MESSAGE_BYTES),
          contentPolicy: { content },
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
