import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryAudit } from '../../guard/audit-log.ts';
import { MemoryRateState } from '../../guard/rate-state-file.ts';
import { GuardSession } from '../../guard/session.ts';
import { ProcessUpstream } from '../../guard/upstream-process.ts';
import type { GuardCallLine } from '../../schemas/guard-audit.ts';
import type { Policy, PolicyRulesFile } from '../../schemas/policy.ts';
import { fixtureServer, listFixtureTools, policyWith, repositoryRoot, startGuard, textOf } from './helpers.ts';

// The guard against a hand-written hostile server (test/fixtures/servers/guard-hostile.mjs).
const SERVER = 'guard-hostile.mjs';
let policy: Policy;

beforeAll(async () => {
  const tools = await listFixtureTools([], SERVER);
  policy = policyWith(tools, {
    read_notes: { action: 'allow' },
    calls_seen: { action: 'allow' },
    ask_me: { action: 'allow' },
    flood: { action: 'allow' },
    write_note: { action: 'approve' },
    delete_all_notes: { action: 'deny' },
  }, '1.0.0');
});

function calls(audit: MemoryAudit): GuardCallLine[] {
  return audit.lines.filter((line): line is GuardCallLine => line.event === 'call');
}

async function callsSeen(guard: Awaited<ReturnType<typeof startGuard>>): Promise<{ name: string; notification: boolean; raw: string }[]> {
  return JSON.parse(textOf(await guard.client.callTool({ name: 'calls_seen', arguments: {} })));
}

describe('the guard\'s own requests to the client', () => {
  test('a server forging answers to the guard\'s approval question cannot approve its own call', async () => {
    const declineSlowly = async () => {
      await sleep(400);
      return { action: 'decline' as const };
    };
    const guard = await startGuard({ server: SERVER, serverArgs: ['--forge-approvals'], policy, elicitation: declineSlowly });
    const result = await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    expect(textOf(result)).toContain('a person declined the call');
    expect((await callsSeen(guard)).map((call) => call.name)).toEqual(['calls_seen']);
    await guard.close();
    expect(calls(guard.audit)[0]).toMatchObject({ tool: 'write_note', decision: 'declined', outcome: 'blocked' });
  });

  test('a server\'s own elicitation reusing the guard\'s ids cannot turn a person\'s answer into an approval', async () => {
    // The person accepts the server's questions (after a moment) and declines the guard's (later).
    const answer = async (message: string) => {
      const fromServer = message.startsWith('Server question');
      await sleep(fromServer ? 300 : 900);
      return { action: fromServer ? ('accept' as const) : ('decline' as const) };
    };
    const guard = await startGuard({ server: SERVER, serverArgs: ['--reuse-guard-ids'], policy, elicitation: answer });
    const asked = guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    await sleep(100);
    await guard.client.callTool({ name: 'ask_me', arguments: {} });
    expect(textOf(await asked)).toContain('a person declined the call');
    expect((await callsSeen(guard)).map((call) => call.name)).toEqual(['ask_me', 'calls_seen']);
    await guard.close();
  });
});

/** The guard between raw lines (this test's client) and the hostile server, so a test can send what no SDK would. */
async function startRawGuard(serverArgs: string[] = [], options: { policy?: Policy; rules?: PolicyRulesFile } = {}) {
  const toGuard = new PassThrough();
  const fromGuard = new PassThrough();
  const audit = new MemoryAudit();
  const logs: string[] = [];
  const upstream = new ProcessUpstream({ command: process.execPath, args: [fixtureServer(SERVER), ...serverArgs], env: { ...process.env }, cwd: repositoryRoot }, 8 * 1024 * 1024);
  const session = new GuardSession({
    serverKey: 'notes', target: 'guard-hostile', targetKind: 'command',
    ...((options.policy ?? policy) && !options.rules && { policy: options.policy ?? policy }), ...(options.rules && { rules: options.rules }),
    policySource: 'the test policy', allowChanged: false, auditArguments: false, clientAsks: 'refuse', maxMessageBytes: 8 * 1024 * 1024, requestTimeoutMs: 10_000, maxListPages: 10,
    clock: () => Date.now(), audit, state: new MemoryRateState(), log: (line) => logs.push(line),
  }, upstream, { input: toGuard, output: fromGuard });
  const done = session.run();
  const received: Record<string, unknown>[] = [];
  const waiters: { id: unknown; resolve: (message: Record<string, unknown>) => void }[] = [];
  let buffered = '';
  fromGuard.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\n'); end !== -1; end = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, end)) as Record<string, unknown>;
      buffered = buffered.slice(end + 1);
      received.push(message);
      for (const waiter of waiters.filter((candidate) => candidate.id === message.id && ('result' in message || 'error' in message))) waiter.resolve(message);
    }
  });
  const send = (text: string) => toGuard.write(`${text}\n`);
  const request = (id: number, text: string) => new Promise<Record<string, unknown>>((resolve) => {
    waiters.push({ id, resolve });
    send(text);
  });
  await request(0, JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } }));
  send(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  const seen = async () => {
    const answer = await request(999, JSON.stringify({ jsonrpc: '2.0', id: 999, method: 'tools/call', params: { name: 'calls_seen', arguments: {} } }));
    return JSON.parse(textOf(answer.result)) as { name: string; notification: boolean; raw: string }[];
  };
  return { send, request, seen, audit, logs, received, fromGuard, async close() { toGuard.end(); fromGuard.resume(); return done; } };
}

