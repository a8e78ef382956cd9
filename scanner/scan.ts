import { accessSync, constants } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join, resolve } from 'node:path';
import pLimit from 'p-limit';
import { classifyTool } from '../classifier/classify.ts';
import type { ScanRecord, ScannedTool } from '../schemas/scan-record.ts';
import { installNpmPackage } from './install-npm.ts';
import { resolveLimits, type ScanLimits } from './limits.ts';
import { connectToProcess, connectToRemote, describeClientFailure, type McpSession } from './mcp-client.ts';
import { classifyFailure, requestedVariableNames, type FailureEvidence } from './outcome.ts';
import { exposedPathFor } from './launch-paths.ts';
import { failedRecord, startRecord } from './new-record.ts';
import { pinTool } from './pin.ts';
import { ListShapeError, probeLists, type ProbeResult } from './probe.ts';
import type { PreparedLaunch, Sandbox, SandboxSpec } from './sandbox.ts';
import { ServerProcess } from './server-process.ts';
import { commandJob, resolveTargets, type ScanJob } from './targets.ts';
import { looksSecret, type DeclaredVariable } from './environment.ts';

export interface ScanOptions {
  sandbox: Sandbox;
  limits?: Partial<ScanLimits>;
  /** Where npm packages are installed; see defaultCacheDirectory. */
  cacheDirectory?: string;
  /** More host paths the server may read (for example a node_modules its script imports from). */
  readOnlyPaths?: string[];
  /** How many servers of one target are scanned at once. */
  concurrency?: number;
  /** Progress for people: installs, slow starts. */
  onProgress?: (message: string) => void;
  /** After this long without an answer to initialize, say that the server is slow to start. */
  slowStartMs?: number;
  /** How many times a server that names missing variables is relaunched with placeholders for them (default 2; 0 turns it off). */
  credentialRetries?: number;
}

/** What to scan: a target string, or a local command given after `--`. */
export type ScanTarget = string | { command: string[]; declared?: DeclaredVariable[] };

/**
 * Scans every server a target names and returns one record each. Expected failures (a crash, a timeout,
 * missing credentials, a failed install) are records with a status; only bad usage throws (McpRiskError).
 */
export async function scanTarget(target: ScanTarget, cwd: string, options: ScanOptions): Promise<ScanRecord[]> {
  const jobs = typeof target === 'string' ? await resolveTargets(target, cwd) : [commandJob(target.command, cwd, target.declared)];
  const limit = pLimit(options.concurrency ?? 2);
  // One job's bug must not discard the other jobs' records: it becomes a record of its own.
  return Promise.all(jobs.map((job) => limit(() => scanJob(job, options).catch((error: unknown) => failedRecord(
    job,
    job.launch.kind === 'remote' ? 'remote' : options.sandbox.name,
    resolveLimits(options.limits),
    'crashed',
    `the scan failed inside mcp-risk (please report it): ${error instanceof Error ? error.message : String(error)}`,
  )))));
}

