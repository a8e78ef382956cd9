import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { readCatalogue } from '../../site/lib/catalogue.ts';

const fixture = new URL('../fixtures/catalogue/', import.meta.url).pathname;
const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function copyFixture(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-site-data-'));
  temporary.push(directory);
  await cp(fixture, directory, { recursive: true });
  return directory;
}

describe('readCatalogue', () => {
  test('reads and validates the fixture catalogue', async () => {
    const catalogue = await readCatalogue(fixture);
    expect(catalogue.servers.map((server) => server.slug)).toEqual(catalogue.index.servers.map((entry) => entry.slug));
    expect(catalogue.evaluation).toBeUndefined();
    expect(catalogue.repositories.get('@acme/docker-mcp')).toBe('git+https://github.com/acme/docker-mcp.git');
  });

  test('a malformed targets.json fails naming the file', async () => {
    const directory = await copyFixture();
    await writeFile(join(directory, 'targets.json'), JSON.stringify({ schemaVersion: 1, sources: [], targets: [{ key: 'x' }] }));
    await expect(readCatalogue(directory)).rejects.toThrow(/targets\.json: targets\.0\.sources: /);
    await rm(join(directory, 'targets.json'));
    expect((await readCatalogue(directory)).repositories.size).toBe(0);
  });

  test('a malformed server file fails naming the file and the field', async () => {
    const directory = await copyFixture();
    const file = join(directory, 'servers', 'acme--docker-mcp.json');
    const record = JSON.parse(await readFile(file, 'utf8'));
    record.tools[1].assessment.risk = 'extreme';
    await writeFile(file, JSON.stringify(record));
    await expect(readCatalogue(directory)).rejects.toThrow(/acme--docker-mcp\.json: tools\.1\.assessment\.risk: /);
  });

  test('a file that is not JSON, a missing server file and an unsafe slug each fail with the file named', async () => {
    const directory = await copyFixture();
    await writeFile(join(directory, 'servers', 'foo.json'), '{ not json');
    await expect(readCatalogue(directory)).rejects.toThrow(/foo\.json, got text that does not parse/);
    await rm(join(directory, 'servers', 'foo.json'));
    await expect(readCatalogue(directory)).rejects.toThrow(/foo\.json, got ENOENT/);
    const index = JSON.parse(await readFile(join(directory, 'index.json'), 'utf8'));
    index.servers[0].slug = '../../etc/passwd';
    await writeFile(join(directory, 'index.json'), JSON.stringify(index));
    await expect(readCatalogue(directory)).rejects.toThrow(/index\.json, got "\.\.\/\.\.\/etc\/passwd" at field servers\.0\.slug/);
  });

  test('reads classifier-eval.json when present and rejects a malformed one', async () => {
    const directory = await copyFixture();
    const perCategory = Object.fromEntries(['read', 'write', 'execute', 'destructive', 'financial'].map((category) => [category, { precision: 0.9, recall: 0.9, support: 10 }]));
    const confusion = Object.fromEntries(['read', 'write', 'execute', 'destructive', 'financial'].map((category) => [category, { read: 1, write: 0, execute: 0, destructive: 0, financial: 0 }]));
    const figures = { command: 'npm run eval -- --folds 5', dataset: 'dev.jsonl', measuredOn: '5 folds by server, 50 tools of dev.jsonl (9 servers), pooled', folds: 5, servers: 9, classifierVersion: '2.0.0', categoryAccuracy: 0.9, macroF1: 0.85, riskAccepted: 0.8, riskWithinOne: 0.97, unsafeMissRate: 0.03, unsafeAllowRate: 0.01, unsafeTotal: 20, total: 50, perCategory, confusion };
    await writeFile(join(directory, 'classifier-eval.json'), JSON.stringify(figures));
    expect((await readCatalogue(directory)).evaluation).toMatchObject(figures);
    await writeFile(join(directory, 'classifier-eval.json'), JSON.stringify({ ...figures, macroF1: 'high' }));
    await expect(readCatalogue(directory)).rejects.toThrow(/classifier-eval\.json: macroF1: /);
  });
});
