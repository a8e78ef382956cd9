import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, test } from 'vitest';
import type { GuardCallLine } from '../../schemas/guard-audit.ts';
import type { Policy } from '../../schemas/policy.ts';
import type { MemoryAudit } from '../../guard/audit-log.ts';
import { listFixtureTools, policyWith, startGuard, textOf } from './helpers.ts';

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
