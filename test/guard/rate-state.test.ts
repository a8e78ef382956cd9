import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { RateStateFile } from '../../guard/rate-state-file.ts';
import type { Policy } from '../../schemas/policy.ts';
import { listFixtureTools, manualClock, policyWith, startGuard, textOf } from './helpers.ts';

let policy: Policy;
beforeAll(async () => {
  policy = policyWith(await listFixtureTools(), { echo: { action: 'allow', rateLimits: [{ window: 'minute', max: 3 }] }, read_notes: { action: 'allow' } });
});

const scratch = () => mkdtempSync(join(tmpdir(), 'guard-rate-'));
const echo = (guard: Awaited<ReturnType<typeof startGuard>>, message: string) => guard.client.callTool({ name: 'echo', arguments: { message } });

describe('rate limits shared through the state file', () => {
  test('two guards on one state file share one budget: 3 a minute lets 3 calls through, not 6', async () => {
    const path = join(scratch(), 'notes.state.json');
    const clock = manualClock();
    const first = await startGuard({ policy, clock, state: new RateStateFile(path, 'notes') });
    const second = await startGuard({ policy, clock, state: new RateStateFile(path, 'notes') });
    const results = [];
    for (let index = 0; index < 3; index++) {
      results.push(await echo(first, `a${index}`));
      results.push(await echo(second, `b${index}`));
    }
    expect(results.filter((result) => !result.isError)).toHaveLength(3);
    expect(textOf(results.at(-1))).toContain('the budget of 3 calls a minute is spent');
    await first.close();
    await second.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  }, 30_000);

  test('a state file that cannot be read refuses calls with budgets, saying why, until it is fixed', async () => {
    const path = join(scratch(), 'notes.state.json');
    writeFileSync(path, 'not json {');
    const guard = await startGuard({ policy, state: new RateStateFile(path, 'notes') });
    const refused = await echo(guard, 'one');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain(path);
    expect(textOf(refused)).toMatch(/not JSON/);
    // A tool without a budget is not affected.
    expect((await guard.client.callTool({ name: 'read_notes', arguments: { name: 'x' } })).isError).toBeFalsy();
    rmSync(path);
    expect(textOf(await echo(guard, 'two'))).toBe('two');
    await guard.close();
  }, 30_000);

  test('a state file that cannot be written refuses calls with budgets rather than forgetting them', async () => {
    const parent = join(scratch(), 'a-file');
    writeFileSync(parent, '');
    const path = join(parent, 'notes.state.json');
    const guard = await startGuard({ policy, state: new RateStateFile(path, 'notes') });
    const refused = await echo(guard, 'one');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain(path);
    await guard.close();
  }, 30_000);
});
