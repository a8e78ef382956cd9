import { basename, dirname, extname } from 'node:path';
import { deriveServerKey } from '../policy/server-key.ts';
import { DEFAULT_LIMITS } from '../scanner/limits.ts';
import type { Sandbox } from '../scanner/sandbox.ts';
import type { ProcessLaunch } from './upstream-process.ts';
import { resolveCommand } from '../scanner/resolve-command.ts';
import { nodeRuntimePaths } from '../scanner/node-runtime.ts';

/**
 * How to start the server. Without a sandbox it runs exactly as the client would run it: the user's environment
 * and current directory, because it must do real work. With one, the scanner's backend contains it (no network
 * under bubblewrap, an allowlisted environment plus the variables named in `passEnvironment`, the current directory
 * read-only).
 */
export async function prepareLaunch(argv: readonly string[], cwd: string, sandbox: Sandbox | undefined, environment: NodeJS.ProcessEnv, readOnlyPaths: readonly string[] = [], passEnvironment: readonly string[] = []): Promise<ProcessLaunch> {
  const [command, ...args] = argv;
  if (!command) throw new Error('expected a command to run');
  if (!sandbox) return { command, args, env: { ...environment }, cwd };
  const resolved = resolveCommand(command, cwd, environment.PATH ?? '');
  if (!resolved) throw new Error(`"${command}" was not found${command.includes('/') ? '' : ' on PATH'}`);
  const prepared = await sandbox.prepare({
    command: resolved,
    args,
    readOnlyPaths: [cwd, ...(resolved.startsWith('/usr/') ? [] : [dirname(resolved)]), ...nodeRuntimePaths(), ...readOnlyPaths],
    workingDirectory: cwd,
    // The variables the client's configuration gave the server (its `env`), passed on by name with their values.
    declared: passEnvironment.flatMap((name) => {
      const value = environment[name];
      return value === undefined ? [] : [{ name, isSecret: false, isRequired: true, value }];
    }),
    limits: DEFAULT_LIMITS,
  });
  return { command: prepared.command, args: prepared.args, env: prepared.env, cwd: prepared.cwd, cleanup: () => prepared.cleanup() };
}


/**
 * The server's key when none is given: the npm package for `npx PKG` (as `mcp-risk policy` derives it), the
 * script's name for `node SCRIPT`, the command's name otherwise, the host name for a URL.
 */
export function deriveGuardServerKey(target: { command: readonly string[] } | { url: URL }): string {
  if ('url' in target) return target.url.hostname || 'remote';
  const [command = 'server', ...args] = target.command;
  const name = basename(command);
  if (name === 'npx' || name === 'bunx' || name === 'pnpx') {
    const spec = args.find((argument) => !argument.startsWith('-'));
    if (spec) return deriveServerKey({ target: `npm:${spec}` });
  }
  if (/^(node|deno|bun|python3?|uv|uvx)$/.test(name)) {
    const script = args.find((argument) => !argument.startsWith('-'));
    if (script) return basename(script, extname(script)) || name;
  }
  return name;
}
