import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { runCrawl } from '../../cli/commands/crawl.ts';
import { main } from '../../cli/main.ts';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { TargetsFileSchema } from '../../schemas/catalogue.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';
import { createFixtureScanner, fixtureTargets } from './helpers/fixture-scanner.ts';
import { memoryIo } from '../helpers/memory-io.ts';

let servers: FixtureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('mcp-risk discover', () => {
  test('merges the registry, npm and a list into data/targets.json, then syncs the registry incrementally', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-discover-'));
    const registry = await startFixtureServer((url) => ({ file: url.searchParams.get('cursor') ? 'registry/servers-page-2.json' : 'registry/servers-page-1.json' }));
    const npm = await startFixtureServer((url) => ({ file: url.searchParams.get('from') === '0' ? 'npm/search-keywords-mcp.json' : 'npm/search-keywords-mcp-page-2.json' }));
    servers = [registry, npm];
    await writeFile(join(directory, 'curated.txt'), '@modelcontextprotocol/server-memory\nmcp-server-kubernetes\n');
    const io = memoryIo({ cwd: directory });
    const code = await main(['discover', '--source', 'registry', '--source', 'npm', '--source', 'list', '--list', 'curated.txt', '--registry-url', registry.url, '--npm-url', npm.url, '--keywords', 'mcp'], io);
    expect(io.err()).toMatch(/registry: 3 targets, 1 malformed/);
    expect(code).toBe(0);
    const file = TargetsFileSchema.parse(JSON.parse(await readFile(join(directory, 'data/targets.json'), 'utf8')));
    expect(file.targets.map((target) => [target.key, target.sources])).toEqual([
      ['@modelcontextprotocol/server-memory', ['list']],
      ['com.example/weather', ['registry']],
      ['io.github.acme/github-tools', ['registry', 'npm']],
      ['io.github.modelcontextprotocol/server-filesystem', ['registry', 'npm']],
      ['mcp-server-kubernetes', ['list', 'npm']],
    ]);
    // The registry's pinned package version wins over npm's newer latest for a registry entry.
    expect(file.targets.find((target) => target.key === 'io.github.acme/github-tools')?.version).toBe('0.9.1');
    expect(file.sources.map((report) => report.source)).toEqual(['registry', 'npm', 'list']);

    const again = memoryIo({ cwd: directory });
    expect(await main(['discover', '--source', 'registry', '--registry-url', registry.url], again)).toBe(0);
    const lastRequest = new URL(registry.requests.at(-1)!, registry.url);
    expect(lastRequest.searchParams.get('updated_since')).toBe(file.sources[0]!.discoveredAt);
    const updated = TargetsFileSchema.parse(JSON.parse(await readFile(join(directory, 'data/targets.json'), 'utf8')));
    expect(updated.targets).toHaveLength(5);
  });

  test('rejects an unknown source and a list source without a file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-discover-'));
    const io = memoryIo({ cwd: directory });
    expect(await main(['discover', '--source', 'pypi'], io)).toBe(2);
    expect(io.err()).toMatch(/expected --source to be one of registry, npm, github, list, got "pypi"/);
    expect(await main(['discover', '--source', 'list'], io)).toBe(2);
  });
});

describe('mcp-risk crawl', () => {
  test('crawls the targets file, prints a summary, and reruns with zero launches', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-crawl-cmd-'));
    await new CatalogueStore(join(directory, 'data')).writeTargets({ schemaVersion: 1, sources: [], targets: fixtureTargets(4) });
    const first = createFixtureScanner({ statuses: { 'fixture-server-4': 'needs_credentials' } });
    const io = memoryIo({ cwd: directory });
    expect(await runCrawl(['--progress', 'plain'], io, first.scanner)).toBe(0);
    expect(io.out()).toMatch(/crawled 4 targets in [\d.]+s: 4 scanned\nnew scans by status: 3 ok, 1 needs_credentials\nscanner calls: 4 resolve, 4 install, 4 launch\n/);
    expect(io.err()).toMatch(/^crawl: 4 targets\n\[1\/4\] /);

    const rerun = memoryIo({ cwd: directory });
    expect(await runCrawl(['--progress', 'none'], rerun, createFixtureScanner().scanner)).toBe(0);
    expect(rerun.out()).toMatch(/4 skipped\n.*\nscanner calls: 0 resolve, 0 install, 0 launch/);

    const refresh = memoryIo({ cwd: directory });
    expect(await runCrawl(['--progress', 'none', '--refresh-versions'], refresh, createFixtureScanner().scanner)).toBe(0);
    expect(refresh.out()).toMatch(/4 skipped\n.*\nscanner calls: 4 resolve, 0 install, 0 launch/);
    expect(await runCrawl(['--version-ttl', 'soon'], memoryIo({ cwd: directory }), createFixtureScanner().scanner).catch((error: Error) => error.message)).toMatch(/--version-ttl/);
  });

  test('crawls one shard', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-crawl-cmd-'));
    await new CatalogueStore(join(directory, 'data')).writeTargets({ schemaVersion: 1, sources: [], targets: fixtureTargets(20) });
    const { scanner, calls } = createFixtureScanner();
    expect(await runCrawl(['--shard', '2/4', '--progress', 'none'], memoryIo({ cwd: directory }), scanner)).toBe(0);
    expect(calls.launch.length).toBeGreaterThan(0);
    expect(calls.launch.length).toBeLessThan(20);
  });

  test('says what to do when there is no targets file, and rejects bad flags', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-crawl-cmd-'));
    const io = memoryIo({ cwd: directory });
    expect(await main(['crawl', '--data', 'nowhere'], io)).toBe(3);
    expect(io.err()).toMatch(/Expected a targets file at .*nowhere\/targets.json, found none\.\nWrite one with `mcp-risk discover/);
    expect(await main(['crawl', '--launch-concurrency', '0'], io)).toBe(2);
    expect(await main(['crawl', '--retry', 'sometimes'], io)).toBe(2);
    expect(await main(['crawl', '--shard', '9/4'], io)).toBe(2);
  });
});

describe('mcp-risk merge', () => {
  test('a shard directory that does not exist, or holds no crawl output, is an error, not an empty shard', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-merge-cmd-'));
    const shard = new CatalogueStore(join(directory, 'shard-1'));
    await shard.prepare();
    const io = memoryIo({ cwd: directory });
    expect(await main(['merge', '--data', 'data', 'shard-1', 'shard-2-typo'], io)).toBe(3);
    expect(io.err()).toMatch(/expected a shard directory written by `mcp-risk crawl` at .*shard-2-typo/);
    expect(io.out()).toBe('');
    await writeFile(join(directory, 'not-a-shard'), '');
    const file = memoryIo({ cwd: directory });
    expect(await main(['merge', '--data', 'data', 'not-a-shard'], file)).toBe(3);
    expect(await main(['merge', '--data', 'data', 'shard-1'], memoryIo({ cwd: directory }))).toBe(0);
  });
});
