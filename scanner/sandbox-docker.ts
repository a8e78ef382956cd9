import { randomBytes } from 'node:crypto';
import { buildServerEnvironment } from './environment.ts';
import { runCommand } from './run-command.ts';
import type { PreparedLaunch, Sandbox, SandboxSpec } from './sandbox.ts';
import { createScratchDirectory } from './scratch.ts';

/** The image servers run in: it must provide `node` at the same path as on the host, or servers given as `node …`. */
export const DEFAULT_DOCKER_IMAGE = 'node:20-bookworm-slim';
const CONTAINER_NODE = '/usr/local/bin/node';

/** docker: no network, read-only root, memory and pids limits enforced by the engine, no capabilities. */
export class DockerSandbox implements Sandbox {
  readonly name = 'docker' as const;

  constructor(private readonly image = process.env.MCP_RISK_DOCKER_IMAGE ?? DEFAULT_DOCKER_IMAGE) {}

  async checkAvailable(): Promise<string | undefined> {
    const info = await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 10_000 });
    if (info.spawnError) return `the docker client is not installed (${info.spawnError}). Use --sandbox bubblewrap.`;
    if (info.exitCode !== 0) return `no docker engine answers here (${firstLine(info.stderr)}). Start one, or use --sandbox bubblewrap.`;
    return undefined;
  }

  async prepare(spec: SandboxSpec): Promise<PreparedLaunch> {
    const scratch = await createScratchDirectory(process.getuid?.() === 0 ? 65534 : undefined);
    const { env, recorded } = buildServerEnvironment(spec.declared, { path: '/usr/local/bin:/usr/bin:/bin', home: '/home/sandbox' });
    const name = `mcp-risk-${randomBytes(6).toString('hex')}`;
    const args = [
      'run', '--rm', '-i', '--name', name, '--network', 'none', '--read-only',
      '--memory', String(spec.limits.memoryBytes), '--memory-swap', String(spec.limits.memoryBytes),
      '--pids-limit', String(spec.limits.maxProcesses), '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--user', '65534:65534', '--tmpfs', `/tmp:size=${spec.limits.memoryBytes}`, '--tmpfs', `/home/sandbox:size=${spec.limits.memoryBytes}`,
      '--shm-size', String(spec.limits.memoryBytes), '--hostname', 'mcp-sandbox',
      '-v', `${scratch.path}:/scratch`, '-w', spec.workingDirectory ?? '/scratch',
    ];
    for (const path of spec.readOnlyPaths) args.push('-v', `${path}:${path}:ro`);
    for (const path of spec.emptyFolders ?? []) if (!['/tmp', '/home/sandbox', '/scratch'].includes(path)) args.push('--tmpfs', `${path}:ro`);
    for (const [key, value] of Object.entries(env)) args.push('-e', `${key}=${value}`);
    // The host's node binary may not run in the image; the image's own node runs Node servers. No command: the image's own entrypoint.
    const command = spec.command === process.execPath ? CONTAINER_NODE : spec.command;
    args.push(this.image, ...(command ? [command] : []), ...spec.args);
    let cleaned = false;
    return {
      command: 'docker',
      args,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...(process.env.DOCKER_HOST && { DOCKER_HOST: process.env.DOCKER_HOST }) },
      cwd: scratch.path,
      environment: recorded,
      watchTree: false,
      async cleanup() {
        if (cleaned) return;
        cleaned = true;
        // Killing the docker client does not stop its container.
        await runCommand('docker', ['rm', '-f', name], { timeoutMs: 15_000 });
        await scratch.remove();
      },
    };
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? 'no output';
}
