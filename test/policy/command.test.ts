import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const fixtures = new URL('../fixtures/scans/', import.meta.url).pathname;

describe('mcp-risk policy', () => {
  test('prints a policy and its notes', async () => {
    const io = memoryIo({ cwd: fixtures });
    expect(await main(['policy', 'server-filesystem.json', '--format', 'claude-code'], io)).toBe(0);
    expect(JSON.parse(io.out()).permissions.deny).toContain('mcp__filesystem__write_file');
    expect(io.err()).toMatch(/^mcp-risk policy: note: Claude Code cannot enforce rate limits/m);
    expect(io.err()).toMatch(/note: Written for the server named "filesystem".*--server-key NAME/);
  });

  test('--server-key names the server in references', async () => {
    const io = memoryIo({ cwd: fixtures });
    expect(await main(['policy', 'server-filesystem.json', '--format', 'vscode', '--server-key', 'My FS'], io)).toBe(0);
    expect(Object.keys(JSON.parse(io.out())['chat.tools.eligibleForAutoApproval'])).toContain('my-fs/write_file');
  });

  test('applies a rules file', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-policy-'));
    writeFileSync(join(directory, 'rules.yaml'), 'version: 1\nrules:\n  - match: { tool: write_file }\n    action: deny\n');
    const io = memoryIo({ cwd: fixtures });
    expect(await main(['policy', join(fixtures, 'server-filesystem.json'), '--rules', join(directory, 'rules.yaml')], io)).toBe(0);
    expect(JSON.parse(io.out()).tools.find((tool: { name: string }) => tool.name === 'write_file')).toMatchObject({ action: 'deny', source: 'rules' });
  });

  test('a scan file that fails validation names the file and the field (exit 3)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-policy-'));
    const record = JSON.parse(readFileSync(join(fixtures, 'server-filesystem.json'), 'utf8'));
    record.tools[4].assessment.risk = 'extreme';
    writeFileSync(join(directory, 'bad.json'), JSON.stringify(record));
    const io = memoryIo({ cwd: directory });
    expect(await main(['policy', 'bad.json'], io)).toBe(3);
    expect(io.err()).toContain('bad.json: tools.4.assessment.risk:');
    const empty = memoryIo({ cwd: directory });
    writeFileSync(join(directory, 'empty.json'), '{}');
    expect(await main(['policy', 'empty.json'], empty)).toBe(3);
    expect(empty.err()).toContain('empty.json: target:');
  });

  test('a rules file that fails validation names the file and the field (exit 3)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-policy-'));
    writeFileSync(join(directory, 'rules.yaml'), 'version: 1\nrules:\n  - match: { risk: extreme }\n    action: allow\n');
    const io = memoryIo({ cwd: directory });
    expect(await main(['policy', join(fixtures, 'server-filesystem.json'), '--rules', 'rules.yaml'], io)).toBe(3);
    expect(io.err()).toContain('rules.yaml: rules.0.match.risk:');
  });

  test('a file that is not JSON is an input error (exit 3)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-policy-'));
    writeFileSync(join(directory, 'scan.json'), '{ not json');
    const io = memoryIo({ cwd: directory });
    expect(await main(['policy', 'scan.json'], io)).toBe(3);
    expect(io.err()).toContain('scan.json');
  });

  describe('a file of several records, as `scan CONFIG --format json` prints', () => {
    const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-policy-many-'));
    const record = JSON.parse(readFileSync(join(fixtures, 'server-filesystem.json'), 'utf8'));
    const records = [
      { ...record, targetKind: 'client-config', target: '.mcp.json', serverName: 'files' },
      { ...record, targetKind: 'client-config', target: '.mcp.json', serverName: 'docs', tools: record.tools.slice(0, 2) },
      { ...record, targetKind: 'client-config', target: '.mcp.json', serverName: 'broken', status: 'needs_credentials', tools: [] },
    ];
    writeFileSync(join(directory, 'scans.json'), JSON.stringify(records));

    test('claude-code: one permissions block naming every server by its configured name', async () => {
      const io = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--format', 'claude-code'], io)).toBe(0);
      const { permissions } = JSON.parse(io.out());
      expect(permissions.deny).toContain('mcp__files__write_file');
      expect([...permissions.allow, ...permissions.ask, ...permissions.deny].filter((rule: string) => rule.startsWith('mcp__docs__'))).toHaveLength(2);
      expect(io.err()).toMatch(/skipped broken: its scan ended needs_credentials/);
      expect(io.err()).toMatch(/note: files: Written for the server named "files".*on this server's record alone with --server-key NAME/);
      expect(io.err()).toMatch(/2 servers \(files, docs\)/);
    });

    test.each([['cursor'], ['vscode'], ['docker'], ['mcp-risk']])('%s: one file for every server', async (format) => {
      const io = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--format', format], io)).toBe(0);
      const text = io.out();
      expect(text).toContain('files');
      // docs' two tools are both allowed, which VS Code's block leaves out; its notes still name it.
      expect(format === 'vscode' ? io.err() : text).toContain('docs');
      if (format === 'mcp-risk') expect(JSON.parse(text).map((policy: { server: { key: string } }) => policy.server.key)).toEqual(['files', 'docs']);
    });

    test('toolhive: one file per server needs --out, and writes one each with it', async () => {
      const io = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--format', 'toolhive'], io)).toBe(2);
      expect(io.err()).toMatch(/toolhive configures one server per file, but there are 2 servers and no --out/);
      const out = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--format', 'toolhive', '--out', 'thv'], out)).toBe(0);
      expect(readdirSync(join(directory, 'thv'))).toHaveLength(2);
    });

    test('--server-key names one server, so several records refuse it', async () => {
      const io = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--server-key', 'x'], io)).toBe(2);
      expect(io.err()).toMatch(/--server-key names one server, but there are 2/);
    });

    test('--out writes the one client file into the folder', async () => {
      const io = memoryIo({ cwd: directory });
      expect(await main(['policy', 'scans.json', '--format', 'claude-code', '--out', 'claude'], io)).toBe(0);
      expect(Object.keys(JSON.parse(readFileSync(join(directory, 'claude', 'settings.json'), 'utf8')))).toEqual(['permissions', 'hooks']);
    });
  });

  test.each([[['policy']], [['policy', 'a.json', 'b.json']], [['policy', 'server-filesystem.json', '--format', 'yaml']]])('bad usage %j exits 2', async (argv) => {
    const io = memoryIo({ cwd: fixtures });
    expect(await main(argv, io)).toBe(2);
  });
});
