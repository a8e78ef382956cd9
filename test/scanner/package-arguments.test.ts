import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BubblewrapSandbox } from '../../scanner/sandbox-bubblewrap.ts';
import { scanTarget } from '../../scanner/scan.ts';

// server-filesystem refuses to start ("Cannot access directory") unless every folder it is given exists in its sandbox.
const FILESYSTEM = '@modelcontextprotocol/server-filesystem';
const project = mkdtempSync(join(tmpdir(), 'mcp-risk-npx-'));
const docs = join(project, 'docs');
mkdirSync(docs);
writeFileSync(join(docs, 'readme.txt'), 'hello\n');
chmodSync(project, 0o755);
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.concurrent('folders named in a package server\'s arguments', () => {
  test('a configuration\'s `npx -y server-filesystem FOLDER .`: the folder read-only, the configuration\'s own folder an empty stand-in, both recorded', async () => {
    const config = join(project, '.mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { filesystem: { command: 'npx', args: ['-y', FILESYSTEM, docs, '.'] } } }));
    const [record] = await scanTarget(config, project, { sandbox: new BubblewrapSandbox() });
    expect(record?.status, record?.detail).toBe('ok');
    expect(record?.tools.map((tool) => tool.name)).toContain('list_directory');
    expect(record?.ranWith?.paths).toEqual([{ path: docs, shown: 'read-only' }, { path: project, shown: 'empty stand-in' }]);
  }, 120_000);

  test('`scan -- npx -y PACKAGE FOLDER` is scanned like the same configuration entry', async () => {
    const [record] = await scanTarget({ command: ['npx', '-y', FILESYSTEM, docs] }, project, { sandbox: new BubblewrapSandbox() });
    expect(record?.status, record?.detail).toBe('ok');
    expect(record?.package?.name).toBe(FILESYSTEM);
    expect(record?.ranWith?.paths).toEqual([{ path: docs, shown: 'read-only' }]);
  }, 120_000);

  test('`npm:PACKAGE -- FOLDER` passes the arguments, relative ones resolved against the current directory', async () => {
    const [record] = await scanTarget({ target: `npm:${FILESYSTEM}`, args: ['docs'] }, project, { sandbox: new BubblewrapSandbox() });
    expect(record?.status, record?.detail).toBe('ok');
    expect(record?.ranWith?.paths).toEqual([{ path: docs, shown: 'read-only' }]);
  }, 120_000);
});