/** Scans one server. Never throws for anything the server does. */
export async function scanJob(job: ScanJob, options: ScanOptions): Promise<ScanRecord> {
  const started = performance.now();
  const limits = resolveLimits(options.limits);
  const record = startRecord(job, job.launch.kind === 'remote' ? 'remote' : options.sandbox.name, limits);
  const finish = (): ScanRecord => {
    record.timings.totalMs = Math.round(performance.now() - started);
    record.limitsHit = [...new Set(record.limitsHit)];
    return record;
  };
  const fail = (status: ScanRecord['status'], detail: string): ScanRecord => {
    record.status = status;
    record.detail = detail;
    return finish();
  };

  const launch = job.launch;
  if (launch.kind === 'unsupported') return fail('unsupported', launch.detail);
  if (launch.kind === 'remote') {
    await scanRemote(launch.url, launch.transport, limits, record);
    return finish();
  }

  let spec: SandboxSpec;
  if (launch.kind === 'npm') {
    const installStarted = performance.now();
    const install = await installNpmPackage(launch.name, launch.versionSpec, { ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }), ...(options.onProgress && { onProgress: options.onProgress }) });
    record.timings.installMs = Math.round(performance.now() - installStarted);
    if (!install.ok) return fail('install_failed', install.detail);
    const installed = install.installed;
    record.package = { registry: 'npm', name: installed.name, version: installed.version, ...(installed.integrity !== undefined && { integrity: installed.integrity }) };
    const script = join(installed.directory, installed.entry);
    spec = {
      command: installed.runsWithNode ? process.execPath : script,
      args: installed.runsWithNode ? [...launch.nodeArgs, script, ...launch.args] : launch.args,
      readOnlyPaths: [installed.directory, ...nodeRuntimePaths(), ...(options.readOnlyPaths ?? [])],
      declared: launch.declared,
      limits,
    };
  } else {
    const unsupportedLauncher = UNSUPPORTED_LAUNCHERS.get(basename(launch.command));
    if (unsupportedLauncher) return fail('unsupported', `${launch.command} servers are not supported yet: ${unsupportedLauncher}`);
    const command = resolveCommand(launch.command, launch.cwd);
    if (!command) return fail('crashed', `could not start: "${launch.command}" was not found${launch.command.includes('/') ? '' : ' on PATH'}.`);
    spec = {
      command,
      args: launch.args,
      readOnlyPaths: [...launch.readOnlyPaths, ...(command.startsWith('/usr/') ? [] : [exposedPathFor(command, launch.protectedFolders)]), ...nodeRuntimePaths(), ...(options.readOnlyPaths ?? [])],
      ...(launch.workingDirectory !== undefined && { workingDirectory: launch.workingDirectory }),
      declared: launch.declared,
      limits,
    };
  }

  // A server that names the variables it is missing is relaunched with placeholders for them, so its
  // tools can be listed the way a declared variable's would; the record marks them as requested.
  const base = structuredClone(record);
  let declared = spec.declared;
  let asked: ScanRecord | undefined;
  for (let round = 0; ; round++) {
    const attempt = structuredClone(base);
    await launchAndProbe({ ...spec, declared }, attempt, job, limits, options);
    if (attempt.status !== 'needs_credentials') {
      if (asked && attempt.status !== 'ok') {
        // Placeholders got it further but not to its tools: it needs real credentials, as it said.
        const requested = declared.filter((variable) => variable.requested).map((variable) => variable.name).join(', ');
        asked.detail = `${asked.detail.replace(/\.$/, '')} (given placeholders for ${requested}, it then ${AFTER_PLACEHOLDERS[attempt.status] ?? attempt.status}: ${attempt.detail.slice(0, 120)})`;
        Object.assign(record, asked);
      } else {
        Object.assign(record, attempt);
        const requested = attempt.environment.filter((variable) => variable.requested).map((variable) => variable.name);
        if (requested.length) record.detail = `${record.detail.replace(/\.$/, '')}; with placeholders for ${requested.join(', ')}, which the server asked for.`;
      }
      break;
    }
    asked = attempt;
    const known = new Set(declared.map((variable) => variable.name));
    const names = requestedVariableNames(`${attempt.detail}\n${attempt.stderrExcerpt ?? ''}`).filter((name) => !known.has(name));
    if (round >= (options.credentialRetries ?? 2) || names.length === 0) {
      Object.assign(record, attempt);
      const requested = attempt.environment.filter((variable) => variable.requested).map((variable) => variable.name);
      if (requested.length) record.detail = `${record.detail.replace(/\.$/, '')} (given placeholders for ${requested.join(', ')})`;
      break;
    }
    declared = [...declared, ...names.map((name) => ({ name, isSecret: looksSecret(name), isRequired: true, requested: true }))];
  }
  return finish();
}

function delay(milliseconds: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), milliseconds));
}

/** How a relaunch with placeholders ended, as the detail of the credentials outcome puts it. */
const AFTER_PLACEHOLDERS: Partial<Record<ScanRecord['status'], string>> = { crashed: 'crashed', timeout: 'timed out', protocol_error: 'failed' };

/** Records what a connected server says about itself and lists, with the listing's time. */
async function listInto(record: ScanRecord, session: McpSession, limits: ScanLimits): Promise<void> {
  record.server = session.hello;
  const listStarted = performance.now();
  const lists = await probeLists(session, limits);
  record.timings.listMs = Math.round(performance.now() - listStarted);
  applyProbe(record, lists);
  record.detail = describeSuccess(record, lists);
}

