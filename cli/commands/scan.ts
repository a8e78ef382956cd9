import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { POLICY_FORMATS, type PolicyFormat } from '../../policy/render.ts';
import { RISK_ORDER, type Risk } from '../../schemas/assessment.ts';
import type { DeclaredVariable } from '../../scanner/environment.ts';
import { renderSarif } from '../format-sarif.ts';
import { isUnreviewed, markReviewed } from '../../scanner/review.ts';
import { readReview } from '../review-files.ts';
import { renderScanTables, toolsAtOrAbove } from '../format-table.ts';
import type { ScanLimits } from '../../scanner/limits.ts';
import { createSandbox } from '../../scanner/create-sandbox.ts';
import { SANDBOX_NAMES } from '../../scanner/sandbox.ts';
import { scanTarget, type ScanTarget } from '../../scanner/scan.ts';
import { resolveTargets } from '../../scanner/targets.ts';
import { needsOneFilePerServer, oneFilePerServerError, writePolicyOutput } from '../policy-output.ts';
import { writeRecords } from '../write-scan-records.ts';
import { parseCommandArgs, parsePositiveInteger, requireChoice } from '../args.ts';
import { renderScanHtml } from '../format-html.ts';
import type { Command } from '../command.ts';
import type { ScanRecord } from '../../schemas/scan-record.ts';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { version } from '../../core/version.ts';
import { countOf, toTerminalText } from '../../core/terminal-text.ts';
import { describeUnlistedServers, everyServerListed } from '../unlisted-servers.ts';

const FORMATS = ['table', 'json', 'sarif', 'html'] as const;

const usage = `Usage: mcp-risk scan TARGET [options]
       mcp-risk scan [options] npm:NAME|pypi:NAME -- [ARGS...]
       mcp-risk scan [options] -- COMMAND [ARGS...]

Installs an MCP server, launches it in a sandbox with no network, lists its tools, prompts and
resources over the real protocol, and assesses every tool. TARGET is one of:
  npm:NAME[@VERSION]   an npm package (installed with scripts disabled into a cache);
                       npm:NAME -- ARGS passes ARGS to its server (folders named are shown read-only)
  pypi:NAME[@VERSION]  a Python package (installed from wheels into a cached virtual environment)
  FILE                 a server.json (MCP registry format) or a client configuration
                       (Claude Desktop/Code mcpServers, VS Code servers, Cursor mcp.json): every server in it
  http(s)://URL        a remote server (streamable HTTP, falling back to SSE); not sandboxed
  -- COMMAND [ARGS]    a local stdio server; the current directory is visible to it read-only;
                       \`-- npx -y PACKAGE ARGS\` is scanned as that npm package, as in a configuration

Options:
  --format table|json|sarif|html  table (default on a terminal) or json (default when piped): the scan record,
                             an array for FILE targets; sarif: SARIF 2.1.0 for code scanning; html: one
                             self-contained report page (no script, no network) to attach to a review
  --out DIR                  also write each record to DIR/<target>-<hash>.json (atomically)
  --fail-on RISK             exit 1 when any tool is at or above RISK (low|medium|high|critical)
  --baseline FILE            a reviewed scan (JSON): --fail-on counts only tools new or changed since,
                             and SARIF marks results baselineState new or unchanged
  --suppressions FILE        reviewed results to silence (default .mcp-risk.yaml when it exists); an
                             expired entry fails the scan (exit 3). See docs/scanning.md, "Review in CI"
  --policy FORMAT            print a recommended policy instead of the scan (${POLICY_FORMATS.join('|')}):
                             one file for every server of a FILE target, or one per server for
                             toolhive and intercept, which then need --out (checked before scanning)
  --sandbox NAME             bubblewrap (default), docker, or none (no containment; warns on every run)
  --env NAME[=VALUE]         declare a variable the server needs (placeholder value unless given); repeatable
  --read-only PATH           make another host path visible read-only; repeatable
  --start-timeout MS         wait this long for initialize (default 15000)
  --request-timeout MS       wait this long for each list page (default 10000)
  --memory MB                memory for the server's process tree (default 1024)
  --max-processes N          tasks (processes and threads) for the server (default 64)
  --max-message-bytes N      largest single message (default 8 MiB)
  --max-stdout-bytes N       total stdout (default 32 MiB)
  --max-pages N              pages per list (default 50)
  --max-items N              items per list (default 5000)
  --concurrency N            servers of one FILE target scanned at once (default 2)
  --cache-dir DIR            where npm and Python packages are installed (default $XDG_CACHE_HOME/mcp-risk)
  --index-url URL            the Python package index (PEP 503 simple) for uvx, pipx run, python -m and pypi:
                             servers (default $PIP_INDEX_URL, else https://pypi.org/simple)

Exit codes: 0 scanned; 1 a tool reached --fail-on (stderr names them); 2 bad usage, including a
TARGET that is no file (write npm:NAME for a package); 3 a server did not list its tools (any status but ok,
unsupported included; with --format json or sarif, stderr names each with its status and next step), a
file could not be read, or the sandbox is unavailable.
`;

