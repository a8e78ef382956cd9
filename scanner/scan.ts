import { basename, dirname, join } from 'node:path';
import pLimit from 'p-limit';
import { assessCheckedTools } from '../classifier/assess-tool.ts';
import { countOf } from '../core/terminal-text.ts';
import type { RanWith, ScanRecord } from '../schemas/scan-record.ts';
import type { SupplyChain } from '../schemas/supply-chain.ts';
import { defaultCacheDirectory, installNpmPackage } from './install-npm.ts';
import { installPythonPackage, pythonCommandLine } from './install-python.ts';
import { DockerSandbox } from './sandbox-docker.ts';
import { gatherSupplyChain, type SupplyChainOptions } from './supply-chain.ts';
import { describeRanWith, needsLauncher, revisePlan, startPlan, type LaunchPlan } from './launch-plan.ts';
import { enginesNeedNewerNode, NEWER_NODE_MAJOR, newerNode, nodeRuntimePaths, readEnginesNode, scannerNode } from './node-runtime.ts';
import { installLauncher, wrapInLauncher } from './stubs/plan.ts';
import { resolveLimits, type ScanLimits } from './limits.ts';
import { connectToProcess, connectToRemote, describeClientFailure, type McpSession } from './mcp-client.ts';
import { classifyFailure, type FailureEvidence } from './outcome.ts';
import { exposedPathFor } from './launch-paths.ts';
import { failedRecord, startRecord } from './new-record.ts';
import { ListShapeError } from './list-walk.ts';
import { probeLists, type ProbeResult } from './probe.ts';
import type { PreparedLaunch, Sandbox, SandboxSpec } from './sandbox.ts';
import { ServerProcess } from './server-process.ts';
import { commandJob, resolveTargets, type ScanJob } from './targets.ts';
import type { DeclaredVariable } from './environment.ts';
import { resolveCommand } from './resolve-command.ts';

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
  /** The Python package index for uvx, pipx, `python -m` and pypi: servers; else PIP_INDEX_URL, else PyPI (see pythonIndexUrl). */
  pythonIndexUrl?: string;
  /** How many times a failed server is relaunched with what its failure asked for (variables, shaped placeholders, stubs, a newer Node; default 3; 0 turns it off). */
  credentialRetries?: number;
  /** Gather an npm package's supply-chain facts (registry and `npm audit`, while the server runs); default true. */
  supplyChain?: boolean | SupplyChainOptions;
}

/** What to scan: a target string, a package target with its server's arguments (`npm:NAME -- ARGS`), or a local command given after `--`. */
export type ScanTarget = string | { target: string; args: string[] } | { command: string[]; declared?: DeclaredVariable[] };

function jobsFor(target: ScanTarget, cwd: string): Promise<ScanJob[]> | ScanJob[] {
  if (typeof target === 'string') return resolveTargets(target, cwd);
  if ('command' in target) return [commandJob(target.command, cwd, target.declared)];
  return resolveTargets(target.target, cwd, target.args);
}

/**
 * Scans every server a target names and returns one record each. Expected failures (a crash, a timeout,
 * missing credentials, a failed install) are records with a status; only bad usage throws (McpRiskError).
 */
