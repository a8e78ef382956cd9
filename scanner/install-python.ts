/**
 * Python servers from a package index: each exact version installed once into its own virtual environment in the
 * cache (Debian's /usr/bin/python3 with its venv module and pip), from wheels only, so nothing of the package runs
 * at install time, as npm's scripts never do. The environment's python is a link to /usr/bin/python3, which every
 * sandbox shows, so the server runs inside with no network and nothing else of the host.
 */
import { randomBytes } from 'node:crypto';
import { access, constants, readdir, readFile, rename, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathExists } from '../core/path-exists.ts';
import { defaultCacheDirectory } from './install-npm.ts';
import { normalizePythonName } from './python-spec.ts';
import { runCommand } from './run-command.ts';
import { removeStaleDirectories } from './temporary-root.ts';

/** The interpreter every environment is made with: Debian's, under /usr, visible inside every sandbox (a pyenv or a venv python is not). */
export const SYSTEM_PYTHON = '/usr/bin/python3';
/** PyPI's simple index, used when neither the command line, the scan nor PIP_INDEX_URL names another. */
export const DEFAULT_PYTHON_INDEX = 'https://pypi.org/simple';

/** A Python distribution installed into its own environment in the cache. */
export interface InstalledPythonPackage {
  name: string;
  version: string;
  /** `sha256-…` (base64) of the wheel, from the index's link. */
  integrity?: string;
  /** The environment's folder. Mounted read-only into the sandbox. */
  directory: string;
  /** Its interpreter: `<directory>/bin/python`. */
  python: string;
  /** The console scripts the distribution declares, by name. */
  scripts: string[];
  cached: boolean;
}

export type PythonInstallOutcome =
  | { ok: true; installed: InstalledPythonPackage }
  | { ok: false; status: 'unsupported' | 'install_failed'; detail: string };

export interface PythonInstallOptions {
  cacheDirectory?: string;
  /** The simple index to ask; see DEFAULT_PYTHON_INDEX. */
  indexUrl?: string;
  timeoutMs?: number;
  onProgress?: (message: string) => void;
}

/** The index a scan asks: the one given, else `PIP_INDEX_URL`, else `UV_DEFAULT_INDEX` / `UV_INDEX_URL`, else PyPI. */
export function pythonIndexUrl(given?: string): string {
  return given ?? process.env.PIP_INDEX_URL ?? process.env.UV_DEFAULT_INDEX ?? process.env.UV_INDEX_URL ?? DEFAULT_PYTHON_INDEX;
}

interface IndexRelease {
  version: string;
  sha256?: string;
}

const PRERELEASE = /(?:a|b|rc|\.dev)\d*$/;
const INSTALL_FOLDER = /^\.tmp-(\d+)-.+-[0-9a-f]{12}$/;
const pending = new Map<string, Promise<PythonInstallOutcome>>();

/** Compares PEP 440 release numbers (`1.10.0` after `1.9.2`); suffixes only break ties. */
function compareVersions(a: string, b: string): number {
  const numbers = (version: string) => version.split(/[^\d]+/).filter(Boolean).map(Number);
  const [left, right] = [numbers(a), numbers(b)];
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference) return difference;
  }
  return a.localeCompare(b);
}

/** The wheels a PEP 503 project page links to, by version (`NAME-VERSION-…-py3-none-any.whl#sha256=…`). */
export function readSimplePage(html: string, name: string): { wheels: IndexRelease[]; sourceOnly: boolean } {
  const wanted = normalizePythonName(name);
  const wheels: IndexRelease[] = [];
  let sources = 0;
  for (const [, attributes = '', text = ''] of html.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
    if (/data-yanked/i.test(attributes)) continue;
    const file = text.trim();
    if (/\.(?:tar\.gz|zip)$/i.test(file)) sources++;
    if (!file.endsWith('.whl')) continue;
    const [distribution, version] = file.slice(0, -4).split('-');
    if (!distribution || !version || normalizePythonName(distribution) !== wanted) continue;
    const sha256 = /#sha256=([0-9a-f]{64})/i.exec(attributes)?.[1];
    wheels.push({ version, ...(sha256 && { sha256 }) });
  }
  return { wheels, sourceOnly: wheels.length === 0 && sources > 0 };
}