async function launchAndProbe(spec: SandboxSpec, record: ScanRecord, job: ScanJob, limits: ScanLimits, options: ScanOptions): Promise<void> {
  let prepared: PreparedLaunch;
  try {
    prepared = await options.sandbox.prepare(spec);
  } catch (error) {
    record.status = 'crashed';
    record.detail = `could not start: could not prepare the sandbox: ${error instanceof Error ? error.message : String(error)}`;
    return;
  }
  record.environment = prepared.environment;
  const server = new ServerProcess({ command: prepared.command, args: prepared.args, env: prepared.env, cwd: prepared.cwd, limits, watchTree: prepared.watchTree, ...(prepared.writableMounts && { writableMounts: prepared.writableMounts }) });
  const launchStarted = performance.now();
  const slowStart = setTimeout(() => options.onProgress?.(`${job.serverName ?? job.target}: still starting after ${Math.round((performance.now() - launchStarted) / 1000)} s…`), options.slowStartMs ?? 3_000);
  let session: McpSession | undefined;
  let phase: FailureEvidence['phase'] = 'start';
  try {
    session = await connectToProcess(server, limits.startTimeoutMs);
    clearTimeout(slowStart);
    record.timings.startMs = Math.round(performance.now() - launchStarted);
    phase = 'list';
    await listInto(record, session, limits);
    if (server.checkLimitsNow()) throw new Error('a limit was hit while listing');
  } catch (error) {
    clearTimeout(slowStart);
    const failure = error instanceof ListShapeError ? { kind: 'protocol' as const, message: error.message } : describeClientFailure(error);
    // How it ended on its own, if it did: a closed pipe may be seen a moment before the exit. Our own kill below is no evidence.
    const exit = server.exit ?? (failure.kind === 'closed' ? await Promise.race([server.exited, delay(250)]) : undefined);
    await server.kill();
    const outcome = classifyFailure({
      phase,
      failure,
      ...(exit && { exit }),
      ...(server.spawnError !== undefined && { spawnError: server.spawnError }),
      stderr: server.stderrExcerpt(),
      limitsHit: [...server.limitsHit],
      timeoutMs: phase === 'start' ? limits.startTimeoutMs : limits.requestTimeoutMs,
    });
    record.status = outcome.status;
    record.detail = outcome.detail;
    if (phase === 'start' && record.status === 'timeout') record.limitsHit.push('startTimeoutMs');
    if (phase === 'list' && record.status === 'timeout') record.limitsHit.push('requestTimeoutMs');
    if (server.exit && !server.limitsHit.size && server.exit.code !== null) record.exitCode = server.exit.code;
  } finally {
    clearTimeout(slowStart);
    await server.kill();
    await prepared.cleanup();
  }
  record.limitsHit.push(...server.limitsHit);
  const stderr = server.stderrExcerpt().trim();
  if (stderr) record.stderrExcerpt = stderr;
}

async function scanRemote(url: string, transport: 'auto' | 'streamable-http' | 'sse', limits: ScanLimits, record: ScanRecord): Promise<void> {
  const launchStarted = performance.now();
  let session: McpSession | undefined;
  let phase: FailureEvidence['phase'] = 'start';
  try {
    session = await connectToRemote(url, transport, limits);
    record.timings.startMs = Math.round(performance.now() - launchStarted);
    phase = 'list';
    await listInto(record, session, limits);
  } catch (error) {
    const failure = error instanceof ListShapeError ? { kind: 'protocol' as const, message: error.message } : describeClientFailure(error);
    const limitsHit = failure.kind === 'protocol' && failure.limit ? [failure.limit] : [];
    const outcome = classifyFailure({ phase, failure, url, limitsHit, timeoutMs: phase === 'start' ? limits.startTimeoutMs : limits.requestTimeoutMs });
    record.status = outcome.status;
    record.detail = outcome.detail;
    record.limitsHit.push(...limitsHit);
    if (record.status === 'timeout') record.limitsHit.push(phase === 'start' ? 'startTimeoutMs' : 'requestTimeoutMs');
  } finally {
    await session?.close().catch(() => undefined);
  }
}

function applyProbe(record: ScanRecord, lists: ProbeResult): void {
  record.tools = lists.tools.map((tool): ScannedTool => ({ ...tool, pin: pinTool(tool), assessment: classifyTool(tool) }));
  record.prompts = lists.prompts;
  record.resources = lists.resources;
  record.malformed = lists.malformed;
  record.truncated = lists.truncated;
  record.limitsHit.push(...lists.limitsHit);
  if (lists.listErrors.length) record.listErrors = lists.listErrors;
}

function describeSuccess(record: ScanRecord, lists: ProbeResult): string {
  const parts = [`${record.tools.length} tools`, `${record.prompts.length} prompts`, `${record.resources.length} resources`];
  if (lists.malformed.length) parts.push(`${lists.malformed.length} malformed items skipped`);
  if (lists.truncated.length) parts.push(`truncated: ${lists.truncated.join(', ')}`);
  if (lists.listErrors.length) parts.push(`failed: ${lists.listErrors.map((entry) => entry.list).join(', ')}`);
  return `listed ${parts.join('; ')}.`;
}

/** Launchers that fetch and run code from elsewhere, which a sandbox with no network cannot do. */
const UNSUPPORTED_LAUNCHERS = new Map([
  ['uvx', 'PyPI packages have no install backend yet.'],
  ['uv', 'PyPI packages have no install backend yet.'],
  ['pipx', 'PyPI packages have no install backend yet.'],
  ['docker', 'container images (oci) have no backend yet.'],
  ['podman', 'container images (oci) have no backend yet.'],
  ['npx', 'give the package as npm:NAME instead.'],
]);

/** The node binary and its installation, when they are not already under /usr (which every sandbox shows). */
function nodeRuntimePaths(): string[] {
  return process.execPath.startsWith('/usr/') ? [] : [dirname(dirname(process.execPath))];
}

/** Finds a command the way a shell would, without running one: `node` is always the scanner's own. */
function resolveCommand(command: string, cwd: string): string | undefined {
  if (command === 'node') return process.execPath;
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((directory) => join(directory, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
