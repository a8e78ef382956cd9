import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    expect(io.err()).toMatch(/^note: Claude Code cannot enforce rate limits/m);
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

  test.each([[['policy']], [['policy', 'a.json', 'b.json']], [['policy', 'server-filesystem.json', '--format', 'yaml']]])('bad usage %j exits 2', async (argv) => {
    const io = memoryIo({ cwd: fixtures });
    expect(await main(argv, io)).toBe(2);
  });
});
