import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturesDirectory, newMarker, scanFixture, waitForNoProcesses } from './helpers.ts';

// Every case: the right status, nothing left running (no process carries the case's marker), nothing on the host.
const hostDirectory = mkdtempSync(join(tmpdir(), 'mcp-risk-host-'));
const secretFile = join(hostDirectory, 'secret.txt');
const SECRET = 'host-secret-7f3a9c';

let listener: Server;
let listenerPort = 0;
let connectionsReceived = 0;

beforeAll(async () => {
  writeFileSync(secretFile, SECRET);
  listener = createServer((socket) => {
    connectionsReceived++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerPort = (listener.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((resolve) => listener.close(resolve));
  rmSync(hostDirectory, { recursive: true, force: true });
});

function toolText(record: { tools: { description?: string | undefined }[] }): string {
  return record.tools.map((tool) => tool.description ?? '').join('\n');
}

describe.concurrent('hostile servers are contained', () => {
  test('reads files outside its directory: sees nothing of the host', async () => {
    const marker = newMarker('reads');
    const record = await scanFixture('hostile/reads-outside.mjs', [marker, secretFile]);
    expect(record.status).toBe('ok');
    const text = toolText(record);
    expect(text).not.toContain(SECRET);
    expect(text).toContain(`${secretFile}: ENOENT`);
    expect(text).toMatch(/\/etc\/passwd: ENOENT/);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('dumps its environment: only the allowlist, never the scanner\'s tokens', async () => {
    process.env.GITHUB_TOKEN ??= 'ghp_scanner_token_that_must_not_leak';
    const marker = newMarker('env');
    const record = await scanFixture('hostile/dumps-env.mjs', [marker]);
    expect(record.status).toBe('ok');
    const environment = JSON.parse(record.tools[0]!.description!) as Record<string, string>;
    // bubblewrap adds PWD, the path of the (read-only) working directory the server can see anyway.
    expect(Object.keys(environment).sort()).toEqual(['HOME', 'LANG', 'PATH', 'PWD', 'TERM']);
    expect(JSON.stringify(record)).not.toContain(process.env.GITHUB_TOKEN);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('writes outside its scratch space: every host location stays untouched', async () => {
    const marker = newMarker('writes');
    const before = readdirSync(fixturesDirectory);
    const record = await scanFixture('hostile/writes-outside.mjs', [marker, hostDirectory]);
    expect(record.status).toBe('ok');
    const text = toolText(record);
    expect(text).toContain(`${hostDirectory}: ENOENT`);
    expect(text).toMatch(/fixtures\/servers: EROFS/);
    expect(existsSync(join(hostDirectory, 'mcp-risk-was-here'))).toBe(false);
    expect(existsSync(join(homedir(), 'mcp-risk-was-here'))).toBe(false);
    expect(existsSync('/tmp/mcp-risk-was-here')).toBe(false);
    expect(readdirSync(fixturesDirectory)).toEqual(before);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('connects to a listener on 127.0.0.1: there is no network', async () => {
    const marker = newMarker('network');
    const record = await scanFixture('hostile/connects-network.mjs', [marker, String(listenerPort)]);
    expect(record.status).toBe('ok');
    expect(toolText(record)).toMatch(/network: (ECONNREFUSED|ENETUNREACH)/);
    expect(connectionsReceived).toBe(0);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('fork-bombs: stopped at the process limit and killed', async () => {
    const marker = newMarker('forkbomb');
    const record = await scanFixture('hostile/fork-bomb.mjs', [marker], { limits: { maxProcesses: 32 } });
    expect(record.status).toBe('crashed');
    expect(record.limitsHit).toContain('maxProcesses');
    expect(record.detail).toMatch(/processes/);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('leaves a detached daemon: it dies with the scan', async () => {
    const marker = newMarker('daemon');
    const record = await scanFixture('hostile/daemon.mjs', [marker]);
    expect(record.status).toBe('ok');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('never answers initialize: timeout, tree killed', async () => {
    const marker = newMarker('noinit');
    const record = await scanFixture('hostile/never-initializes.mjs', [marker], { limits: { startTimeoutMs: 1_500 } });
    expect(record.status).toBe('timeout');
    expect(record.limitsHit).toContain('startTimeoutMs');
    expect(record.detail).toMatch(/initialize within 1500 ms/);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('never answers tools/list: timeout with the server info kept', async () => {
    const marker = newMarker('nolist');
    const record = await scanFixture('hostile/never-lists.mjs', [marker], { limits: { requestTimeoutMs: 1_000 } });
    expect(record.status).toBe('timeout');
    expect(record.server?.name).toBe('raw-fixture');
    expect(record.limitsHit).toContain('requestTimeoutMs');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('floods stdout: cut off at the stdout cap', async () => {
    const marker = newMarker('stdout');
    const record = await scanFixture('hostile/floods-stdout.mjs', [marker]);
    expect(record.status).toBe('protocol_error');
    expect(record.limitsHit).toContain('maxStdoutBytes');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('floods stderr: listed anyway, stderr kept as a short excerpt', async () => {
    const marker = newMarker('stderr');
    const record = await scanFixture('hostile/floods-stderr.mjs', [marker]);
    expect(record.status).toBe('ok');
    expect(record.tools.map((tool) => tool.name)).toEqual(['noisy']);
    expect(record.stderrExcerpt!.length).toBeLessThan(2_200);
    expect(record.stderrExcerpt).toMatch(/bytes omitted/);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('grows memory without bound: killed at the memory limit', async () => {
    const marker = newMarker('memory');
    const record = await scanFixture('hostile/grows-memory.mjs', [marker], { limits: { memoryBytes: 192 * 1024 * 1024, startTimeoutMs: 10_000 } });
    expect(record.status).toBe('crashed');
    expect(record.limitsHit).toContain('memoryBytes');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('lists 20,000 tools: kept up to the item cap and marked truncated', async () => {
    const marker = newMarker('many');
    const record = await scanFixture('hostile/many-tools.mjs', [marker], { limits: { maxItems: 5_000 } });
    expect(record.status).toBe('ok');
    expect(record.tools).toHaveLength(5_000);
    expect(record.truncated).toEqual(['tools']);
    expect(record.limitsHit).toContain('maxItems:tools');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('path-traversal and escape-sequence names: recorded as data', async () => {
    const marker = newMarker('traversal');
    const record = await scanFixture('hostile/traversal-names.mjs', [marker]);
    expect(record.status).toBe('ok');
    expect(record.tools.map((tool) => tool.name)).toContain('../../../../tmp/mcp-risk-escape');
    expect(existsSync('/tmp/mcp-risk-escape')).toBe(false);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });

  test('HTML, script, prompt injection and hidden unicode: recorded verbatim, pinned', async () => {
    const marker = newMarker('text');
    const record = await scanFixture('hostile/hostile-text.mjs', [marker]);
    expect(record.status).toBe('ok');
    expect(record.tools.map((tool) => tool.name)).toEqual(['html', 'script', 'injection', 'hidden']);
    expect(record.tools.find((tool) => tool.name === 'hidden')?.description).toContain('\u202e');
    expect(new Set(record.tools.map((tool) => tool.pin)).size).toBe(4);
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });
});

describe('writable mounts are sized and counted against the memory limit', () => {
  test.each(['/tmp', '/home/sandbox', '/dev/shm', '/scratch'])('filling %s: stopped at its size, killed at the memory limit', async (mount) => {
    const marker = newMarker('tmpfs');
    const record = await scanFixture('hostile/fills-tmpfs.mjs', [marker, mount], { limits: { memoryBytes: 128 * 1024 * 1024, startTimeoutMs: 10_000 } });
    expect(record.status, record.detail).toBe('crashed');
    expect(record.limitsHit).toContain('memoryBytes');
    expect(await waitForNoProcesses(marker)).toEqual([]);
  });
});
