import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { toTerminalText } from '../../core/terminal-text.ts';
import { renderScanTable } from '../../cli/format-table.ts';
import { loadFilesystemScan, makeTool } from '../policy/helpers.ts';
import { fixturesDirectory, nodeModulesDirectory } from '../scanner/helpers.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-terminal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Characters that change what a terminal shows: escapes, line and paragraph separators, bidi, tags, zero-width. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/u;

describe('one terminal-safe escaper for untrusted text', () => {
  test.each([
    ['ESC', 'a\u001b[2Jb', 'a\\u001b[2Jb'],
    ['C1 CSI', 'a\u009bb', 'a\\u009bb'],
    ['line separator', 'a\u2028b', 'a\\u2028b'],
    ['paragraph separator', 'a\u2029b', 'a\\u2029b'],
    ['bidi override', 'a\u202eb', 'a\\u202eb'],
    ['bidi isolate', 'a\u2066b', 'a\\u2066b'],
    ['zero width', 'a\u200bb', 'a\\u200bb'],
    ['tag characters', 'a\u{e0041}\u{e007f}b', 'a\\u{e0041}\\u{e007f}b'],
    ['newline', 'a\nb', 'a\\u000ab'],
  ])('%s is shown as an escape', (_, text, shown) => {
    expect(toTerminalText(text, 100)).toBe(shown);
  });

  test('the scan table shows U+2028 and tag characters as escapes', () => {
    const record = { ...loadFilesystemScan(), serverName: 'srv\u2029', tools: [makeTool('hidden\u2028name\u{e0069}\u{e0067}')] };
    const table = renderScanTable(record);
    expect(table.replaceAll('\n', '')).not.toMatch(UNSAFE);
    expect(table).toContain('hidden\\u2028name\\u{e0069}');
  });

  test('classify: a JSON parse error does not echo raw escape bytes', async () => {
    const io = memoryIo({ stdin: '{"name": "ok"}\n{"name": \u001b[2J\u001b]0;pwned\u0007 \u2028}\n' });
    await main(['classify', '--format', 'jsonl'], io);
    expect(io.err()).toMatch(/^line 2: not valid JSON/m);
    expect(io.err().replaceAll('\n', '')).not.toMatch(UNSAFE);
  });

  test('scan: an error quoting a hostile file is escaped', async () => {
    const file = join(directory, 'bad.json');
    writeFileSync(file, '{"mcpServers": \u001b[2J\u2028}');
    const io = memoryIo({ cwd: directory });
    expect(await main(['scan', '--sandbox', 'none', file], io)).toBe(3);
    expect(io.err()).toMatch(/expected JSON/);
    expect(io.err().replaceAll('\n', '')).not.toMatch(UNSAFE);
  });

  test('scan: a configured server\'s name in a progress line is escaped', async () => {
    const config = join(directory, 'mcp.json');
    writeFileSync(config, JSON.stringify({ mcpServers: { 'evil\u001b[2J\u2028name': { command: 'node', args: [join(fixturesDirectory, 'hostile', 'never-initializes.mjs'), 'terminal-safety'] } } }));
    const io = memoryIo({ cwd: directory });
    await main(['scan', '--sandbox', 'none', '--start-timeout', '3600', '--read-only', nodeModulesDirectory, config], io);
    expect(io.err()).toMatch(/still starting/);
    expect(io.err()).toContain('evil\\u001b[2J\\u2028name');
    expect(io.err().replaceAll('\n', '')).not.toMatch(UNSAFE);
  }, 20_000);
});
