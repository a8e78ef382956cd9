import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { crawl } from '../../crawler/crawl.ts';
import { createScanAdapter } from '../../crawler/scan-adapter.ts';
import { NoSandbox } from '../../scanner/sandbox-none.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { CatalogueIndexSchema, type CrawlTarget } from '../../schemas/catalogue.ts';
// @ts-expect-error: a plain JavaScript fixture
import { startRemoteFixture } from '../fixtures/servers/remote-http.mjs';

// A remote that answers with an endless body, next to a well-behaved one: the crawl records both and writes its index.
const endless = createServer((request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.write('{"jsonrpc":"2.0","id":0,"result":{"padding":"');
  const block = 'x'.repeat(65_536);
  let sent = 0;
  const pump = () => {
    while (sent < 256 * 1024 * 1024 && !response.destroyed) {
      sent += block.length;
      if (!response.write(block)) return void response.once('drain', pump);
    }
    response.end();
  };
  pump();
});
let endlessUrl = '';
let remote: { url: string; close(): Promise<void> };

beforeAll(async () => {
  await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
  endlessUrl = `http://127.0.0.1:${(endless.address() as { port: number }).port}/mcp`;
  remote = (await startRemoteFixture()) as typeof remote;
});
afterAll(async () => {
  endless.closeAllConnections();
  await new Promise((resolve) => endless.close(resolve));
  await remote.close();
});

const remoteTarget = (key: string, url: string): CrawlTarget => ({ key, version: '1.0.0', serverJson: { name: key, version: '1.0.0', remotes: [{ type: 'streamable-http', url }] }, sources: ['registry'] });

describe('a crawl with remotes asked for', () => {
  test('one hostile remote is recorded as a failure and the crawl goes on to the next and writes its index', async () => {
    const store = new CatalogueStore(await mkdtemp(join(tmpdir(), 'mcp-risk-remote-crawl-')));
    const scanner = createScanAdapter({ scanTarget, sandbox: new NoSandbox() }, { includeRemotes: true });
    const summary = await crawl({ store, targets: [remoteTarget('io.example/endless', endlessUrl), remoteTarget('io.example/fine', `${remote.url}/mcp`)], scanner, launchConcurrency: 1 });
    expect(summary.errors).toEqual([]);
    const index = CatalogueIndexSchema.parse(JSON.parse(await readFile(store.indexPath, 'utf8')));
    const byKey = new Map(index.servers.map((server) => [server.key, server.status]));
    expect(byKey.get('io.example/endless')).toBe('protocol_error');
    expect(byKey.get('io.example/fine')).toBe('ok');
  }, 60_000);
});
