import type { DeclaredVariable, RecordedVariable } from './environment.ts';
import type { ScanLimits } from './limits.ts';

export type SandboxName = 'bubblewrap' | 'docker' | 'none';
export const SANDBOX_NAMES: readonly SandboxName[] = ['bubblewrap', 'docker', 'none'];

/** What to run. Paths are host paths; every backend shows `readOnlyPaths` at the same path inside. */
export interface SandboxSpec {
  /** The executable, as an absolute host path (`process.execPath` for Node servers); empty for a container image's own entrypoint. */
  command: string;
  args: string[];
  /** Host paths the server may read (its package, the current directory); nothing else of the host is visible. */
  readOnlyPaths: string[];
  /** Protected folders its arguments name: each an empty, read-only folder at the same path inside. */
  emptyFolders?: string[];
  /** Where the server starts; a private writable scratch directory when not given. */
  workingDirectory?: string;
  /** Variables the server declared; filled with placeholders unless given a value. */
  declared: DeclaredVariable[];
  limits: ScanLimits;
  /** Set when stub services run beside the server (see stubs/plan.ts): the sandbox gives it a writable /var/run and this file as /etc/hosts. */
  stubs?: { hostsFile: string };
}

/** A launch the scanner can spawn as it is: the sandbox's own launcher with the server inside. */
export interface PreparedLaunch {
  command: string;
  args: string[];
  /** The environment of the launcher process itself (never the scanner's). */
  env: Record<string, string>;
  cwd: string;
  /** The declared variables as the server sees them. */
  environment: RecordedVariable[];
  /** True when the scanner must police memory and task counts under /proc itself. */
  watchTree: boolean;
  /** Writable tmpfs mounts inside the sandbox, whose contents count against the memory limit with the processes. */
  writableMounts?: string[];
  /** Removes what the launch left behind (scratch directory, container). Safe to call twice. */
  cleanup(): Promise<void>;
}

/** One way to contain a server. */
export interface Sandbox {
  readonly name: SandboxName;
  /** Undefined when the backend can run here; otherwise why it cannot, in one sentence with what to do. */
  checkAvailable(): Promise<string | undefined>;
  prepare(spec: SandboxSpec): Promise<PreparedLaunch>;
  /** True when stubs can run inside the server's own network namespace, so "no network" still holds with them. */
  readonly runsStubs?: boolean;
}
