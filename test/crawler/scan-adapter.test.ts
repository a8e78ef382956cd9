import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createScanAdapter, type ScannerParts } from '../../crawler/scan-adapter.ts';
import type { CrawlTarget } from '../../schemas/catalogue.ts';
import { ScanRecordSchema } from '../../schemas/scan-record.ts';
import type { Sandbox } from '../../scanner/sandbox.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';
import { createFixtureScanner } from './helpers/fixture-scanner.ts';

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Scanner parts that record what they were asked and answer with fixture records. */
function recordingParts(installOk = true) {
  const asked: { scan: [string, string][]; install: string[] } = { scan: [], install: [] };
  const { scanner } = createFixtureScanner({ scannedAt: '2025-11-01T00:00:00.000Z' });
  const parts: ScannerParts = {
    sandbox: { name: 'bubblewrap' } as Sandbox,
    async scanTarget(target, cwd) {
      asked.scan.push([target, cwd]);
      const name = /^npm:(@?[^@]+)/.exec(target)?.[1] ?? 'from-server-json';
      const version = /@([^@/]+)$/.exec(target)?.[1] ?? '1.0.0';
      const record = await scanner.launch({ key: name, package: { name }, sources: ['list'] }, version, new AbortController().signal);
      return [{ ...record, target, ...(target.startsWith('npm:') && !target.slice(5).includes('@') && { status: 'install_failed' as const, detail: 'npm: 404 Not Found' }) }];
    },
    async installNpmPackage(name, version) {
      asked.install.push(`${name}@${version}`);
      return installOk ? { ok: true } : { ok: false, detail: 'ETARGET' };
    },
  };
  return { parts, asked };
}