/** Asks the index which wheel to install: the version given, else the newest release. */
async function resolveRelease(name: string, version: string | undefined, indexUrl: string): Promise<IndexRelease | Exclude<PythonInstallOutcome, { ok: true }>> {
  const pageUrl = `${indexUrl.replace(/\/+$/, '')}/${normalizePythonName(name)}/`;
  let response: Response;
  try {
    response = await fetch(pageUrl, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(15_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, status: 'unsupported', detail: `no Python package index reachable (${indexUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}); give one with --index-url or PIP_INDEX_URL.` };
  }
  if (response.status === 404) return { ok: false, status: 'install_failed', detail: `no package ${name} on the Python index ${indexUrl}.` };
  if (!response.ok) return { ok: false, status: 'install_failed', detail: `the Python index ${indexUrl} answered HTTP ${response.status} for ${name}.` };
  const page = readSimplePage(await response.text(), name);
  if (page.sourceOnly) return { ok: false, status: 'install_failed', detail: `${name} has only source distributions on ${indexUrl}; building one runs its own code, which mcp-risk never does at install time.` };
  const candidates = version === undefined ? page.wheels.filter((wheel) => !PRERELEASE.test(wheel.version)) : page.wheels.filter((wheel) => wheel.version === version);
  const newest = candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!newest) return { ok: false, status: 'install_failed', detail: `no wheel of ${name}${version ? `==${version}` : ''} on the Python index ${indexUrl}.` };
  return newest;
}

