import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryAudit } from '../../guard/audit-log.ts';
import { MemoryRateState } from '../../guard/rate-state-file.ts';
import { VERDICT_META_KEY } from '../../guard/tool-verdicts.ts';
import { GuardAuditLineSchema, type GuardCallLine } from '../../schemas/guard-audit.ts';
import type { Policy } from '../../schemas/policy.ts';
import { listFixtureTools, manualClock, policyWith, startGuard, textOf } from './helpers.ts';

let tools: unknown[];
let policy: Policy;

beforeAll(async () => {
  tools = await listFixtureTools();
  policy = policyWith(tools, {
    read_notes: { action: 'allow' },
    echo: { action: 'allow' },
    fail: { action: 'allow' },
    crash: { action: 'allow' },
    big_answer: { action: 'allow' },
    write_note: { action: 'approve', rateLimits: [{ window: 'minute', max: 2 }] },
    delete_all_notes: { action: 'deny' },
  });
});

function calls(audit: MemoryAudit): GuardCallLine[] {
  return audit.lines.filter((line): line is GuardCallLine => line.event === 'call');
}

describe('tools/list', () => {
  test('denied tools are left out; the others carry verified annotations and the verdict', async () => {
    const guard = await startGuard({ policy });
    const { tools: listed } = await guard.client.listTools();
    const names = listed.map((tool) => tool.name);
    expect(names).not.toContain('delete_all_notes');
    expect(names).toEqual(expect.arrayContaining(['read_notes', 'write_note', 'echo']));
    // write_note claims readOnlyHint: true; the assessment says it writes, and the cautious side wins.
    const write = listed.find((tool) => tool.name === 'write_note')!;
    expect(write.annotations?.readOnlyHint).toBe(false);
    expect(write._meta?.[VERDICT_META_KEY]).toMatchObject({ action: 'approve', category: 'write', reason: 'approve in the test policy' });
    const read = listed.find((tool) => tool.name === 'read_notes')!;
    expect(read.annotations?.readOnlyHint).toBe(true);
    expect(await guard.close()).toBe(0);
  });

  test('without a policy, the live list is assessed and stderr says so', async () => {
    const guard = await startGuard({});
    const { tools: listed } = await guard.client.listTools();
    expect(listed.length).toBeGreaterThan(0);
    for (const tool of listed) expect(tool._meta?.[VERDICT_META_KEY]).toHaveProperty('risk');
    expect(guard.logs.join('\n')).toMatch(/policy: assessed live; \d+ tools: \d+ allowed/);
    await guard.close();
  });
});

