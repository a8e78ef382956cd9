import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { runCommand } from './run-command.ts';
import { isExactVersion } from './npm-spec.ts';
import { removeStaleDirectories } from './temporary-root.ts';
import { pathExists } from '../core/path-exists.ts';

/** A package installed in the cache, ready to launch. */
export interface InstalledPackage {
  name: string;
  /** The exact version installed. */
  version: string;
  /** The registry's integrity string from the lockfile. */
  integrity?: string;
  /** The install prefix: it holds `node_modules/<name>`. Mounted read-only into the sandbox. */
  directory: string;
  /** The bin script, relative to `directory`. */
  entry: string;
  /** True when the script is JavaScript and runs with `node`. */
  runsWithNode: boolean;
  /** True when the cache already held it. */
  cached: boolean;
}

export type InstallOutcome = { ok: true; installed: InstalledPackage } | { ok: false; detail: string };

export interface InstallOptions {
  cacheDirectory?: string;
  timeoutMs?: number;
  onProgress?: (message: string) => void;
}

/**
 * Where installed servers are kept, outside any project. Root gets a system cache directory because the
 * sandbox runs servers as an unprivileged user who cannot traverse /root.
 */
export function defaultCacheDirectory(): string {
  if (process.env.MCP_RISK_CACHE_DIR) return process.env.MCP_RISK_CACHE_DIR;
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'mcp-risk');
  if (process.getuid?.() === 0) return '/var/cache/mcp-risk';
  return join(homedir(), '.cache', 'mcp-risk');
}

/** The cache folder for one name@version: `@scope/name` becomes `@scope+name`. */
export function cacheFolderName(name: string, version: string): string {
  return `${name.replace('/', '+')}@${version}`;
}

const LockfileSchema = z.looseObject({
  packages: z.record(z.string(), z.looseObject({ version: z.string().optional(), integrity: z.string().optional() })).optional(),
});
const PackageJsonSchema = z.looseObject({ bin: z.union([z.string(), z.record(z.string(), z.string())]).optional() });

const pending = new Map<string, Promise<InstallOutcome>>();

/** `.tmp-<pid>-<name>@<version>-<random>`: an install in progress, by the process named. */
const INSTALL_FOLDER = /^\.tmp-(\d+)-.+-[0-9a-f]{12}$/;
const cleanedRoots = new Map<string, Promise<unknown>>();

