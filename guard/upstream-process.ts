import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { constants as osConstants } from 'node:os';
import { sampleProcessTree } from '../scanner/process-tree.ts';
import { withParentDeath } from '../scanner/run-command.ts';
import { LineSplitter } from './line-splitter.ts';
import type { Upstream, UpstreamExit, UpstreamHandlers } from './upstream.ts';

export interface ProcessLaunch {
  command: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** Removes what a sandbox prepared (scratch directory); called after the process is gone. */
  cleanup?: () => Promise<void>;
}

/** How long the server gets to exit after its stdin closes, then after SIGTERM, before SIGKILL. */
const GRACE_MS = 1_500;
/** How long a server that could not start waits for the client's first request, to answer it with the reason. */
const FIRST_REQUEST_WAIT_MS = 5_000;

/** The exit status a shell would report: the code, or 128 + the signal's number. */
export function exitStatusOf(exit: UpstreamExit): number {
  if (exit.code !== null) return exit.code;
  if (exit.signal) return 128 + (osConstants.signals[exit.signal] ?? 0);
  return 1;
}

/**
 * A stdio server launched as given. It runs in its own process group, so stopping it takes everything it
 * started; its stderr is the guard's stderr, so its logs reach the client's log as they would without the guard.
 */
export class ProcessUpstream implements Upstream {
  private child: ChildProcessByStdio<Writable, Readable, null> | undefined;
  private exited: Promise<UpstreamExit> | undefined;
  private exitValue: UpstreamExit | undefined;
  private stopping: Promise<UpstreamExit> | undefined;
  /** Set when the command could not be started: resolved by the client's first request, which gets the reason as its error. */
  private firstRequest: { promise: Promise<void>; arrived: () => void } | undefined;

  constructor(private readonly launch: ProcessLaunch, private readonly maxMessageBytes: number) {}

  async start(handlers: UpstreamHandlers): Promise<void> {
    // Its own group (so stopping it takes its whole tree) and a death signal (so a guard killed with -9 takes it too).
    const [command, args] = withParentDeath(this.launch.command, this.launch.args, this.launch.env, this.launch.cwd);
    const child = spawn(command, args, { env: this.launch.env, cwd: this.launch.cwd, detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
    this.child = child;
    const splitter = new LineSplitter(this.maxMessageBytes, handlers.message, handlers.oversize);
    child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk));
    child.stdin.on('error', () => { /* the server closed its stdin; its exit says why */ });
    this.exited = new Promise((resolveExit) => {
      child.once('error', (error) => {
        // 127 is what a shell reports for a command it cannot find.
        const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 127 : 126;
        this.exitValue ??= { code, signal: null, detail: `could not start ${this.launch.command}: ${error.message}` };
        let arrived = () => {};
        this.firstRequest = { promise: new Promise<void>((resolveArrived) => (arrived = resolveArrived)), arrived: () => arrived() };
        resolveExit(this.exitValue);
      });
      child.once('exit', (code, signal) => {
        this.exitValue ??= { code, signal };
        // Lines already read are delivered before the exit, so an answer written just before exiting is not lost.
        if (child.stdout.readableEnded || child.stdout.destroyed) resolveExit(this.exitValue);
        else child.stdout.once('close', () => resolveExit(this.exitValue!));
      });
    });
    void this.exited.then(async (exit) => {
      // Whatever the server started and left in its group goes with it: nothing keeps running after the guard.
      if (child.pid !== undefined) signal(-child.pid, 'SIGKILL');
      await this.launch.cleanup?.();
      // A client shows only "Connection closed" when the session just ends: its first request gets the reason first.
      if (this.firstRequest) await settlesWithin(this.firstRequest.promise, FIRST_REQUEST_WAIT_MS);
      if (!this.stopping) handlers.exit(exit);
    });
  }

  send(line: string): void {
    const child = this.child;
    if (!child || this.exitValue || child.stdin.destroyed) {
      setImmediate(() => this.firstRequest?.arrived());
      throw new Error(this.exitValue?.detail ?? 'the server process has exited');
    }
    child.stdin.write(`${line}\n`);
  }

  pause(): void {
    this.child?.stdout.pause();
  }

  resume(): void {
    this.child?.stdout.resume();
  }

  backlog(): Promise<void> | undefined {
    const stdin = this.child?.stdin;
    if (!stdin?.writableNeedDrain) return undefined;
    return new Promise((resolveDrained) => {
      stdin.once('drain', resolveDrained);
      stdin.once('close', resolveDrained);
    });
  }

  stop(): Promise<UpstreamExit> {
    this.stopping ??= this.terminate();
    return this.stopping;
  }

  private async terminate(): Promise<UpstreamExit> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return { code: null, signal: null };
    if (this.exitValue) return exited;
    const pid = child.pid;
    // Politely first: MCP stdio servers exit when their stdin closes.
    child.stdin.end();
    if (await settlesWithin(exited, GRACE_MS)) return exited;
    const tree = pid === undefined ? [] : sampleProcessTree(pid).pids;
    if (pid !== undefined) signal(-pid, 'SIGTERM');
    if (await settlesWithin(exited, GRACE_MS)) return exited;
    if (pid !== undefined) signal(-pid, 'SIGKILL');
    for (const descendant of tree) signal(descendant, 'SIGKILL');
    return exited;
  }
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolveSettled) => {
    const timer = setTimeout(() => resolveSettled(false), ms);
    void promise.then(() => {
      clearTimeout(timer);
      resolveSettled(true);
    });
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}