/** The scan's arguments without its --format, to show the same scan with another format. */
function withoutFormat(argv: readonly string[]): string[] {
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  const kept: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (index < end && argv[index] === '--format') index++;
    else if (!(index < end && argv[index]!.startsWith('--format='))) kept.push(argv[index]!);
  }
  return kept;
}

/** An argument as a shell would need it to be retyped: bare when safe, else single-quoted. */
function quoteArgument(argument: string): string {
  return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll("'", "'\\''")}'`;
}

/**
 * What to do with the scans next, the table's last lines: the policy command for the same target, and
 * the guard for calls at run time when this build has it. `rerun` is the target as the user typed it.
 */
export function describeNextStep(records: readonly ScanRecord[], rerun: string): string {
  if (!records.some((record) => record.status === 'ok' && record.tools.length)) {
    return 'Next: fix what the status line says and scan again; `mcp-risk scan --help` lists the options.\n';
  }
  const lines = [
    'Next: recommended rules for your client (also cursor, vscode, docker, toolhive, intercept):',
    `  mcp-risk scan --format json ${toTerminalText(rerun, 200)} > scan.json && mcp-risk policy scan.json --format claude-code`,
  ];
  lines.push('To enforce a policy on every call at run time: mcp-risk guard --help');
  return `${lines.join('\n')}\n`;
}

/** The text of each server.json or client configuration scanned, so SARIF results can point at a server's line. */
async function readScannedFiles(records: readonly ScanRecord[], cwd: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const record of records) {
    if ((record.targetKind !== 'client-config' && record.targetKind !== 'server-json') || texts.has(record.target)) continue;
    const text = await readFile(resolve(cwd, record.target), 'utf8').catch(() => undefined);
    if (text !== undefined) texts.set(record.target, text);
  }
  return texts;
}

/** A package target, which may take its server's arguments after `--`. */
function isPackageTarget(target: string): boolean {
  return /^(?:npm|pypi):/.test(target);
}

function parseDeclaredVariables(values: readonly string[]): DeclaredVariable[] {
  return values.map((entry) => {
    const equals = entry.indexOf('=');
    const name = equals === -1 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new McpRiskError('usage', `scan: expected --env NAME or NAME=VALUE, got "${entry}".`);
    return equals === -1 ? { name, isSecret: true, isRequired: true } : { name, isSecret: false, isRequired: true, value: entry.slice(equals + 1) };
  });
}

