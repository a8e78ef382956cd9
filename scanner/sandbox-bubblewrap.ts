import { access, constants, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildServerEnvironment } from './environment.ts';
import { runCommand } from './run-command.ts';
import type { PreparedLaunch, Sandbox, SandboxSpec } from './sandbox.ts';
import { createScratchDirectory } from './scratch.ts';

/** Tasks the kernel allows above `maxProcesses`, so the watcher always sees the limit reached and names it. */
const PROCESS_CAP_HEADROOM = 8;

const BWRAP = '/usr/bin/bwrap';
const SETPRIV = '/usr/bin/setpriv';
const PRLIMIT = '/usr/bin/prlimit';
const SANDBOX_HOME = '/home/sandbox';
const SANDBOX_PATH = '/usr/local/bin:/usr/bin:/bin';
/** Every place a server can write: each a tmpfs no larger than the memory limit, its contents counted against it. */
const WRITABLE_MOUNTS = ['/tmp', SANDBOX_HOME, '/dev/shm', '/scratch'];

/**
 * Each launch runs as its own unprivileged host user (when the scanner is root), because the kernel counts the
 * process limit per user: with one shared user, one server's fork bomb would starve the others.
 */
let nextUid = 200_000 + Math.floor(Math.random() * 50_000);
function allocateUid(): number {
  nextUid = nextUid >= 260_000 ? 200_000 : nextUid + 1;
  return nextUid;
}

/** bubblewrap: no network, own PID namespace, read-only system, empty home and /tmp, no capabilities. */
export class BubblewrapSandbox implements Sandbox {
  readonly name = 'bubblewrap' as const;
  readonly runsStubs = true;

  async checkAvailable(): Promise<string | undefined> {
    try {
      await access(BWRAP, constants.X_OK);
    } catch {
      return `bubblewrap is not installed (${BWRAP}). Install it with \`apt-get install bubblewrap\` (scripts/setup.sh does), or choose --sandbox docker.`;
    }
    const probe = await runCommand(BWRAP, ['--unshare-all', '--ro-bind', '/usr', '/usr', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/bin', '/bin', '--', '/bin/true'], { timeoutMs: 10_000, env: {} });
    if (probe.exitCode !== 0) return `bubblewrap cannot create namespaces here: ${probe.stderr.trim() || probe.spawnError || 'unknown error'}. Unprivileged user namespaces may be disabled.`;
    return undefined;
  }

  async prepare(spec: SandboxSpec): Promise<PreparedLaunch> {
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      const blocked = await findPathHiddenFromOthers([...spec.readOnlyPaths, ...(spec.workingDirectory ? [spec.workingDirectory] : []), spec.command]);
      if (blocked) {
        throw new Error(
          `the sandbox runs the server as an unprivileged user, who cannot reach ${blocked.path} because ${blocked.folder} is closed to other users (mode ${blocked.mode}). ` +
            `Move the server to a folder other users can read (for example under /opt or /srv), open the folders (chmod o+rx ${blocked.folder}), or run mcp-risk as a user other than root.`,
        );
      }
    }
    const uid = asRoot ? allocateUid() : undefined;
    const scratch = await createScratchDirectory(uid);
    const { env, recorded } = buildServerEnvironment(spec.declared, { path: SANDBOX_PATH, home: SANDBOX_HOME });
    const bwrapArgs = [
      '--unshare-all', '--die-with-parent', '--new-session', '--cap-drop', 'ALL',
      '--uid', '65534', '--gid', '65534', '--hostname', 'mcp-sandbox',
      '--ro-bind', '/usr', '/usr',
      '--symlink', 'usr/bin', '/bin', '--symlink', 'usr/lib', '/lib', '--symlink', 'usr/lib64', '/lib64', '--symlink', 'usr/sbin', '/sbin',
      '--proc', '/proc', '--dev', '/dev',
      ...WRITABLE_MOUNTS.flatMap((mount) => ['--size', String(spec.limits.memoryBytes), '--tmpfs', mount]),
    ];
    for (const path of spec.emptyFolders ?? []) if (!WRITABLE_MOUNTS.includes(path)) bwrapArgs.push('--dir', path);
    for (const path of spec.readOnlyPaths) {
      if (path.startsWith('/usr/') || path === '/usr') continue;
      bwrapArgs.push('--ro-bind', path, path);
    }
    // Stubs listen on a socket under /var/run: one more writable place, sized and counted like the others.
    const writableMounts = spec.stubs ? [...WRITABLE_MOUNTS, '/var/run'] : WRITABLE_MOUNTS;
    if (spec.stubs) bwrapArgs.push('--size', String(spec.limits.memoryBytes), '--tmpfs', '/var/run', '--ro-bind', spec.stubs.hostsFile, '/etc/hosts');
    bwrapArgs.push('--remount-ro', '/', '--chdir', spec.workingDirectory ?? '/scratch', '--clearenv');
    for (const [name, value] of Object.entries(env)) bwrapArgs.push('--setenv', name, value);
    bwrapArgs.push('--', spec.command, ...spec.args);

    // As root: drop to the allocated user and cap its task count before bwrap starts. The kernel's cap sits
    // a little above the limit: at exactly the limit a fork bomb's count hovers one below it (each refused
    // fork's parent exits), so the /proc watcher could miss it and the scan would end as a timeout.
    const cap = spec.limits.maxProcesses + PROCESS_CAP_HEADROOM;
    const [command, args] = uid === undefined
      ? [BWRAP, bwrapArgs]
      : [PRLIMIT, [`--nproc=${cap}:${cap}`, '--', SETPRIV, `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', BWRAP, ...bwrapArgs]];
    return { command, args, env: { PATH: SANDBOX_PATH }, cwd: scratch.path, environment: recorded, watchTree: true, writableMounts, cleanup: () => scratch.remove() };
  }
}

/**
 * As root, the server runs as an allocated user with no groups, so only the "other" permission bits let it
 * in: every folder on the way to a path needs o+x, and bwrap cannot bind or enter a path it cannot reach
 * (a home folder is often 0700). Returns the first folder that shuts it out.
 */
export async function findPathHiddenFromOthers(paths: readonly string[]): Promise<{ path: string; folder: string; mode: string } | undefined> {
  for (const path of new Set(paths)) {
    if (path === '/usr' || path.startsWith('/usr/') || !path.startsWith('/')) continue;
    const folders: string[] = [];
    for (let folder = dirname(path); folder !== '/'; folder = dirname(folder)) folders.unshift(folder);
    for (const folder of folders) {
      const mode = await stat(folder).then((stats) => stats.mode, () => undefined);
      if (mode !== undefined && (mode & 0o001) === 0) return { path, folder, mode: (mode & 0o777).toString(8).padStart(4, '0') };
    }
  }
  return undefined;
}
