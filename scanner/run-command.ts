import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** The outcome of a short trusted command (npm, docker): never throws, output capped. */
export interface CommandResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the command could not be started at all (not installed, for example). */
  spawnError?: string;
}

const MAX_OUTPUT = 4 * 1024 * 1024;
const SETPRIV = '/usr/bin/setpriv';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The command line that runs `command` so the kernel kills it when its parent (the scanner, the guard) dies, even by
 * SIGKILL (`setpriv --pdeathsig KILL`): the child runs in its own process group and session for the kill of its
 * tree, so nothing else would end it. A command not found on PATH is spawned as given, so the spawn error says so.
 */
export function withParentDeath(command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string = process.cwd()): [string, string[]] {
  if (!isExecutable(SETPRIV)) return [command, [...args]];
  const found = command.includes('/') ? (isExecutable(resolve(cwd, command)) ? resolve(cwd, command) : undefined) : (env.PATH ?? '').split(delimiter).filter(Boolean).map((directory) => join(directory, command)).find(isExecutable);
  return found ? [SETPRIV, ['--pdeathsig', 'KILL', '--', found, ...args]] : [command, [...args]];
}

/** Runs a trusted helper without a shell, with a timeout that kills its process group; it dies with the scanner. */
export function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<CommandResult> {
  return new Promise((resolvePromise) => {
    const env = options.env ?? process.env;
    const [executable, argv] = withParentDeath(command, args, env);
    const child = spawn(executable, argv, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => { if (stdout.length < MAX_OUTPUT) stdout += chunk.toString('utf8'); });
    child.stderr.on('data', (chunk: Buffer) => { if (stderr.length < MAX_OUTPUT) stderr += chunk.toString('utf8'); });
    const timer = setTimeout(() => {
      timedOut = true;
      try { if (child.pid) process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: null, stdout, stderr, timedOut, spawnError: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ exitCode: code, stdout, stderr, timedOut });
    });
  });
}