export const scanCommand: Command = {
  name: 'scan',
  usage,
  async run(argv, io) {
    const separator = argv.indexOf('--');
    const optionArgs = separator === -1 ? argv : argv.slice(0, separator);
    const commandArgs = separator === -1 ? undefined : argv.slice(separator + 1);
    const { values, positionals } = parseCommandArgs('scan', optionArgs, {
      format: { type: 'string' },
      out: { type: 'string' },
      'fail-on': { type: 'string' },
      baseline: { type: 'string' },
      suppressions: { type: 'string' },
      policy: { type: 'string' },
      sandbox: { type: 'string' },
      env: { type: 'string', multiple: true },
      'read-only': { type: 'string', multiple: true },
      'start-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      memory: { type: 'string' },
      'max-processes': { type: 'string' },
      'max-message-bytes': { type: 'string' },
      'max-stdout-bytes': { type: 'string' },
      'max-pages': { type: 'string' },
      'max-items': { type: 'string' },
      concurrency: { type: 'string' },
      'cache-dir': { type: 'string' },
      'index-url': { type: 'string' },
    });

    const format = requireChoice('scan', 'format', values.format ?? (io.stdout.isTTY ? 'table' : 'json'), FORMATS);
    const failOn: Risk | undefined = values['fail-on'] === undefined ? undefined : requireChoice('scan', 'fail-on', values['fail-on'], RISK_ORDER);
    const policyFormat: PolicyFormat | undefined = values.policy === undefined ? undefined : requireChoice('scan', 'policy', values.policy, POLICY_FORMATS);
    const sandboxName = requireChoice('scan', 'sandbox', values.sandbox ?? 'bubblewrap', SANDBOX_NAMES);
    const declared = parseDeclaredVariables(values.env ?? []);
    // Read before scanning: a bad baseline or an expired suppression should not cost a scan.
    const review = await readReview({ ...(values.baseline !== undefined && { baseline: values.baseline }), ...(values.suppressions !== undefined && { suppressions: values.suppressions }) }, io, new Date().toISOString().slice(0, 10));

    let target: ScanTarget;
    if (commandArgs !== undefined && positionals.length === 1 && isPackageTarget(positionals[0]!)) {
      // `npm:NAME -- ARGS`: the arguments are the package server's own.
      if (declared.length) throw new McpRiskError('usage', 'scan: --env applies to a command given after `--`, not to a package target.');
      target = { target: positionals[0]!, args: commandArgs };
    } else if (commandArgs !== undefined) {
      if (positionals.length) throw new McpRiskError('usage', `scan: expected either TARGET or -- COMMAND (or a package target with its arguments: npm:NAME -- ARGS), got both ("${positionals[0]}" and "${commandArgs.join(' ')}").`);
      if (!commandArgs.length) throw new McpRiskError('usage', 'scan: expected a command after `--`, got nothing.');
      target = { command: commandArgs, declared };
    } else {
      if (positionals.length !== 1) {
        throw new McpRiskError('usage', `scan: expected one TARGET, got ${positionals.length}.`, { hint: 'Run `mcp-risk scan --help` for the target forms.' });
      }
      if (declared.length) throw new McpRiskError('usage', 'scan: --env applies to a command given after `--`; server.json and client configurations declare their own variables.');
      target = positionals[0]!;
    }

    const memoryMegabytes = parsePositiveInteger('scan', 'memory', values.memory);
    const limits: Partial<ScanLimits> = {
      startTimeoutMs: parsePositiveInteger('scan', 'start-timeout', values['start-timeout']),
      requestTimeoutMs: parsePositiveInteger('scan', 'request-timeout', values['request-timeout']),
      memoryBytes: memoryMegabytes === undefined ? undefined : memoryMegabytes * 1024 * 1024,
      maxProcesses: parsePositiveInteger('scan', 'max-processes', values['max-processes']),
      maxMessageBytes: parsePositiveInteger('scan', 'max-message-bytes', values['max-message-bytes']),
      maxStdoutBytes: parsePositiveInteger('scan', 'max-stdout-bytes', values['max-stdout-bytes']),
      maxPages: parsePositiveInteger('scan', 'max-pages', values['max-pages']),
      maxItems: parsePositiveInteger('scan', 'max-items', values['max-items']),
    };
    const concurrency = parsePositiveInteger('scan', 'concurrency', values.concurrency);

    // A one-server-per-file policy format for several servers needs --out: say so before anything is scanned.
    if (policyFormat && needsOneFilePerServer(policyFormat) && values.out === undefined && typeof target === 'string') {
      const servers = (await resolveTargets(target, io.cwd)).length;
      if (servers > 1) throw oneFilePerServerError('scan', policyFormat, servers);
    }

    const sandbox = createSandbox(sandboxName);
    if (sandboxName === 'none') {
      io.stderr.write('mcp-risk scan: warning: --sandbox none runs the server unconfined, as you, with your network and files. Only scan servers you trust this way.\n');
    }
    const unavailable = await sandbox.checkAvailable();
    if (unavailable) throw new McpRiskError('io', `scan: the ${sandboxName} sandbox cannot run here: ${unavailable}`);

    const records = await scanTarget(target, io.cwd, {
      sandbox,
      limits,
      ...(values['cache-dir'] !== undefined && { cacheDirectory: resolve(io.cwd, values['cache-dir']) }),
      ...(values['index-url'] !== undefined && { pythonIndexUrl: values['index-url'] }),
      readOnlyPaths: (values['read-only'] ?? []).map((path) => resolve(io.cwd, path)),
      ...(concurrency !== undefined && { concurrency }),
      onProgress: (message) => io.stderr.write(`mcp-risk scan: ${toTerminalText(message, 500)}\n`),
    });

    const outDirectory = values.out === undefined ? undefined : resolve(io.cwd, values.out);
    if (outDirectory) {
      const written = await writeRecords(outDirectory, records);
      for (const path of written) io.stderr.write(`mcp-risk scan: wrote ${path}\n`);
    }

    if (policyFormat) {
      await writePolicyOutput(records, { format: policyFormat, command: 'scan', ...(outDirectory && { outDirectory }) }, io);
    } else if (format === 'json') {
      const single = typeof target !== 'string' || !['server-json', 'client-config'].includes(records[0]?.targetKind ?? '');
      io.stdout.write(`${JSON.stringify(single ? records[0] : records, null, 2)}\n`);
    } else if (format === 'html') {
      io.stdout.write(renderScanHtml(records));
    } else if (format === 'sarif') {
      const sarif = renderSarif(records, version, await readScannedFiles(records, io.cwd));
      io.stdout.write(review.baselinePins || review.suppressions ? markReviewed(sarif, records, review) : sarif);
    } else {
      io.stdout.write(`${renderScanTables(records)}\n${describeNextStep(records, withoutFormat(argv).map(quoteArgument).join(' '))}`);
    }

    // The table shows each status itself; JSON, SARIF and policies go to files, so stderr says who listed nothing.
    if (format !== 'table' || policyFormat) for (const line of describeUnlistedServers(records)) io.stderr.write(`mcp-risk scan: ${line}\n`);

    if (failOn) {
      const crossed = toolsAtOrAbove(records, failOn).filter(({ record, tool }) => isUnreviewed(review, record, tool));
      if (crossed.length) {
        const names = crossed.map(({ record, tool }) => `${toTerminalText(record.serverName ?? record.server?.name ?? record.target, 60)}/${toTerminalText(tool.name, 60)} (${tool.assessment.risk})`);
        const shown = names.length > 20 ? [...names.slice(0, 20), `… and ${names.length - 20} more`] : names;
        io.stderr.write(`mcp-risk scan: --fail-on ${failOn}: ${countOf(crossed.length, 'tool')} at or above ${failOn} risk: ${shown.join(', ')}\n`);
        return EXIT_FINDINGS;
      }
    }
    return everyServerListed(records) ? EXIT_OK : EXIT_FAILURE;
  },
};