export async function scanTarget(target: ScanTarget, cwd: string, options: ScanOptions): Promise<ScanRecord[]> {
  const jobs = await jobsFor(target, cwd);
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
  let node: LaunchPlan['node'];
  let engines: string | undefined;
  let entryScript: string | undefined;
  let supplyChain: Promise<SupplyChain> | undefined;
  if (launch.kind === 'npm') {
    const installStarted = performance.now();
    const install = await installNpmPackage(launch.name, launch.versionSpec, { ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }), ...(options.onProgress && { onProgress: options.onProgress }) });
    record.timings.installMs = Math.round(performance.now() - installStarted);
    if (!install.ok) return fail('install_failed', install.detail);
    const installed = install.installed;
    if (options.supplyChain !== false) supplyChain = gatherSupplyChain(installed, options.supplyChain === true || options.supplyChain === undefined ? {} : options.supplyChain);
    record.package = { registry: 'npm', name: installed.name, version: installed.version, ...(installed.integrity !== undefined && { integrity: installed.integrity }) };
    // A package whose MCP server is a script rather than its bin runs that script with Node.
    const runsWithNode = launch.entry !== undefined || installed.runsWithNode;
    const script = join(installed.directory, launch.entry !== undefined ? join('node_modules', installed.name, launch.entry) : installed.entry);
    entryScript = script;
    if (runsWithNode) {
      node = { runtime: scannerNode() };
      engines = await readEnginesNode(join(installed.directory, 'node_modules', installed.name));
    }
    spec = {
      command: runsWithNode ? process.execPath : script,
      args: runsWithNode ? [...launch.nodeArgs, script, ...launch.args] : launch.args,
      readOnlyPaths: [installed.directory, ...(launch.readOnlyPaths ?? []), ...nodeRuntimePaths(), ...(options.readOnlyPaths ?? [])],
      ...(launch.emptyFolders?.length && { emptyFolders: launch.emptyFolders }),
      declared: launch.declared,
      limits,
    };
  } else if (launch.kind === 'pypi') {
    const installStarted = performance.now();
    const install = await installPythonPackage(launch.name, launch.version, { indexUrl: launch.indexUrl ?? options.pythonIndexUrl, ...(options.cacheDirectory !== undefined && { cacheDirectory: options.cacheDirectory }), ...(options.onProgress && { onProgress: options.onProgress }) });
    record.timings.installMs = Math.round(performance.now() - installStarted);
    if (!install.ok) return fail(install.status, install.detail);
    const { installed } = install;
    record.package = { registry: 'pypi', name: installed.name, version: installed.version, ...(installed.integrity !== undefined && { integrity: installed.integrity }) };
    const commandLine = pythonCommandLine(installed, launch.run, launch.args);
    if ('error' in commandLine) return fail('install_failed', commandLine.error);
    spec = {
      ...commandLine,
      readOnlyPaths: [installed.directory, ...(launch.readOnlyPaths ?? []), ...(options.readOnlyPaths ?? [])],
      ...(launch.emptyFolders?.length && { emptyFolders: launch.emptyFolders }),
      declared: launch.declared,
      limits,
    };
  } else if (launch.kind === 'container') {
    // The entry's own image, run by the docker backend (no network, read-only, limits) whatever --sandbox says.
    const engine = new DockerSandbox(launch.image);
    const unavailable = await engine.checkAvailable();
    if (unavailable) return fail('unsupported', `no container engine: \`${launch.commandLine}\` needs one (${unavailable})`);
    record.sandbox.backend = 'docker';
    options = { ...options, sandbox: engine };
    spec = { command: '', args: launch.args, readOnlyPaths: [], declared: launch.declared, limits };
  } else {
    const unsupportedLauncher = UNSUPPORTED_LAUNCHERS.get(basename(launch.command));
    if (unsupportedLauncher) return fail('unsupported', `${launch.command} servers are not supported yet: ${unsupportedLauncher}`);
    const command = resolveCommand(launch.command, launch.cwd);
    if (!command) return fail('crashed', `could not start: "${launch.command}" was not found${launch.command.includes('/') ? '' : ' on PATH'}.`);
    if (command === process.execPath) node = { runtime: scannerNode() };
    spec = {
      command,
      args: launch.args,
      readOnlyPaths: [...launch.readOnlyPaths, ...(command.startsWith('/usr/') ? [] : [exposedPathFor(command, launch.protectedFolders)]), ...nodeRuntimePaths(), ...(options.readOnlyPaths ?? [])],
      ...(launch.workingDirectory !== undefined && { workingDirectory: launch.workingDirectory }),
      ...(launch.emptyFolders?.length && { emptyFolders: launch.emptyFolders }),
      declared: launch.declared,
      limits,
    };
  }
  const shownPaths = describeShownPaths(launch);

  // Each failed launch is read for what it lacked (a variable, a key's prefix, a file, a daemon, a newer Node) and
  // the server relaunched with that, a bounded number of times; the record keeps every attempt.
  const base = structuredClone(record);
  const plan = startPlan(spec.declared, spec.args, node);
  if (engines && enginesNeedNewerNode(engines)) plan.wantsNewerNode = `its engines ask for node ${engines}`;
  const attempts: RanWith['attempts'] = [];
  let changes: string[] = [];
  let asked: ScanRecord | undefined;
  for (let round = 0; ; round++) {
    if (plan.wantsNewerNode) changes.push(...(await moveToNewerNode(plan, options)));
    const attempt = structuredClone(base);
    await launchAndProbe(await specForPlan(spec, plan, options), attempt, job, limits, options);
    attempts.push({ status: attempt.status, detail: attempt.detail.slice(0, 300), changes });
    attempt.ranWith = { ...describeRanWith(plan, attempts), ...(shownPaths.length && { paths: shownPaths }) };
    const requested = attempt.environment.filter((variable) => variable.requested).map((variable) => variable.name).join(', ');
    const retry = attempt.status === 'ok' || round >= (options.credentialRetries ?? 3) ? [] : revisePlan(plan, { status: attempt.status, text: `${attempt.detail}\n${attempt.stderrExcerpt ?? ''}` }, { workingDirectory: spec.workingDirectory ?? '/scratch', home: '/home/sandbox', runsStubs: options.sandbox.runsStubs === true, ...(entryScript !== undefined && { entryScript }) });
    if (retry.length === 0) {
      if (attempt.status === 'ok' || attempt.status === 'needs_credentials' || !asked) {
        Object.assign(record, attempt);
        if (requested && attempt.status === 'ok') record.detail = `${record.detail.replace(/\.$/, '')}; with placeholders for ${requested}, which the server asked for.`;
        else if (requested && attempt.status === 'needs_credentials') record.detail = `${record.detail.replace(/\.$/, '')} (given placeholders for ${requested})`;
      } else {
        // Placeholders got it further but not to its tools: it needs real credentials, as it said.
        asked.detail = `${asked.detail.replace(/\.$/, '')} (given placeholders for ${requested}, it then ${AFTER_PLACEHOLDERS[attempt.status] ?? attempt.status}: ${attempt.detail.slice(0, 120)})`;
        Object.assign(record, asked, { ranWith: attempt.ranWith, environment: attempt.environment });
      }
      break;
    }
    if (attempt.status === 'needs_credentials') asked = attempt;
    changes = retry;
  }
  if (supplyChain) record.supplyChain = await supplyChain;
  return finish();
}

