/**
 * What a command line launches: `npx -y PKG ARGS` is an npm package, and any other command runs as it is. The
 * same rule for a client configuration's entry and for `scan -- COMMAND`, so a command copied from a README
 * scans exactly as the configuration holding it would.
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { DeclaredVariable } from './environment.ts';
import { configuredLaunch, configuredWorkingDirectory } from './launch-paths.ts';
import { parseNpmSpec } from './npm-spec.ts';
import type { Launch } from './targets.ts';
import { containerSpecFor } from './container-spec.ts';
import { looksSecret } from './environment.ts';
import { pythonSpecFor, type PythonSpec } from './python-spec.ts';

/** Where a command line was found, which decides what of the host its server may see. */
export interface CommandContext {
  /** Where relative paths in the arguments resolve: the entry's `cwd`, else the configuration's folder, else the current directory. */
  baseDirectory: string;
  /** Folders never shown whole (the home directory, a configuration's folder). */
  protectedFolders: string[];
  declared: DeclaredVariable[];
  /** The entry's own `cwd`, when it names one. */
  cwd?: string;
}

/** `npx [-y|--yes] PKG ARGS`: the package and its arguments; undefined for any other command. */
export function npxPackage(command: string, args: readonly string[]): { spec: string; rest: string[] } | undefined {
  if (basename(command) !== 'npx') return undefined;
  const index = args.findIndex((argument) => !argument.startsWith('-'));
  if (index === -1) return undefined;
  return { spec: args[index]!, rest: args.slice(index + 1) };
}

/** An npm package's launch with ARGS, the folders they name shown as for any command. */
export function npmLaunch(spec: { name: string; versionSpec: string }, args: readonly string[], context: CommandContext): Launch {
  const shown = configuredLaunch(args, context.baseDirectory, context.protectedFolders);
  return { kind: 'npm', ...spec, nodeArgs: [], args: shown.args, declared: context.declared, readOnlyPaths: shown.readOnlyPaths, emptyFolders: shown.emptyFolders };
}

/** A Python package's launch, the folders its arguments name shown as for any command. */
export function pythonLaunch(spec: PythonSpec, context: CommandContext): Launch {
  const shown = configuredLaunch(spec.args, context.baseDirectory, context.protectedFolders);
  return {
    kind: 'pypi',
    name: spec.name,
    ...(spec.version !== undefined && { version: spec.version }),
    run: spec.run,
    args: shown.args,
    declared: context.declared,
    ...(spec.indexUrl !== undefined && { indexUrl: spec.indexUrl }),
    readOnlyPaths: shown.readOnlyPaths,
    emptyFolders: shown.emptyFolders,
  };
}

/**
 * `python -m NAME` runs a local module when the entry's folder holds one (`NAME/` or `NAME.py`) or the entry
 * names a `cwd` (a project): then it is that command, never a PyPI package that happens to share the name.
 */
function localModuleAside(spec: ReturnType<typeof pythonSpecFor>, context: CommandContext): ReturnType<typeof pythonSpecFor> {
  if (!spec || 'error' in spec || !('module' in spec.run)) return spec;
  if (context.cwd !== undefined) return undefined;
  const path = join(context.baseDirectory, ...spec.run.module.split('.'));
  return existsSync(path) || existsSync(`${path}.py`) ? undefined : spec;
}

/** True for a command line that fetches a package or an image (npx, uvx, pipx run, python -m, docker run), scanned as that package. */
export function isPackageLauncher(command: string, args: readonly string[]): boolean {
  return pythonSpecFor(command, args) !== undefined || containerSpecFor(command, args) !== undefined;
}

/** The launch a command line stands for. */
export function launchForCommand(command: string, args: readonly string[], context: CommandContext): Launch {
  const commandLine = [command, ...args].join(' ');
  const python = localModuleAside(pythonSpecFor(command, args), context);
  if (python) return 'error' in python ? { kind: 'unsupported', detail: `${python.error} in \`${commandLine}\`.` } : pythonLaunch(python, context);
  const container = containerSpecFor(command, args);
  if (container) {
    if ('error' in container) return { kind: 'unsupported', detail: `${container.error} in \`${commandLine}\`.` };
    const known = new Set(context.declared.map((variable) => variable.name));
    const declared = [...context.declared, ...container.variables.filter((name) => !known.has(name)).map((name) => ({ name, isSecret: looksSecret(name), isRequired: true }))];
    return { kind: 'container', image: container.image, args: container.args, declared, commandLine };
  }
  const npx = npxPackage(command, args);
  if (npx) {
    const spec = parseNpmSpec(npx.spec);
    if (!spec) return { kind: 'unsupported', detail: `expected \`npx [-y] PACKAGE ARGS\` with a valid npm package name, got \`${[command, ...args].join(' ')}\`.` };
    return npmLaunch(spec, npx.rest, context);
  }
  const workingDirectory = configuredWorkingDirectory(context.cwd, context.baseDirectory, context.protectedFolders);
  const shown = configuredLaunch(args, context.baseDirectory, context.protectedFolders);
  const readOnlyPaths = [...shown.readOnlyPaths, ...(workingDirectory ? [workingDirectory] : [])];
  return {
    kind: 'command',
    command,
    args: shown.args,
    cwd: context.baseDirectory,
    declared: context.declared,
    readOnlyPaths,
    emptyFolders: shown.emptyFolders,
    ...(workingDirectory && { workingDirectory }),
    protectedFolders: context.protectedFolders,
  };
}
