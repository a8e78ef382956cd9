import { buildServerEnvironment } from './environment.ts';
import type { PreparedLaunch, Sandbox, SandboxSpec } from './sandbox.ts';
import { createScratchDirectory } from './scratch.ts';

/**
 * No containment: the server runs as the scanner's user with the host's network and files. Only the environment
 * allowlist, the limits and the tree kill still apply. Chosen only by name, with a warning on every run.
 */
export class NoSandbox implements Sandbox {
  readonly name = 'none' as const;

  async checkAvailable(): Promise<string | undefined> {
    return undefined;
  }

  async prepare(spec: SandboxSpec): Promise<PreparedLaunch> {
    const scratch = await createScratchDirectory();
    const { env, recorded } = buildServerEnvironment(spec.declared, { path: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', home: scratch.path });
    return {
      command: spec.command,
      args: spec.args,
      env,
      cwd: spec.workingDirectory ?? scratch.path,
      environment: recorded,
      watchTree: true,
      cleanup: () => scratch.remove(),
    };
  }
}
