import { BubblewrapSandbox } from './sandbox-bubblewrap.ts';
import { DockerSandbox } from './sandbox-docker.ts';
import { NoSandbox } from './sandbox-none.ts';
import type { Sandbox, SandboxName } from './sandbox.ts';

/** Builds a sandbox backend by name: the one place a name becomes a backend (scan, guard and crawl). */
export function createSandbox(name: SandboxName): Sandbox {
  if (name === 'docker') return new DockerSandbox();
  if (name === 'none') return new NoSandbox();
  return new BubblewrapSandbox();
}
