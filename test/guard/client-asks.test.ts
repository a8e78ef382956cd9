import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryAudit } from '../../guard/audit-log.ts';
import type { GuardCallLine } from '../../schemas/guard-audit.ts';
import type { Policy } from '../../schemas/policy.ts';
import { listFixtureTools, policyWith, startGuard, textOf } from './helpers.ts';

const CLIENT_ASKS_KEY = 'anthropic/requiresUserInteraction';
let policy: Policy;

beforeAll(async () => {
  policy = policyWith(await listFixtureTools(), { write_note: { action: 'approve' }, echo: { action: 'allow' }, delete_all_notes: { action: 'deny' } });
});

const calls = (audit: MemoryAudit) => audit.lines.filter((line): line is GuardCallLine => line.event === 'call');

describe('approvals the client itself asks for', () => {
  test('every approve tool is marked for the client to ask (_meta anthropic/requiresUserInteraction); others are not', async () => {
    const guard = await startGuard({ policy });
    const { tools } = await guard.client.listTools();
    expect(tools.find((tool) => tool.name === 'write_note')?._meta?.[CLIENT_ASKS_KEY]).toBe(true);
    expect(tools.find((tool) => tool.name === 'echo')?._meta?.[CLIENT_ASKS_KEY]).toBeUndefined();
    await guard.close();
  });

  test('--client-asks refuse (the default): a client without elicitation still cannot run an approve tool', async () => {
    const guard = await startGuard({ policy });
    const result = await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } });
    expect(result.isError).toBe(true);
    await guard.close();
  });

  test('--client-asks trust: the call runs without the guard asking, and the audit says the client was trusted to ask', async () => {
    const audit = new MemoryAudit();
    const guard = await startGuard({ policy, clientAsks: 'trust', audit });
    expect(textOf(await guard.client.callTool({ name: 'write_note', arguments: { name: 'a', body: 'b' } }))).toBe('wrote a');
    // Denied stays denied.
    expect((await guard.client.callTool({ name: 'delete_all_notes', arguments: {} })).isError).toBe(true);
    await guard.close();
    const line = calls(audit).find((call) => call.tool === 'write_note');
    expect(line).toMatchObject({ decision: 'approved', outcome: 'ok' });
    expect(line?.reason).toContain('--client-asks trust');
  });
});