describe('tools/call', () => {
  test('allow forwards; deny answers with the reason and never reaches the server; a tool error is recorded as such', async () => {
    const guard = await startGuard({ policy });
    await guard.client.listTools();
    expect(textOf(await guard.client.callTool({ name: 'echo', arguments: { message: 'hello' } }))).toBe('hello');
    const denied = await guard.client.callTool({ name: 'delete_all_notes', arguments: {} });
    expect(denied.isError).toBe(true);
    expect(textOf(denied)).toContain('denied "delete_all_notes": deny in the test policy');
    expect((await guard.client.callTool({ name: 'fail', arguments: {} })).isError).toBe(true);
    const unknown = await guard.client.callTool({ name: 'no_such_tool', arguments: {} });
    expect(textOf(unknown)).toContain('not in the list the guard showed');
    await guard.close();
    expect(calls(guard.audit).map((line) => [line.tool, line.decision, line.outcome])).toEqual([
      ['echo', 'allowed', 'ok'],
      ['delete_all_notes', 'denied', 'blocked'],
      ['fail', 'allowed', 'tool_error'],
      ['no_such_tool', 'refused', 'blocked'],
    ]);
  });

  test('approve asks through elicitation: accepted runs the call', async () => {
    const guard = await startGuard({ policy, elicitation: 'accept' });
    const result = await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    expect(textOf(result)).toBe('wrote a');
    await guard.close();
    expect(calls(guard.audit)[0]).toMatchObject({ decision: 'approved', outcome: 'ok', action: 'approve' });
  });

  test('approve asks through elicitation: declined is refused and never forwarded', async () => {
    const guard = await startGuard({ policy, elicitation: 'decline' });
    const result = await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('a person declined the call');
    await guard.close();
    expect(calls(guard.audit)[0]).toMatchObject({ decision: 'declined', outcome: 'blocked' });
  });

  test('approve without elicitation is refused with how to allow it', async () => {
    const guard = await startGuard({ policy });
    const result = await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('did not declare the MCP elicitation capability');
    expect(textOf(result)).toContain('match: { tool: "write_note" }');
    expect(textOf(result)).toContain('--rules FILE');
    await guard.close();
  });

  test('rate limits hold within a window, reset with the next one, and survive a restart', async () => {
    const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0, 10));
    const state = new MemoryRateState();
    const first = await startGuard({ policy, elicitation: 'accept', clock, state });
    const call = (guard: typeof first) => guard.client.callTool({ name: 'write_note', arguments: { name: 'n', body: 'b' } });
    expect((await call(first)).isError).toBeFalsy();
    expect((await call(first)).isError).toBeFalsy();
    const over = await call(first);
    expect(over.isError).toBe(true);
    expect(textOf(over)).toContain('budget of 2 calls a minute is spent');
    expect(textOf(over)).toContain('resets at 2026-01-05T12:01:00.000Z (in 50 s)');
    await first.close();

    // A new guard on the same state, same minute: still spent.
    const second = await startGuard({ policy, elicitation: 'accept', clock, state });
    expect((await call(second)).isError).toBe(true);
    clock.advance(50_000);
    expect((await call(second)).isError).toBeFalsy();
    await second.close();
    expect(calls(first.audit).map((line) => line.decision)).toEqual(['approved', 'approved', 'rate_limited']);
    expect(calls(first.audit)[2]).toMatchObject({ window: 'minute' });
    expect(calls(second.audit).map((line) => line.decision)).toEqual(['rate_limited', 'approved']);
  });

  test('arguments are hashed, and kept only with --audit-args', async () => {
    const hashed = await startGuard({ policy });
    await hashed.client.callTool({ name: 'echo', arguments: { message: 'secret' } });
    await hashed.close();
    const plain = await startGuard({ policy, auditArguments: true });
    await plain.client.callTool({ name: 'echo', arguments: { message: 'secret' } });
    await plain.close();
    const [withoutArgs] = calls(hashed.audit);
    const [withArgs] = calls(plain.audit);
    expect(withoutArgs!.arguments).toBeUndefined();
    expect(JSON.stringify(hashed.audit.lines)).not.toContain('secret');
    expect(withArgs!.arguments).toEqual({ message: 'secret' });
    expect(withArgs!.argumentsSha256).toBe(withoutArgs!.argumentsSha256);
    for (const line of [...hashed.audit.lines, ...plain.audit.lines]) expect(GuardAuditLineSchema.safeParse(line).success).toBe(true);
  });
});

