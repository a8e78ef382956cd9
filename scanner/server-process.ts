import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { STDERR_EXCERPT_BYTES, type ScanLimits } from './limits.ts';
import { groupHasMember, sampleProcessTree, stillRunning, watchProcessTree, type TreeSample } from './process-tree.ts';
import { measureWritableBytes } from './writable-usage.ts';
import { withParentDeath } from './run-command.ts';

/** How the server process ended. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServerProcessOptions {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  limits: ScanLimits;
  /** Watch the tree's memory and task count under /proc (false when the backend enforces them, as docker does). */
  watchTree: boolean;
  /** Writable tmpfs mounts inside the sandbox: their contents count against the memory limit. */
  writableMounts?: string[];
}

/**
 * A launched server: newline-delimited messages out of its stdout, capped in size, its stderr kept as an
 * excerpt, and one way to end it that takes its whole process group and every descendant with it.
 */
export class ServerProcess {
  /** Limits this process hit, e.g. `maxStdoutBytes`; a hit also kills it. */
  readonly limitsHit = new Set<string>();
  /** Resolves once the process has exited, whatever the reason. */
  readonly exited: Promise<ProcessExit>;
  /** Set when the launcher itself could not start. */
  spawnError: string | undefined;
  /** Lines on stdout that were not JSON, e.g. logging written to the wrong stream. */
  nonJsonLines = 0;
  onLine: ((line: string) => void) | undefined;

  private readonly child: ChildProcessWithoutNullStreams;
  private readonly limits: ScanLimits;
  private readonly writableMounts: string[];
  private readonly watching: boolean;
  private stdoutBytes = 0;
  private pendingLine: Buffer[] = [];
  private pendingBytes = 0;
  private stderrHead = '';
  private stderrTail = '';
  private stderrBytes = 0;
  private lastSample: TreeSample | undefined;
  private stopWatching: (() => void) | undefined;
  private exitValue: ProcessExit | undefined;

