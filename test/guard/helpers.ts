import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ElicitRequestSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { MemoryAudit } from '../../guard/audit-log.ts';
import type { Clock } from '../../guard/clock.ts';
import { buildLivePolicy } from '../../guard/live-policy.ts';
import { MemoryRateState, type RateStateStore } from '../../guard/rate-state-file.ts';
import { GuardSession } from '../../guard/session.ts';
import { ProcessUpstream } from '../../guard/upstream-process.ts';
import type { ContentPolicy } from '../../schemas/content-inspection.ts';
import type { Policy, PolicyAction, RateLimit } from '../../schemas/policy.ts';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixtureServer = (name: string) => fileURLToPath(new URL(`../fixtures/servers/${name}`, import.meta.url));
export const binPath = fileURLToPath(new URL('../../bin/mcp-risk.js', import.meta.url));

/** An SDK client transport over two streams: the guard's stdin and stdout, in the same process. */
export class StreamClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();

  constructor(private readonly toGuard: PassThrough, private readonly fromGuard: PassThrough) {}

  async start(): Promise<void> {
    this.fromGuard.on('data', (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (let message = this.buffer.readMessage(); message; message = this.buffer.readMessage()) this.onmessage?.(message);
    });
    this.fromGuard.on('end', () => this.onclose?.());
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.toGuard.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.toGuard.end();
  }
}

/** A manual clock: tests move it; nothing sleeps. */
export function manualClock(start = Date.UTC(2026, 0, 5, 12, 0, 0)): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  const clock = (() => now) as Clock & { advance(ms: number): void; set(ms: number): void };
  clock.advance = (ms) => (now += ms);
  clock.set = (ms) => (now = ms);
  return clock;
}

/** The fixture's tools as the SDK lists them, read once through a plain SDK client. */
export async function listFixtureTools(args: string[] = [], server = 'guard-tools.mjs'): Promise<unknown[]> {
  const client = new Client({ name: 'guard-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [fixtureServer(server), ...args], stderr: 'ignore' }));
  const { tools } = await client.listTools();
  await client.close();
  return tools;
}

/** A policy for the fixture with the given actions (the rest as the default mapping decides). */
export function policyWith(tools: unknown[], actions: Record<string, { action: PolicyAction; rateLimits?: RateLimit[] }>, serverVersion = '2.0.0'): Policy {
  const policy = buildLivePolicy(
    { target: 'guard-tools', targetKind: 'command', serverKey: 'notes', serverInfo: { name: 'guard-fixture', version: serverVersion }, protocolVersion: '2025-06-18', capabilities: {} },
    tools,
    Date.UTC(2026, 0, 1),
  );
  policy.server.version = serverVersion;
  policy.tools = policy.tools.map((tool) => {
    const wanted = actions[tool.name];
    if (!wanted) return tool;
    const { rateLimits: _old, ...rest } = tool;
    return { ...rest, action: wanted.action, ...(wanted.rateLimits && { rateLimits: wanted.rateLimits }), reason: `${wanted.action} in the test policy`, source: 'rules' };
  });
  return policy;
}

export interface GuardHarness {
  client: Client;
  session: GuardSession;
  /** Resolves with the guard's exit code. */
  done: Promise<number>;
  audit: MemoryAudit;
  logs: string[];
  close(): Promise<number>;
}

/** A real SDK client ↔ the guard (in this process, with an injected clock) ↔ a fixture server (a real process). */
export async function startGuard(options: {
  serverArgs?: string[];
  server?: string;
  policy?: Policy;
  allowChanged?: boolean;
  clock?: Clock;
  state?: RateStateStore;
  audit?: MemoryAudit;
  /** How the client answers approval questions (or a function that answers); absent means the client has no elicitation capability. */
  elicitation?: 'accept' | 'decline' | 'never' | ((message: string) => Promise<{ action: 'accept' | 'decline' | 'cancel' }>);
  auditArguments?: boolean;
  maxMessageBytes?: number;
  env?: Record<string, string>;
  clientAsks?: 'trust' | 'refuse';
  contentPolicy?: ContentPolicy;
}): Promise<GuardHarness> {
  const toGuard = new PassThrough();
  const fromGuard = new PassThrough();
  const audit = options.audit ?? new MemoryAudit();
  const logs: string[] = [];
  const upstream = new ProcessUpstream(
    { command: process.execPath, args: [fixtureServer(options.server ?? 'guard-tools.mjs'), ...(options.serverArgs ?? [])], env: { ...process.env, ...options.env }, cwd: repositoryRoot },
    options.maxMessageBytes ?? 1024 * 1024,
  );
  const session = new GuardSession(
    {
      serverKey: 'notes',
      target: 'guard-tools',
      targetKind: 'command',
      ...(options.policy && { policy: options.policy }),
      policySource: options.policy ? 'the test policy' : 'assessed live',
      allowChanged: options.allowChanged ?? false,
      auditArguments: options.auditArguments ?? false,
      clientAsks: options.clientAsks ?? 'refuse',
      ...(options.contentPolicy && { contentPolicy: options.contentPolicy }),
      maxMessageBytes: options.maxMessageBytes ?? 1024 * 1024,
      requestTimeoutMs: 10_000,
      maxListPages: 10,
      clock: options.clock ?? (() => Date.now()),
      audit,
      state: options.state ?? new MemoryRateState(),
      log: (line) => logs.push(line),
    },
    upstream,
    { input: toGuard, output: fromGuard },
  );
  const done = session.run().then((code) => {
    fromGuard.end();
    return code;
  });
  const client = new Client({ name: 'guard-test', version: '1.0.0' }, { capabilities: options.elicitation ? { elicitation: {} } : {} });
  if (options.elicitation) {
    const action = options.elicitation;
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      if (typeof action === 'function') return action(request.params.message);
      return action === 'never' ? new Promise<never>(() => {}) : Promise.resolve({ action });
    });
  }
  await client.connect(new StreamClientTransport(toGuard, fromGuard));
  return {
    client,
    session,
    done,
    audit,
    logs,
    async close() {
      await client.close();
      return done;
    },
  };
}

/** The text of a tool result's first content item. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { type: string; text?: string }[] }).content ?? [];
  return content.map((item) => item.text ?? '').join('\n');
}
