/**
 * Python servers as configurations launch them (`uvx NAME`, `uvx --from PKG NAME`, `uv tool run NAME`,
 * `pipx run NAME`, `pipx run --spec PKG NAME`, `python -m MODULE`) and as a target (`pypi:NAME[@VERSION]`):
 * which distribution to install, which version, what to run from it, and which index to ask.
 */
import { basename } from 'node:path';

/** A Python server to install from a package index and run. */
export interface PythonSpec {
  /** The distribution's name as written (`mcp-server-fetch`). */
  name: string;
  /** An exact version, or undefined for the newest release on the index. */
  version?: string;
  /** A console script the distribution installs, or a module for `python -m`. */
  run: { script: string } | { module: string };
  args: string[];
  /** The index the command line names (`--index-url`), if any. */
  indexUrl?: string;
}

const DISTRIBUTION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,200}[A-Za-z0-9])?$/;
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const EXACT_VERSION = /^\d+(?:\.\d+)*(?:(?:a|b|rc|\.post|\.dev)\d+)*$/;

/** PEP 503's normalised name: lower case, runs of `-`, `_` and `.` as one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** `NAME`, `NAME==VERSION` or `NAME@VERSION`; a range or anything else is refused with the reason. */
export function parseRequirement(text: string): { name: string; version?: string } | { error: string } {
  const match = /^([^=@<>!~\s[]+)(?:(?:==|@)(.+))?$/.exec(text);
  const name = match?.[1];
  const version = match?.[2];
  if (!name || !DISTRIBUTION_NAME.test(name)) return { error: `expected a Python package name, got "${text}"` };
  if (version === undefined || version === 'latest') return { name };
  if (!EXACT_VERSION.test(version)) return { error: `expected an exact version of ${name} (NAME==1.2.3), got "${version}"` };
  return { name, version };
}

/** Options of uvx / pipx run that take a value: skipped with it, `--index-url` kept. */
const VALUE_OPTIONS = new Set(['--from', '--with', '--with-editable', '--with-requirements', '--index-url', '-i', '--default-index', '--extra-index-url', '--index', '--python', '-p', '--spec', '--pip-args', '--find-links', '-f', '--constraint', '-c', '--directory', '--env-file']);

/** Splits the launcher's own options from the app and its arguments. */
function readLauncherOptions(args: readonly string[]): { options: Map<string, string>; app?: string; rest: string[] } {
  const options = new Map<string, string>();
  for (let index = 0; index < args.length; index++) {
    const argument = args[index]!;
    if (!argument.startsWith('-')) return { options, app: argument, rest: args.slice(index + 1) };
    if (argument === '--') return { options, ...(args[index + 1] !== undefined && { app: args[index + 1]! }), rest: args.slice(index + 2) };
    const equals = argument.indexOf('=');
    if (equals !== -1) options.set(argument.slice(0, equals), argument.slice(equals + 1));
    else if (VALUE_OPTIONS.has(argument)) options.set(argument, args[++index] ?? '');
  }
  return { options, rest: [] };
}

/** The spec for `PACKAGE` (what to install) running `APP` (the console script). */
function specFor(packageText: string | undefined, app: string, rest: string[], options: Map<string, string>): PythonSpec | { error: string } {
  const requirement = parseRequirement(packageText ?? app);
  if ('error' in requirement) return requirement;
  const appRequirement = parseRequirement(app);
  const script = packageText === undefined || 'error' in appRequirement ? ('error' in appRequirement ? app : appRequirement.name) : appRequirement.name;
  const indexUrl = options.get('--index-url') ?? options.get('-i') ?? options.get('--default-index');
  return { ...requirement, run: { script }, args: rest, ...(indexUrl && { indexUrl }) };
}

/**
 * The Python server a command line launches; undefined when it is no Python launcher; `error` when it is one
 * whose form cannot be installed (a git URL, a version range).
 */
export function pythonSpecFor(command: string, args: readonly string[]): PythonSpec | { error: string } | undefined {
  const program = basename(command);
  let launcherArgs: readonly string[] | undefined;
  if (program === 'uvx') launcherArgs = args;
  else if (program === 'uv' && args[0] === 'tool' && args[1] === 'run') launcherArgs = args.slice(2);
  else if (program === 'pipx' && args[0] === 'run') launcherArgs = args.slice(1);
  if (launcherArgs) {
    const { options, app, rest } = readLauncherOptions(launcherArgs);
    if (!app) return { error: `expected a package after \`${program}\`, got none` };
    return specFor(options.get('--from') ?? options.get('--spec'), app, rest, options);
  }
  if (/^python(?:3(?:\.\d+)?)?$/.test(program)) {
    const moduleIndex = args.indexOf('-m');
    if (moduleIndex === -1 || args.slice(0, moduleIndex).some((argument) => !argument.startsWith('-'))) return undefined;
    const module = args[moduleIndex + 1];
    if (!module || !MODULE_NAME.test(module)) return { error: `expected a module after \`python -m\`, got "${module ?? ''}"` };
    // The distribution is assumed to share the module's name (`mcp_server_fetch` is `mcp-server-fetch`), as nearly all servers do.
    return { name: module.split('.')[0]!, run: { module }, args: args.slice(moduleIndex + 2) };
  }
  return undefined;
}

/** `pypi:NAME[@VERSION]` (the part after `pypi:`): runs the console script named like the distribution, else its only one. */
export function parsePypiTarget(text: string): PythonSpec | undefined {
  const requirement = parseRequirement(text);
  if ('error' in requirement) return undefined;
  return { ...requirement, run: { script: requirement.name }, args: [] };
}