/** What of the host the entry's arguments (and, for a command, its working directory) made visible, for the record. */
function describeShownPaths(launch: Extract<ScanJob['launch'], { kind: 'npm' | 'pypi' | 'command' | 'container' }>): NonNullable<RanWith['paths']> {
  return [
    ...(launch.kind === 'container' ? [] : launch.readOnlyPaths ?? []).map((path) => ({ path, shown: 'read-only' as const })),
    ...(launch.kind === 'container' ? [] : launch.emptyFolders ?? []).map((path) => ({ path, shown: 'empty stand-in' as const })),
  ];
}

/** Moves a Node server to the newer Node (installed once into the cache); what changed, or why it could not. */
async function moveToNewerNode(plan: LaunchPlan, options: ScanOptions): Promise<string[]> {
  const reason = plan.wantsNewerNode!;
  delete plan.wantsNewerNode;
  if (!plan.node || plan.node.runtime.source !== 'scanner') return [];
  options.onProgress?.(`${reason}: using Node ${NEWER_NODE_MAJOR} from the npm registry…`);
  const runtime = await newerNode(options.cacheDirectory ?? defaultCacheDirectory());
  if ('error' in runtime) return [`no newer Node: ${runtime.error}`];
  plan.node = { runtime, reason };
  return [`Node ${runtime.version} (${reason})`];
}

/** The sandbox spec for one launch: the plan's Node, its placeholders, and the launcher when stubs or files are wanted. */
async function specForPlan(spec: SandboxSpec, plan: LaunchPlan, options: ScanOptions): Promise<SandboxSpec> {
  if (!options.sandbox.runsStubs) {
    plan.stubs = [];
    plan.files = [];
    plan.hosts = false;
  }
  let launch: SandboxSpec = { ...spec, declared: plan.declared };
  if (plan.node && plan.node.runtime.path !== spec.command && spec.command === process.execPath) {
    launch = { ...launch, command: plan.node.runtime.path, readOnlyPaths: [...launch.readOnlyPaths, dirname(dirname(plan.node.runtime.path))] };
  }
  if (!needsLauncher(plan)) return launch;
  const launcher = await installLauncher(options.cacheDirectory ?? defaultCacheDirectory());
  return wrapInLauncher(launch, launcher, { stubs: plan.stubs, files: plan.files });
}

function delay(milliseconds: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), milliseconds));
}

/** How a relaunch with placeholders ended, as the detail of the credentials outcome puts it. */
const AFTER_PLACEHOLDERS: Partial<Record<ScanRecord['status'], string>> = { crashed: 'crashed', timeout: 'timed out', protocol_error: 'failed' };

/** Records what a connected server says about itself and lists, with the listing's time. */
async function listInto(record: ScanRecord, session: McpSession, limits: ScanLimits): Promise<void> {
  record.server = session.hello;
  record.protocol = session.protocol;
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
  // The probe has checked each definition; the tools are classified together, as one server.
  record.tools = assessCheckedTools(lists.tools);
  record.prompts = lists.prompts;
  record.resources = lists.resources;
  record.malformed = lists.malformed;
  record.truncated = lists.truncated;
  record.limitsHit.push(...lists.limitsHit);
  if (lists.listErrors.length) record.listErrors = lists.listErrors;
}

function describeSuccess(record: ScanRecord, lists: ProbeResult): string {
  const parts = [countOf(record.tools.length, 'tool'), countOf(record.prompts.length, 'prompt'), countOf(record.resources.length, 'resource')];
  if (lists.malformed.length) parts.push(`${lists.malformed.length} malformed items skipped`);
  if (lists.truncated.length) parts.push(`truncated: ${lists.truncated.join(', ')}`);
  if (lists.listErrors.length) parts.push(`failed: ${lists.listErrors.map((entry) => entry.list).join(', ')}`);
  return `listed ${parts.join('; ')}.`;
}

/** Launchers that fetch and run code from elsewhere in forms no backend installs (uvx, pipx run, docker run and npx are packages: see launcher-commands.ts). */
const UNSUPPORTED_LAUNCHERS = new Map([
  ['uv', 'only `uv tool run NAME` (uvx) is installed as a Python package; other uv commands run a project from its folder.'],
  ['pipx', 'only `pipx run NAME` is installed as a Python package.'],
  ['docker', 'only `docker run [OPTIONS] IMAGE [ARGS]` is run as a container.'],
  ['podman', 'only `podman run [OPTIONS] IMAGE [ARGS]` is run as a container.'],
  ['npx', 'expected `npx [-y] PACKAGE ARGS`.'],
]);