describe('what the guard decides on is what the server reads', () => {
  test('a tools/call sent as a notification is dropped and audited, whatever the tool', async () => {
    const guard = await startRawGuard();
    guard.send(JSON.stringify({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'delete_all_notes', arguments: {} } }));
    guard.send(JSON.stringify({ jsonrpc: '2.0', method: 'tools/call', params: { name: 'read_notes', arguments: { name: 'a' } } }));
    expect((await guard.seen()).map((call) => call.name)).toEqual(['calls_seen']);
    await guard.close();
    expect(calls(guard.audit).filter((line) => line.tool !== 'calls_seen')).toMatchObject([
      { tool: 'delete_all_notes', decision: 'refused', outcome: 'blocked' },
      { tool: 'read_notes', decision: 'refused', outcome: 'blocked' },
    ]);
  });

  test.each([
    ['name and Name', '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"read_notes","Name":"delete_all_notes","arguments":{}}}'],
    ['method and Method', '{"jsonrpc":"2.0","id":5,"method":"tools/call","Method":"tools/call","params":{"name":"read_notes","arguments":{}}}'],
    ['a duplicate name', '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"delete_all_notes","name":"read_notes","arguments":{}}}'],
    ['a NUL after the method', '{"jsonrpc":"2.0","id":5,"method":"tools/call\\u0000","params":{"name":"delete_all_notes","arguments":{}}}'],
    ['a NUL in a key', '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"read_notes","name\\u0000":"delete_all_notes","arguments":{}}}'],
  ])('a message with %s is refused, or reaches the server exactly as it was checked', async (_, line) => {
    const guard = await startRawGuard();
    await guard.request(5, line);
    const seen = (await guard.seen()).filter((call) => call.name !== 'calls_seen');
    for (const call of seen) {
      expect(call.name).toBe('read_notes');
      expect(call.raw).toBe(JSON.stringify(JSON.parse(call.raw)));
      expect(call.raw).not.toMatch(/"Name"|"Method"|\\u0000|"name".*"name"/);
    }
    expect(seen.some((call) => call.name === 'delete_all_notes')).toBe(false);
    await guard.close();
  });
});

describe('the approval question', () => {
  test('every argument key is shown, each value cut and escaped, the cut said', async () => {
    const questions: string[] = [];
    const guard = await startGuard({ server: SERVER, policy, elicitation: async (message) => {
      questions.push(message);
      return { action: 'decline' };
    } });
    await guard.client.callTool({ name: 'write_note', arguments: { body: `${'x'.repeat(5_000)}\u202e\u2028`, name: 'a', to: 'ATTACKER' } });
    await guard.close();
    const question = questions[0]!;
    expect(question).toContain('to: "ATTACKER"');
    expect(question).toContain('name: "a"');
    expect(question).toMatch(/body: "x+…/);
    expect(question).toMatch(/5,?00\d characters/);
    expect(question).not.toMatch(/[\u202e\u2028]/);
  });
});

describe('pins and names', () => {
  test('a title or _meta changed after list_changed is caught: the tool is refused and reported', async () => {
    const guard = await startGuard({ server: SERVER, serverArgs: ['--change-title'], policy });
    await sleep(500);
    const result = await guard.client.callTool({ name: 'read_notes', arguments: { name: 'a' } });
    expect(result.isError).toBe(true);
    await guard.close();
    expect(guard.audit.lines).toContainEqual(expect.objectContaining({ event: 'tool', tool: 'read_notes', change: 'changed' }));
  });

  test('a 4-million-character tool name against five 256-character globs does not hold the start, and the cut is recorded', async () => {
    const glob = `*${'a*'.repeat(127)}b`;
    const rules: PolicyRulesFile = { version: 1, rules: Array.from({ length: 5 }, () => ({ match: { tool: glob }, action: 'allow' as const })) };
    const started = performance.now();
    const guard = await startRawGuard(['--long-name'], { rules });
    const seconds = (performance.now() - started) / 1000;
    await guard.close();
    expect(seconds).toBeLessThan(10);
    expect(guard.logs.join('\n')).toMatch(/longer than 128 characters/);
  });
});

describe('backpressure', () => {
  test('a server flooding a client that stopped reading is slowed to the client\'s pace, not buffered without bound', async () => {
    const guard = await startRawGuard(['--flood']);
    guard.send(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'flood', arguments: {} } }));
    await sleep(200);
    guard.fromGuard.pause();
    await sleep(3_000);
    const buffered = guard.fromGuard.writableLength + guard.fromGuard.readableLength;
    await guard.close();
    expect(buffered).toBeLessThan(8 * 1024 * 1024);
  });
});
