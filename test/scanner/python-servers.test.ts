import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
import { scanTarget } from '../../scanner/scan.ts';
import { buildTestWheel, PYTHON_SERVER, servePythonIndex } from '../helpers/python-index.ts';

// Readable by the sandbox's unprivileged user, as the default cache is.
const work = mkdtempSync(join(tmpdir(), 'mcp-risk-python-'));
chmodSync(work, 0o755);
const cacheDirectory = join(work, 'cache');
mkdirSync(cacheDirectory, { mode: 0o755 });
let index: { url: string; server: Server; requests: string[] };

beforeAll(async () => {
  index = await servePythonIndex(work, buildTestWheel(work));
});
afterAll(() => {
  index?.server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('Python servers from a package index', () => {
  test('a configuration\'s `uvx --index-url URL NAME` entry: installed into a cached virtual environment, launched in the sandbox with placeholders', async () => {
    const config = join(work, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { notes: { command: 'uvx', args: ['--index-url', index.url, PYTHON_SERVER.name], env: { NOTES_API_KEY: 'real-secret-value' } } } }));
    const progress: string[] = [];
    const [record] = await scanTarget(config, work, { sandbox: new BubblewrapSandbox(), cacheDirectory, onProgress: (message) => progress.push(message) });
    expect(record?.status, `${record?.detail}\n${record?.stderrExcerpt ?? ''}`).toBe('ok');
    expect(record?.package).toMatchObject({ registry: 'pypi', name: PYTHON_SERVER.name, version: PYTHON_SERVER.version, integrity: expect.stringMatching(/^sha256-/) });
    expect(record?.tools.map((tool) => tool.name).sort()).toEqual(['delete_note', 'read_note']);
    const description = record?.tools.find((tool) => tool.name === 'read_note')?.description ?? '';
    expect(description).toContain('mcp-risk-placeholder');
    expect(JSON.stringify(record)).not.toContain('real-secret-value');
    expect(progress.join('\n')).toMatch(/installing mcp-risk-test-server@1\.0\.0/);
  }, 180_000);

  test('`pypi:NAME@VERSION`, `pipx run NAME` and `python -m MODULE` use the same cached environment: no second install', async () => {
    await scanTarget(`pypi:${PYTHON_SERVER.name}@${PYTHON_SERVER.version}`, work, { sandbox: new BubblewrapSandbox(), cacheDirectory, pythonIndexUrl: index.url });
    const before = index.requests.filter((path) => path.startsWith('/files/')).length;
    const progress: string[] = [];
    const options = { sandbox: new BubblewrapSandbox(), cacheDirectory, pythonIndexUrl: index.url, onProgress: (message: string) => progress.push(message) };
    const records = [
      ...(await scanTarget(`pypi:${PYTHON_SERVER.name}@${PYTHON_SERVER.version}`, work, options)),
      ...(await scanTarget({ command: ['pipx', 'run', PYTHON_SERVER.name] }, work, options)),
      ...(await scanTarget({ command: ['python3', '-m', PYTHON_SERVER.module] }, work, options)),
    ];
    for (const record of records) expect(record.status, record.detail).toBe('ok');
    expect(records.map((record) => record.package?.version)).toEqual(['1.0.0', '1.0.0', '1.0.0']);
    expect(index.requests.filter((path) => path.startsWith('/files/')).length).toBe(before);
    expect(progress.join('\n')).not.toMatch(/installing/);
  }, 180_000);

  test('no index answers: unsupported, saying no Python package index is reachable', async () => {
    const [record] = await scanTarget(`pypi:${PYTHON_SERVER.name}`, work, { sandbox: new BubblewrapSandbox(), cacheDirectory: join(work, 'empty-cache'), pythonIndexUrl: 'http://127.0.0.1:9/simple' });
    expect(record?.status).toBe('unsupported');
    expect(record?.detail).toMatch(/^no Python package index reachable/);
  }, 60_000);
});
