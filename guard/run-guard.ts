import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { slugFor } from '../core/slug.ts';
import type { ContentPolicy } from '../schemas/content-inspection.ts';
import type { Policy, PolicyRulesFile } from '../schemas/policy.ts';
import type { Sandbox } from '../scanner/sandbox.ts';
import { AuditFile, DEFAULT_AUDIT_OPTIONS } from './audit-log.ts';
import { systemClock } from './clock.ts';
import { prepareLaunch } from './launch.ts';
import { HttpUpstream } from './mcp-sdk.ts';
import { RateStateFile } from './rate-state-file.ts';
import type { Downstream } from './session-options.ts';
import { GuardSession } from './session.ts';
import { ProcessUpstream } from './upstream-process.ts';
import type { Upstream } from './upstream.ts';

export interface GuardRun {
  /** The server: a command after `--`, or a Streamable HTTP URL with its headers. */
  server: { command: string[]; sandbox?: Sandbox; readOnlyPaths?: string[]; passEnvironment?: string[] } | { url: URL; headers: Record<string, string> };
  serverKey: string;
  policy?: Policy;
  policySource: string;
  rules?: PolicyRulesFile;
  allowChanged: boolean;
  auditPath: string;
  /** Whether a call of a tool the client itself was told to ask about runs without the guard asking again. */
  clientAsks: 'trust' | 'refuse';
  auditArguments: boolean;
  auditMaxBytes: number;
  statePath: string;
  maxMessageBytes: number;
  /** What hostile findings in results, requests and arguments do. */
  contentPolicy: ContentPolicy;
  cwd: string;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

/** Where the audit log and the counters live when not given: `$XDG_STATE_HOME/mcp-risk/guard/<server>.*`. */
export function defaultStatePaths(serverKey: string, environment: NodeJS.ProcessEnv): { audit: string; state: string } {
  const base = environment.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  const stem = join(base, 'mcp-risk', 'guard', slugFor(serverKey));
  return { audit: `${stem}.audit.jsonl`, state: `${stem}.state.json` };
}

/** Runs the guard between this process's stdin/stdout and the server until either side ends; returns the exit code. */
export async function runGuard(run: GuardRun, downstream: Downstream, log: (line: string) => void): Promise<number> {
  // Said once, on the first start for this log, so a person learns where the decisions are kept.
  if (!existsSync(run.auditPath)) log(`mcp-risk guard: the audit log is ${run.auditPath} (\`mcp-risk guard log ${run.serverKey}\` shows it as a table)`);
  // Opened before anything starts: an audit path that is refused leaves nothing running.
  const audit = new AuditFile(run.auditPath, { ...DEFAULT_AUDIT_OPTIONS, maxBytes: run.auditMaxBytes });
  let upstream: Upstream;
  if ('url' in run.server) {
    upstream = new HttpUpstream(run.server.url, run.server.headers, run.maxMessageBytes);
  } else {
    const launch = await prepareLaunch(run.server.command, run.cwd, run.server.sandbox, process.env, run.server.readOnlyPaths, run.server.passEnvironment);
    upstream = new ProcessUpstream(launch, run.maxMessageBytes);
  }
  const session = new GuardSession(
    {
      serverKey: run.serverKey,
      target: 'url' in run.server ? run.server.url.origin : run.server.command.join(' '),
      targetKind: 'url' in run.server ? 'url' : 'command',
      ...(run.policy && { policy: run.policy }),
      policySource: run.policySource,
      ...(run.rules && { rules: run.rules }),
      allowChanged: run.allowChanged,
      auditArguments: run.auditArguments,
      clientAsks: run.clientAsks,
      contentPolicy: run.contentPolicy,
      maxMessageBytes: run.maxMessageBytes,
      requestTimeoutMs: 30_000,
      maxListPages: 50,
      clock: systemClock,
      audit,
      state: new RateStateFile(run.statePath, run.serverKey),
      log,
    },
    upstream,
    downstream,
  );
  const stop = (signal: string) => void session.shutdown(`the guard received ${signal}`);
  // A client that closed its end makes writes fail with EPIPE: that is the client going away, not a crash.
  const outputFailed = () => void session.shutdown('the client stopped reading');
  if (downstream.output === process.stdout) process.stdout.on('error', outputFailed);
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('SIGHUP', stop);
  try {
    return await session.run();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    process.off('SIGHUP', stop);
    process.stdout.off('error', outputFailed);
  }
}