/** Installs NAME (VERSION, else the newest) into the cache, once per exact version. Never throws. */
export async function installPythonPackage(name: string, version: string | undefined, options: PythonInstallOptions = {}): Promise<PythonInstallOutcome> {
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const indexUrl = pythonIndexUrl(options.indexUrl);
  if (!(await access(SYSTEM_PYTHON, constants.X_OK).then(() => true, () => false))) {
    return { ok: false, status: 'install_failed', detail: `Debian's ${SYSTEM_PYTHON} is missing; install python3 and python3-venv (scripts/setup.sh does).` };
  }
  const release = await resolveRelease(name, version, indexUrl);
  if ('ok' in release) return release;
  const key = `${cacheDirectory}\0${normalizePythonName(name)}@${release.version}`;
  let install = pending.get(key);
  if (!install) {
    install = installExact(name, release, indexUrl, cacheDirectory, options)
      .catch((error: unknown): PythonInstallOutcome => ({ ok: false, status: 'install_failed', detail: `could not install ${name}==${release.version} into ${join(cacheDirectory, 'pypi')}: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => pending.delete(key));
    pending.set(key, install);
  }
  return install;
}

async function installExact(name: string, release: IndexRelease, indexUrl: string, cacheDirectory: string, options: PythonInstallOptions): Promise<PythonInstallOutcome> {
  const root = join(cacheDirectory, 'pypi');
  const folder = `${normalizePythonName(name)}@${release.version}`;
  const directory = join(root, folder);
  await mkdir(root, { recursive: true, mode: 0o755 });
  await removeStaleDirectories(root, INSTALL_FOLDER);
  if (await pathExists(join(directory, '.complete'))) return describeInstalled(name, directory, true);

  options.onProgress?.(`installing ${name}@${release.version} from ${indexUrl} (wheels only)…`);
  const timeoutMs = options.timeoutMs ?? 180_000;
  const temporary = join(root, `.tmp-${process.pid}-${folder}-${randomBytes(6).toString('hex')}`);
  // Debian's python, with nothing of a pyenv or a virtual environment the scanner may run in.
  const env = { ...process.env };
  for (const variable of ['PYTHONHOME', 'PYTHONPATH', 'VIRTUAL_ENV', 'PYTHONSTARTUP', 'PYTHONUSERBASE']) delete env[variable];
  try {
    const venv = await runCommand(SYSTEM_PYTHON, ['-m', 'venv', temporary], { timeoutMs, env });
    if (venv.exitCode !== 0) return { ok: false, status: 'install_failed', detail: `could not create a virtual environment with ${SYSTEM_PYTHON} (install python3-venv; scripts/setup.sh does): ${lastLine(venv.stderr, venv.spawnError)}` };
    const pip = await runCommand(
      join(temporary, 'bin', 'python'),
      ['-m', 'pip', 'install', '--no-input', '--disable-pip-version-check', '--no-cache-dir', '--only-binary', ':all:', '--index-url', indexUrl, `${name}==${release.version}`],
      { cwd: temporary, timeoutMs, env: { ...env, PIP_CONFIG_FILE: '/dev/null' } },
    );
    if (pip.timedOut) return { ok: false, status: 'install_failed', detail: `pip install of ${name}==${release.version} took longer than ${timeoutMs} ms.` };
    if (pip.exitCode !== 0) return { ok: false, status: 'install_failed', detail: `pip install of ${name}==${release.version} failed: ${lastLine(pip.stderr, pip.spawnError)}` };
    const integrity = release.sha256 ? `sha256-${Buffer.from(release.sha256, 'hex').toString('base64')}` : undefined;
    await writeFile(join(temporary, '.mcp-risk-package.json'), `${JSON.stringify({ name, version: release.version, ...(integrity && { integrity }) })}\n`);
    await writeFile(join(temporary, '.complete'), `${new Date().toISOString()}\n`);
    await rename(temporary, directory).catch(async (error: unknown) => {
      if (!(await pathExists(join(directory, '.complete')))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true }).catch(() => undefined);
  }
  return describeInstalled(name, directory, false);
}

/** The installed distribution: its version and integrity as recorded, and the console scripts of its entry points. */
async function describeInstalled(name: string, directory: string, cached: boolean): Promise<PythonInstallOutcome> {
  try {
    const recorded = JSON.parse(await readFile(join(directory, '.mcp-risk-package.json'), 'utf8')) as { version: string; integrity?: string };
    const scripts: string[] = [];
    const lib = join(directory, 'lib');
    for (const python of await readdir(lib)) {
      const sitePackages = join(lib, python, 'site-packages');
      for (const entry of await readdir(sitePackages).catch(() => [] as string[])) {
        const match = /^(.+)-([^-]+)\.dist-info$/.exec(entry);
        if (!match || normalizePythonName(match[1]!) !== normalizePythonName(name)) continue;
        const entryPoints = await readFile(join(sitePackages, entry, 'entry_points.txt'), 'utf8').catch(() => '');
        scripts.push(...consoleScripts(entryPoints));
      }
    }
    return { ok: true, installed: { name, version: recorded.version, ...(recorded.integrity && { integrity: recorded.integrity }), directory, python: join(directory, 'bin', 'python'), scripts, cached } };
  } catch (error) {
    return { ok: false, status: 'install_failed', detail: `${name} installed but could not be read: ${(error as Error).message}` };
  }
}

/** The names under `[console_scripts]` in an entry_points.txt. */
export function consoleScripts(text: string): string[] {
  const names: string[] = [];
  let inSection = false;
  for (const line of text.split('\n').map((raw) => raw.trim())) {
    if (line.startsWith('[')) inSection = line === '[console_scripts]';
    else if (inSection && line.includes('=')) names.push(line.slice(0, line.indexOf('=')).trim());
  }
  return names;
}

/** What to run in the environment: the console script asked for (else the only one) or `-m MODULE`; an error says what exists. */
export function pythonCommandLine(installed: InstalledPythonPackage, run: { script: string } | { module: string }, args: readonly string[]): { command: string; args: string[] } | { error: string } {
  if ('module' in run) return { command: installed.python, args: ['-m', run.module, ...args] };
  const script = installed.scripts.find((name) => name === run.script) ?? installed.scripts.find((name) => normalizePythonName(name) === normalizePythonName(run.script)) ?? (installed.scripts.length === 1 ? installed.scripts[0] : undefined);
  if (!script) return { error: `${installed.name}@${installed.version} installs no command named ${run.script}${installed.scripts.length ? ` (it installs ${installed.scripts.join(', ')})` : ''}.` };
  // The script's #! line names the folder it was installed in, not the cache's: run it with the environment's python.
  return { command: installed.python, args: [join(installed.directory, 'bin', script), ...args] };
}

function lastLine(stderr: string, spawnError?: string): string {
  if (spawnError) return spawnError;
  const lines = stderr.split('\n').map((line) => line.trim()).filter(Boolean);
  return (lines.find((line) => /^ERROR:/.test(line)) ?? lines.at(-1) ?? 'no output').slice(0, 300);
}