  constructor(options: ServerProcessOptions) {
    this.limits = options.limits;
    this.writableMounts = options.writableMounts ?? [];
    // Its own process group, so a kill reaches everything it started that did not leave the group.
    // And a death signal: a scanner killed with -9 takes the server with it (`--sandbox none` has nothing else to).
    const [command, args] = withParentDeath(options.command, options.args, options.env, options.cwd);
    this.child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolveExit) => {
      this.child.on('error', (error) => {
        this.spawnError = error.message;
        this.exitValue = { code: null, signal: null };
        resolveExit(this.exitValue);
      });
      this.child.on('exit', (code, signal) => {
        this.exitValue = { code, signal };
        resolveExit(this.exitValue);
      });
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.readStdout(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.readStderr(chunk));
    this.child.stdin.on('error', () => { /* the server closed its stdin: its exit tells the story */ });
    this.watching = options.watchTree;
    if (options.watchTree && this.child.pid) {
      this.stopWatching = watchProcessTree(this.child.pid, (sample) => this.checkTree(sample));
    }
    void this.exited.then(() => this.stopWatching?.());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get exit(): ProcessExit | undefined {
    return this.exitValue;
  }

  /** Writes one message line to the server's stdin. */
  write(line: string): void {
    if (this.exitValue || this.child.stdin.destroyed) throw new Error('the server process has exited');
    this.child.stdin.write(`${line}\n`);
  }

  /** The first and last bytes of stderr, with a marker where the middle was dropped. */
  stderrExcerpt(): string {
    if (this.stderrBytes <= STDERR_EXCERPT_BYTES * 2) return this.stderrHead + this.stderrTail;
    return `${this.stderrHead}\n… [${this.stderrBytes - STDERR_EXCERPT_BYTES * 2} bytes omitted] …\n${this.stderrTail}`;
  }

  /** Resolves when stderr has been read to its end (or shortly after exit, if a stray descendant holds it open). */
  async settled(): Promise<void> {
    await this.exited;
    if (this.child.stderr.readableEnded || this.child.stderr.destroyed) return;
    await new Promise<void>((resolveSettled) => {
      const timer = setTimeout(resolveSettled, 200);
      this.child.stderr.once('end', () => {
        clearTimeout(timer);
        resolveSettled();
      });
    });
  }

  /** Kills the whole tree (group and every descendant seen) and waits for the process to be gone. */
  async kill(): Promise<void> {
    const pid = this.child.pid;
    if (pid !== undefined && !this.exitValue) {
      signal(-pid);
      for (const descendant of sampleProcessTree(pid).pids) signal(descendant);
    } else if (pid !== undefined && this.lastSample) {
      // Exited: its id, and those the last sample saw, may belong to someone else by now. Only processes
      // that are provably the same (same start time) are signalled, and the group only while one of them is in it.
      const survivors = this.lastSample.pids.filter((descendant) => descendant !== pid && stillRunning(this.lastSample!, descendant));
      if (groupHasMember(pid, survivors)) signal(-pid);
      for (const descendant of survivors) signal(descendant);
    }
    this.child.stdin.destroy();
    await this.settled();
    this.stopWatching?.();
    this.child.stdout.destroy();
    this.child.stderr.destroy();
  }

  /**
   * Checks the tree against the limits now, not at the next tick: a server that fills memory and answers at
   * once would otherwise finish between two samples. True when a limit is hit (the tree is then killed).
   */
  checkLimitsNow(): boolean {
    if (this.watching && this.child.pid !== undefined && !this.exitValue) this.checkTree(sampleProcessTree(this.child.pid));
    return this.limitsHit.size > 0;
  }

  private hitLimit(name: string): void {
    this.limitsHit.add(name);
    void this.kill();
  }

  private checkTree(sample: TreeSample): void {
    if (sample.pids.length) this.lastSample = sample;
    // The launcher itself is outside the sandbox's mounts; its first child is inside.
    const inside = sample.pids[1];
    const written = inside !== undefined && this.writableMounts.length ? measureWritableBytes(inside, this.writableMounts) : 0;
    if (sample.residentBytes + written > this.limits.memoryBytes) this.hitLimit('memoryBytes');
    else if (sample.tasks >= this.limits.maxProcesses) this.hitLimit('maxProcesses');
  }

  private readStdout(chunk: Buffer): void {
    if (this.limitsHit.size) return;
    this.stdoutBytes += chunk.length;
    if (this.stdoutBytes > this.limits.maxStdoutBytes) return this.hitLimit('maxStdoutBytes');
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      this.pendingLine.push(chunk.subarray(start, newline));
      const line = Buffer.concat(this.pendingLine).toString('utf8');
      this.pendingLine = [];
      this.pendingBytes = 0;
      start = newline + 1;
      this.emitLine(line);
      if (this.limitsHit.size) return;
    }
    if (start < chunk.length) {
      this.pendingLine.push(chunk.subarray(start));
      this.pendingBytes += chunk.length - start;
      if (this.pendingBytes > this.limits.maxMessageBytes) this.hitLimit('maxMessageBytes');
    }
  }

  private emitLine(line: string): void {
    if (Buffer.byteLength(line) > this.limits.maxMessageBytes) return this.hitLimit('maxMessageBytes');
    const trimmed = line.trim();
    if (!trimmed) return;
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
      this.nonJsonLines++;
      return;
    }
    this.onLine?.(trimmed);
  }

  private readStderr(chunk: Buffer): void {
    this.stderrBytes += chunk.length;
    const text = chunk.toString('utf8');
    if (this.stderrHead.length < STDERR_EXCERPT_BYTES) {
      const room = STDERR_EXCERPT_BYTES - this.stderrHead.length;
      this.stderrHead += text.slice(0, room);
      if (text.length > room) this.stderrTail = (this.stderrTail + text.slice(room)).slice(-STDERR_EXCERPT_BYTES);
    } else {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_EXCERPT_BYTES);
    }
  }
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