/** Installs NAME@VERSION_SPEC (lifecycle scripts disabled) into the cache, once per exact version. Never throws. */
export async function installNpmPackage(name: string, versionSpec: string, options: InstallOptions = {}): Promise<InstallOutcome> {
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const timeoutMs = options.timeoutMs ?? 180_000;
  const version = isExactVersion(versionSpec) ? versionSpec : await resolveVersion(name, versionSpec, timeoutMs);
  if (typeof version !== 'string') return version;
  const key = `${cacheDirectory}\0${name}@${version}`;
  let install = pending.get(key);
  if (!install) {
    // Whatever the file system does (a cache folder under a regular file, a full disk), the outcome is data.
    install = installExact(name, version, cacheDirectory, timeoutMs, options.onProgress)
      .catch((error: unknown): InstallOutcome => ({ ok: false, detail: `could not install ${name}@${version} into ${join(cacheDirectory, 'npm')}: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => pending.delete(key));
    pending.set(key, install);
  }
  return install;
}

async function resolveVersion(name: string, versionSpec: string, timeoutMs: number): Promise<string | { ok: false; detail: string }> {
  const result = await runCommand('npm', ['view', `${name}@${versionSpec}`, 'version', '--json'], { timeoutMs });
  if (result.exitCode !== 0) return { ok: false, detail: `could not resolve ${name}@${versionSpec}: ${npmErrorLine(result.stderr, result.spawnError)}` };
  try {
    const parsed: unknown = JSON.parse(result.stdout);
    const versions = Array.isArray(parsed) ? parsed : [parsed];
    const last = versions.at(-1);
    if (typeof last === 'string' && isExactVersion(last)) return last;
  } catch { /* fall through */ }
  return { ok: false, detail: `no version of ${name} matches "${versionSpec}".` };
}

async function installExact(name: string, version: string, cacheDirectory: string, timeoutMs: number, onProgress?: (message: string) => void): Promise<InstallOutcome> {
  const root = join(cacheDirectory, 'npm');
  const directory = join(root, cacheFolderName(name, version));
  // Once per cache and process: the folders of installs whose process was killed go.
  if (!cleanedRoots.has(root)) cleanedRoots.set(root, removeStaleDirectories(root, INSTALL_FOLDER));
  await cleanedRoots.get(root);
  if (await pathExists(join(directory, '.complete'))) return describeInstalled(name, version, directory, true);

  onProgress?.(`installing ${name}@${version} (scripts disabled)…`);
  // Install into a private folder, then rename: a crash never leaves a half-populated cache entry.
  const temporary = join(root, `.tmp-${process.pid}-${cacheFolderName(name, version)}-${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(root, { recursive: true, mode: 0o755 });
    await mkdir(temporary, { mode: 0o755 });
    await writeFile(join(temporary, 'package.json'), '{ "private": true }\n');
    const result = await runCommand(
      'npm',
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=dev', '--save-exact', '--loglevel=error', '--prefix', temporary, `${name}@${version}`],
      { cwd: temporary, timeoutMs },
    );
    if (result.timedOut) return { ok: false, detail: `npm install of ${name}@${version} took longer than ${timeoutMs} ms.` };
    if (result.exitCode !== 0) return { ok: false, detail: `npm install of ${name}@${version} failed: ${npmErrorLine(result.stderr, result.spawnError)}` };
    await writeFile(join(temporary, '.complete'), `${new Date().toISOString()}\n`);
    try {
      await rename(temporary, directory);
    } catch (error) {
      // Another process finished the same install first: use theirs.
      if (!(await pathExists(join(directory, '.complete')))) throw error;
    }
  } catch (error) {
    return { ok: false, detail: `could not install ${name}@${version} into ${root}: ${(error as Error).message}` };
  } finally {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
  }
  return describeInstalled(name, version, directory, false);
}

async function describeInstalled(name: string, version: string, directory: string, cached: boolean): Promise<InstallOutcome> {
  try {
    const packageDirectory = join('node_modules', name);
    const manifest = PackageJsonSchema.parse(JSON.parse(await readFile(join(directory, packageDirectory, 'package.json'), 'utf8')));
    const lockfile = LockfileSchema.parse(JSON.parse(await readFile(join(directory, 'package-lock.json'), 'utf8')));
    const integrity = lockfile.packages?.[`node_modules/${name}`]?.integrity;
    const bin = pickBin(name, manifest.bin);
    if (!bin) return { ok: false, detail: `${name}@${version} declares no \`bin\`, so there is no server to launch.` };
    const entry = join(packageDirectory, bin);
    const head = (await readFile(join(directory, entry), 'utf8')).slice(0, 200);
    const runsWithNode = /\.(c|m)?js$/.test(bin) || /^#!.*\bnode\b/.test(head);
    return { ok: true, installed: { name, version, ...(integrity !== undefined && { integrity }), directory, entry, runsWithNode, cached } };
  } catch (error) {
    return { ok: false, detail: `${name}@${version} installed but could not be read: ${(error as Error).message}` };
  }
}

function pickBin(name: string, bin: string | Record<string, string> | undefined): string | undefined {
  if (typeof bin === 'string') return bin;
  if (!bin) return undefined;
  const entries = Object.entries(bin);
  const unscoped = name.split('/').at(-1);
  return (entries.find(([command]) => command === unscoped) ?? entries[0])?.[1];
}

// What npm prints around the sentence that says what failed: codes, advice, the log file's path.
const NPM_NOISE = /^(?:code|syscall|errno|path|dest|signal)\b|^A complete log|^network(?! request)\b|^\d{3}\s*$|^\d{3} (?:Note|tarball)/i;

/** The line of npm's stderr that says what failed ("network request to … failed, reason: …"), without npm's prefix. */
export function npmErrorLine(stderr: string, spawnError?: string): string {
  if (spawnError) return spawnError;
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => !/^npm warn/i.test(line)).map((line) => line.replace(/^npm (?:error|ERR!)\s*/i, '').trim()).filter(Boolean);
  const error = lines.find((line) => !NPM_NOISE.test(line)) ?? lines[0];
  return (error ?? 'no output').slice(0, 300);
}