describe('scan adapter', () => {
  test('resolves latest against npm, installs, then launches npm:NAME@VERSION', async () => {
    server = await startFixtureServer((url) => (url.pathname === '/@modelcontextprotocol%2Fserver-memory/latest' ? { json: { name: '@modelcontextprotocol/server-memory', version: '2026.8.31' } } : undefined));
    const { parts, asked } = recordingParts();
    const workDirectory = await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-'));
    const adapter = createScanAdapter(parts, { npmRegistryUrl: server.url, workDirectory });
    const target: CrawlTarget = { key: '@modelcontextprotocol/server-memory', package: { name: '@modelcontextprotocol/server-memory' }, sources: ['list'] };
    const signal = new AbortController().signal;
    expect(await adapter.resolve(target, signal)).toEqual({ version: '2026.8.31' });
    expect(await adapter.install(target, '2026.8.31', signal)).toBeUndefined();
    const record = await adapter.launch(target, '2026.8.31', signal);
    expect(asked.install).toEqual(['@modelcontextprotocol/server-memory@2026.8.31']);
    expect(asked.scan).toEqual([['npm:@modelcontextprotocol/server-memory@2026.8.31', workDirectory]]);
    expect(record.package?.version).toBe('2026.8.31');
  });

  test('lets the scanner record a package that cannot be resolved', async () => {
    server = await startFixtureServer(() => undefined);
    const { parts } = recordingParts();
    const adapter = createScanAdapter(parts, { npmRegistryUrl: server.url, workDirectory: await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-')), http: { retries: 0 } });
    const resolution = await adapter.resolve({ key: 'no-such-mcp', package: { name: 'no-such-mcp' }, sources: ['list'] }, new AbortController().signal);
    expect(resolution).toMatchObject({ record: { status: 'install_failed', target: 'npm:no-such-mcp' } });
  });

  test('hands a registry entry over as its server.json, pinned to the resolved version, by a relative name', async () => {
    const { parts, asked } = recordingParts();
    const workDirectory = await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-'));
    const adapter = createScanAdapter(parts, { workDirectory });
    const target: CrawlTarget = {
      key: 'io.github.acme/weather',
      version: '1.2.0',
      package: { name: '@acme/weather-mcp' },
      serverJson: { name: 'io.github.acme/weather', version: '1.0.0', packages: [{ registryType: 'npm', identifier: '@acme/weather-mcp', version: '1.0.0', transport: { type: 'stdio' } }] },
      sources: ['registry'],
    };
    await adapter.launch(target, '1.2.0', new AbortController().signal);
    const [[spec, cwd]] = asked.scan as [[string, string]];
    expect(spec).toMatch(/^io-github-acme-weather_[0-9a-f]{10}\.server\.json$/);
    expect(cwd).toBe(workDirectory);
    const written = JSON.parse(await readFile(join(workDirectory, spec), 'utf8'));
    expect(written.packages[0].version).toBe('1.2.0');
  });

  test('a failed install is recorded as install_failed without launching anything', async () => {
    const { parts, asked } = recordingParts(false);
    const adapter = createScanAdapter(parts, { workDirectory: await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-')) });
    const record = await adapter.install({ key: 'x-mcp', package: { name: 'x-mcp' }, sources: ['list'] }, '1.0.0', new AbortController().signal);
    expect(record).toMatchObject({ status: 'install_failed', target: 'npm:x-mcp@1.0.0', detail: expect.stringContaining('ETARGET') });
    expect(ScanRecordSchema.safeParse(record).success).toBe(true);
    expect(asked.scan).toEqual([]);
  });

  test('a failed version look-up is recorded as install_failed without installing or launching', async () => {
    server = await startFixtureServer(() => undefined);
    const { parts, asked } = recordingParts();
    const adapter = createScanAdapter(parts, { npmRegistryUrl: server.url, workDirectory: await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-')), http: { retries: 0 } });
    const resolution = await adapter.resolve({ key: 'gone-mcp', package: { name: 'gone-mcp' }, sources: ['list'] }, new AbortController().signal);
    expect(resolution).toMatchObject({ record: { status: 'install_failed', target: 'npm:gone-mcp', detail: expect.stringMatching(/could not resolve gone-mcp/) } });
    expect(asked.scan).toEqual([]);
    expect(asked.install).toEqual([]);
  });

  const withRemote: CrawlTarget = {
    key: 'io.github.acme/both',
    version: '1.0.0',
    package: { name: '@acme/both-mcp' },
    serverJson: {
      name: 'io.github.acme/both',
      packages: [{ registryType: 'npm', identifier: '@acme/both-mcp', version: '1.0.0', transport: { type: 'stdio' } }],
      remotes: [{ type: 'streamable-http', url: 'https://both.example/mcp' }],
    },
    sources: ['registry'],
  };

  test('remotes are left out of the handed-over server.json unless asked for (a remote scan connects from the host)', async () => {
    for (const [includeRemotes, expected] of [[false, undefined], [true, 1]] as const) {
      const { parts, asked } = recordingParts();
      const workDirectory = await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-'));
      const adapter = createScanAdapter(parts, { workDirectory, includeRemotes });
      await adapter.launch(withRemote, '1.0.0', new AbortController().signal);
      const written = JSON.parse(await readFile(join(workDirectory, asked.scan[0]![0]), 'utf8'));
      expect(written.remotes?.length).toBe(expected);
      expect(written.packages).toHaveLength(1);
    }
  });

  test('a registry entry with only remotes is recorded as unsupported without connecting, unless remotes are asked for', async () => {
    const { parts, asked } = recordingParts();
    const remoteOnly: CrawlTarget = { key: 'io.example/remote', version: '1.0.0', serverJson: { name: 'io.example/remote', remotes: [{ type: 'sse', url: 'https://remote.example/sse' }] }, sources: ['registry'] };
    const adapter = createScanAdapter(parts, { workDirectory: await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-')) });
    const record = await adapter.launch(remoteOnly, '1.0.0', new AbortController().signal);
    expect(record).toMatchObject({ status: 'unsupported', detail: expect.stringMatching(/--remotes/) });
    expect(ScanRecordSchema.safeParse(record).success).toBe(true);
    expect(asked.scan).toEqual([]);
    const asking = createScanAdapter(parts, { workDirectory: await mkdtemp(join(tmpdir(), 'mcp-risk-adapter-')), includeRemotes: true });
    await asking.launch(remoteOnly, '1.0.0', new AbortController().signal);
    expect(asked.scan).toHaveLength(1);
  });

  test('the default work directory is private to the run, not a fixed shared path', async () => {
    const { parts, asked } = recordingParts();
    const adapter = createScanAdapter(parts);
    await adapter.launch(withRemote, '1.0.0', new AbortController().signal);
    const cwd = asked.scan[0]![1];
    expect(cwd).not.toBe(join(tmpdir(), 'mcp-risk-crawl'));
    expect((await stat(cwd)).mode & 0o077).toBe(0);
  });
});
