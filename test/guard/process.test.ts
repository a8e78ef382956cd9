import { existsSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, test } from 'vitest';
import { GuardAuditLineSchema, GuardStateSchema } from '../../schemas/guard-audit.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import type { Policy } from '../../schemas/policy.ts';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import { scanFixture } from '../scanner/helpers.ts';
import { binPath, fixtureServer, listFixtureTools, policyWith, repositoryRoot, textOf } from './helpers.ts';
// @ts-expect-error a fixture written in JavaScript
import { startGuardRemoteFixture } from '../fixtures/servers/guard-remote.mjs';

let policyFile: string;
let directory: string;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'guard-process-'));
  const policy: Policy = policyWith(await listFixtureTools(), {
    echo: { action: 'allow', rateLimits: [{ window: 'day', max: 3 }] },
    delete_all_notes: { action: 'deny' },
  });
  policyFile = join(directory, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(policy));
});

async function connectGuard(args: string[], env: Record<string, string> = {}) {
  let stderr = '';
  const transport = new StdioClientTransport({ command: process.execPath, args: [binPath, 'guard', ...args], cwd: repositoryRoot, env: { ...(process.env as Record<string, string>), ...env }, stderr: 'pipe' });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'guard-process-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

describe('mcp-risk guard as a process', () => {
  test('a real client through the guard process: allow, deny, counters kept across a restart, audit lines valid', async () => {
    const audit = join(directory, 'audit.jsonl');
    const state = join(directory, 'state.json');
    const pidFile = join(directory, 'server.pid');
    const args = ['--policy', policyFile, '--audit', audit, '--state', state, '--', process.execPath, fixtureServer('guard-tools.mjs')];
    const first = await connectGuard(args, { GUARD_FIXTURE_PID_FILE: pidFile });
    expect((await first.client.listTools()).tools.map((tool) => tool.name)).not.toContain('delete_all_notes');
    expect(textOf(await first.client.callTool({ name: 'echo', arguments: { message: 'one' } }))).toBe('one');
    expect(textOf(await first.client.callTool({ name: 'echo', arguments: { message: 'two' } }))).toBe('two');
    expect(textOf(await first.client.callTool({ name: 'delete_all_notes', arguments: {} }))).toContain('denied');
    expect(first.stderr()).toContain(`policy: ${policyFile} (for notes 2.0.0`);
    const serverPid = Number(readFileSync(pidFile, 'utf8'));
    await first.client.close();
    // The client went away: the server is stopped and nothing is left running.
    await expect.poll(() => { try { process.kill(serverPid, 0); return true; } catch { return false; } }, { timeout: 5_000 }).toBe(false);

    expect(GuardStateSchema.parse(JSON.parse(readFileSync(state, 'utf8'))).counters.echo?.day?.count).toBe(2);
    const second = await connectGuard(args);
    expect(textOf(await second.client.callTool({ name: 'echo', arguments: { message: 'three' } }))).toBe('three');
    const over = await second.client.callTool({ name: 'echo', arguments: { message: 'four' } });
    expect(textOf(over)).toContain('budget of 3 calls a day is spent');
    await second.client.close();

    const lines = readFileSync(audit, 'utf8').trim().split('\n').map((line) => GuardAuditLineSchema.parse(JSON.parse(line)));
    expect(lines.filter((line) => line.event === 'call').map((line) => line.event === 'call' && line.decision)).toEqual(['allowed', 'allowed', 'denied', 'allowed', 'rate_limited']);
    expect(lines.filter((line) => line.event === 'session').map((line) => line.event === 'session' && line.phase)).toEqual(['start', 'stop', 'start', 'stop']);
  });

  test('a policy made by `mcp-risk scan` and `mcp-risk policy` fits the guard: same pins, no refusal', async () => {
    const record = await scanFixture('guard-tools.mjs', [], { sandbox: new NoSandbox() });
    expect(record.status).toBe('ok');
    const scanned = join(directory, 'scanned-policy.json');
    writeFileSync(scanned, JSON.stringify(recommendPolicy(policyInputFromRecord(record))));
    const guard = await connectGuard(['--policy', scanned, '--audit', join(directory, 'scanned.jsonl'), '--state', join(directory, 'scanned-state.json'), '--', process.execPath, fixtureServer('guard-tools.mjs')]);
    expect(textOf(await guard.client.callTool({ name: 'read_notes', arguments: { name: 'n' } }))).toBe('notes of n');
    await guard.client.close();
    expect(guard.stderr()).not.toContain('refused');
    expect(guard.stderr()).not.toContain('changed since the review');
  });

  test('malformed JSON-RPC from the client gets a clear error and the session goes on', async () => {
    const child = spawn(process.execPath, [binPath, 'guard', '--audit', join(directory, 'malformed.jsonl'), '--state', join(directory, 'malformed.json'), '--', process.execPath, fixtureServer('guard-tools.mjs')], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n');
    child.stdin.write('this is not json\n[{"jsonrpc":"2.0","id":2,"method":"tools/list"}]\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    await expect.poll(() => out.split('\n').filter(Boolean).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(4);
    const answers = out.trim().split('\n').map((line) => JSON.parse(line));
    expect(answers.find((answer) => answer.id === 1)?.result?.serverInfo?.name).toBe('guard-fixture');
    expect(answers.filter((answer) => answer.error?.code === -32700)).toHaveLength(1);
    expect(answers.find((answer) => answer.error?.code === -32600)?.error.message).toContain('batch');
    expect(answers.find((answer) => answer.id === 3)?.result).toEqual({});
    child.stdin.end();
    expect(await new Promise((resolveExit) => child.once('exit', resolveExit))).toBe(0);
  });

  test('a policy for other tools: the guard refuses to start and exits 3', async () => {
    const stale = JSON.parse(readFileSync(policyFile, 'utf8')) as Policy;
    stale.tools = stale.tools.filter((tool) => tool.name !== 'echo');
    const staleFile = join(directory, 'stale.json');
    writeFileSync(staleFile, JSON.stringify(stale));
    const child = spawn(process.execPath, [binPath, 'guard', '--policy', staleFile, '--audit', join(directory, 'stale.jsonl'), '--state', join(directory, 'stale-state.json'), '--', process.execPath, fixtureServer('guard-tools.mjs')], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdin.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}\n');
    expect(await new Promise((resolveExit) => child.once('exit', resolveExit))).toBe(3);
    expect(stderr).toContain('refused to start');
    expect(stderr).toContain('not in the policy: "echo"');
    expect(stderr).toContain('--allow-changed');
  });

  test('--sandbox bubblewrap: the server runs contained and the guard works the same', async () => {
    const nodeModules = realpathSync(join(repositoryRoot, 'node_modules'));
    const guard = await connectGuard(['--sandbox', 'bubblewrap', '--read-only', nodeModules, '--audit', join(directory, 'sandbox.jsonl'), '--state', join(directory, 'sandbox.json'), '--', 'node', fixtureServer('guard-tools.mjs')]);
    expect((await guard.client.listTools()).tools.map((tool) => tool.name)).toContain('read_notes');
    expect(textOf(await guard.client.callTool({ name: 'echo', arguments: { message: 'from inside' } }))).toBe('from inside');
    await guard.client.close();
  });

  test('--upstream: a Streamable HTTP server with a header that is never printed', async () => {
    const remote = await startGuardRemoteFixture();
    try {
      const audit = join(directory, 'remote.jsonl');
      const guard = await connectGuard(['--upstream', remote.url, '--header', 'Authorization: Bearer test-token', '--audit', audit, '--state', join(directory, 'remote-state.json')]);
      const names = (await guard.client.listTools()).tools.map((tool) => tool.name);
      expect(names).toContain('get_forecast');
      // Deleting an account needs a person (or is denied): this client cannot ask one, so the call never runs.
      const deletion = await guard.client.callTool({ name: 'delete_account', arguments: { confirm: true } });
      expect(deletion.isError).toBe(true);
      expect(textOf(deletion)).not.toBe('deleted');
      expect(textOf(await guard.client.callTool({ name: 'get_forecast', arguments: { city: 'Oslo' } }))).toBe('sunny in Oslo');
      await guard.client.close();
      expect(guard.stderr()).toContain('assessed live');
      expect(guard.stderr()).not.toContain('test-token');
      expect(existsSync(audit) && readFileSync(audit, 'utf8')).not.toContain('test-token');
    } finally {
      await remote.close();
    }
  });
});

describe('the server dies with the guard', () => {
  test('a guard killed with -9 takes its server with it (the server runs in its own session)', async () => {
    const pidFile = join(directory, 'orphan.pid');
    const guard = spawn(process.execPath, [binPath, 'guard', '--audit', join(directory, 'orphan.audit.jsonl'), '--state', join(directory, 'orphan.state.json'), '--', process.execPath, fixtureServer('ignores-stdin-close.mjs')], {
      cwd: repositoryRoot,
      env: { ...process.env, GUARD_FIXTURE_PID_FILE: pidFile },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    await expect.poll(() => existsSync(pidFile), { timeout: 20_000 }).toBe(true);
    const serverPid = Number(readFileSync(pidFile, 'utf8'));
    guard.kill('SIGKILL');
    await expect.poll(() => { try { process.kill(serverPid, 0); return true; } catch { return false; } }, { timeout: 5_000 }).toBe(false);
  }, 40_000);
});

describe('the server dies with the scanner', () => {
  test('`scan --sandbox none` killed with -9 takes the server it launched with it', async () => {
    const pidFile = join(directory, 'scan-orphan.pid');
    const scan = spawn(process.execPath, [binPath, 'scan', '--sandbox', 'none', '--env', `GUARD_FIXTURE_PID_FILE=${pidFile}`, '--', process.execPath, fixtureServer('ignores-stdin-close.mjs')], {
      cwd: repositoryRoot,
      env: { ...process.env, GUARD_FIXTURE_PID_FILE: pidFile },
      stdio: 'ignore',
    });
    await expect.poll(() => existsSync(pidFile), { timeout: 20_000 }).toBe(true);
    const serverPid = Number(readFileSync(pidFile, 'utf8'));
    scan.kill('SIGKILL');
    await expect.poll(() => { try { process.kill(serverPid, 0); return true; } catch { return false; } }, { timeout: 5_000 }).toBe(false);
  }, 40_000);
});

describe('the config\'s env reaches a sandboxed server', () => {
  test('--sandbox bubblewrap --pass-env NAME gives the server the variable\'s real value; install --sandbox writes it for each env key', async () => {
    const nodeModules = realpathSync(join(repositoryRoot, 'node_modules'));
    const guard = await connectGuard(['--sandbox', 'bubblewrap', '--pass-env', 'WEATHER_API_KEY', '--read-only', nodeModules, '--audit', join(directory, 'pass-env.jsonl'), '--state', join(directory, 'pass-env.json'), '--', 'node', fixtureServer('needs-env.mjs')], { WEATHER_API_KEY: 'wk_from_the_config_1234' });
    const { tools } = await guard.client.listTools();
    expect(tools[0]?.description).toContain('wk_from_the_config_12');
    await guard.client.close();

    const { main } = await import('../../cli/main.ts');
    const { memoryIo } = await import('../helpers/memory-io.ts');
    const file = join(directory, 'sandboxed.json');
    writeFileSync(file, JSON.stringify({ mcpServers: { weather: { command: 'node', args: [fixtureServer('needs-env.mjs')], env: { WEATHER_API_KEY: 'wk_x' } } } }));
    expect(await main(['guard', 'install', '--live', '--sandbox', 'bubblewrap', file], memoryIo())).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).mcpServers.weather.args).toContain('--pass-env=WEATHER_API_KEY');
  }, 60_000);
});