describe('changes after review', () => {
  test('a tool whose description changes after the first list is denied, reported, and gone from the list', async () => {
    const guard = await startGuard({ policy, serverArgs: ['--rug-pull'] });
    const changed = new Promise<void>((resolveChanged) => guard.client.setNotificationHandler(ToolListChangedNotificationSchema, async () => resolveChanged()));
    await changed;
    const { tools: listed } = await guard.client.listTools();
    expect(listed.map((tool) => tool.name)).not.toContain('echo');
    const result = await guard.client.callTool({ name: 'echo', arguments: { message: 'x' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('definition changed after the review');
    expect(guard.logs.join('\n')).toMatch(/tool "echo": denied by the policy's default: its definition changed/);
    await guard.close();
    expect(guard.audit.lines).toContainEqual(expect.objectContaining({ event: 'tool', tool: 'echo', change: 'changed', action: 'deny' }));
  });

  test('a policy for other tools refuses to start, naming them, unless --allow-changed', async () => {
    const stale = structuredClone(policy);
    stale.tools = stale.tools.filter((tool) => tool.name !== 'fail').map((tool) => (tool.name === 'echo' ? { ...tool, pin: '0'.repeat(64) } : tool));
    await expect(startGuard({ policy: stale })).rejects.toThrow(/changed since the review: "echo"; not in the policy: "fail"/);

    const allowed = await startGuard({ policy: stale, allowChanged: true });
    const names = (await allowed.client.listTools()).tools.map((tool) => tool.name);
    expect(names).not.toContain('echo');
    expect(names).not.toContain('fail');
    expect(names).toContain('read_notes');
    await allowed.close();
  });
});

describe('everything else passes through', () => {
  test('prompts, resources and ping', async () => {
    const guard = await startGuard({ policy });
    expect((await guard.client.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['summarize']);
    expect((await guard.client.getPrompt({ name: 'summarize', arguments: { name: 'x' } })).messages[0]?.content).toEqual({ type: 'text', text: 'Summarize x' });
    expect((await guard.client.listResources()).resources.map((resource) => resource.uri)).toEqual(['notes://readme']);
    expect((await guard.client.readResource({ uri: 'notes://readme' })).contents[0]).toMatchObject({ text: '# Notes' });
    await guard.client.ping();
    await guard.close();
  });
});

describe('failures', () => {
  test('the server crashing: the pending call gets an error and the guard exits with the server status', async () => {
    const guard = await startGuard({ policy });
    await expect(guard.client.callTool({ name: 'crash', arguments: {} })).rejects.toThrow(/the server exited with status 7 before answering/);
    expect(await guard.done).toBe(7);
    expect(calls(guard.audit)[0]).toMatchObject({ tool: 'crash', outcome: 'server_exited' });
    expect(guard.audit.lines.at(-1)).toMatchObject({ event: 'session', phase: 'stop' });
  });

  test('an answer over the size limit is dropped and its caller gets an error instead of waiting', async () => {
    const guard = await startGuard({ policy, maxMessageBytes: 64 * 1024 });
    await expect(guard.client.callTool({ name: 'big_answer', arguments: { bytes: 200_000 } })).rejects.toThrow(/over the guard's limit of 65536/);
    expect(textOf(await guard.client.callTool({ name: 'echo', arguments: { message: 'still here' } }))).toBe('still here');
    await guard.close();
  });

  test('malformed output from the server: reported, and the caller gets an error instead of waiting', async () => {
    const guard = await startGuard({ server: 'guard-malformed.mjs' });
    const { tools: listed } = await guard.client.listTools();
    expect(listed.map((tool) => tool.name)).toEqual(['echo']);
    await expect(guard.client.callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toThrow(/not valid JSON-RPC \(no "jsonrpc": "2.0"\)/);
    await guard.close();
    const logs = guard.logs.join('\n');
    expect(logs).toContain('tool "broken": left out: item 1 of the tool list is not a valid tool definition');
    expect(logs).toContain('the server sent a message that is not valid JSON-RPC (not JSON');
    expect(calls(guard.audit)[0]).toMatchObject({ tool: 'echo', outcome: 'error' });
    expect(guard.audit.lines).toContainEqual(expect.objectContaining({ event: 'tool', tool: 'broken', change: 'malformed' }));
  });

  test('a client that leaves while a person is being asked: the call is still on the record', async () => {
    const guard = await startGuard({ policy, elicitation: 'never' });
    const call = guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } }).catch(() => 'closed');
    await expect.poll(() => guard.session['approvals'].size).toBe(1);
    expect(await guard.close()).toBe(0);
    expect(await call).toBe('closed');
    expect(calls(guard.audit)).toEqual([expect.objectContaining({ tool: 'write_note', decision: 'declined', outcome: 'cancelled' })]);
  });

  test('the client going away stops the server', async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'guard-pid-')), 'pid');
    const guard = await startGuard({ policy, env: { GUARD_FIXTURE_PID_FILE: pidFile } });
    expect(existsSync(pidFile)).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    expect(await guard.close()).toBe(0);
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
