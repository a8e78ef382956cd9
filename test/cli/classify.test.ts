import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultDataset } from '../../cli/commands/eval.ts';
import { main } from '../../cli/main.ts';
import { AssessmentSchema } from '../../schemas/assessment.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('mcp-risk classify', () => {
  test('writes one line per input line, in order, echoing id, server and name', async () => {
    const input = [
      JSON.stringify({ id: 'a', server: 'files', name: 'delete_file', description: 'Delete a file.' }),
      JSON.stringify({ id: 2, name: 'list_files', description: 'List files.' }),
    ].join('\n');
    const io = memoryIo({ stdin: input });
    expect(await main(['classify', '-'], io)).toBe(0);
    const [first, second] = lines(io.out());
    expect(first).toMatchObject({ id: 'a', server: 'files', name: 'delete_file', category: 'destructive' });
    expect(second).toMatchObject({ id: 2, name: 'list_files', category: 'read' });
    const { id, server, name, ...assessment } = first!;
    expect(AssessmentSchema.strict().safeParse(assessment).success).toBe(true);
    expect(io.err()).toBe('');
  });

  test('a malformed line is reported with its number, the rest still classified, exit non-zero', async () => {
    const input = ['{"name":"list_a","description":"List things."}', '{not json', '', '{"description":"no name"}', '{"name":"drop_table","description":"Drop a table."}'].join('\n');
    const io = memoryIo({ stdin: input });
    expect(await main(['classify'], io)).toBe(3);
    const output = lines(io.out());
    expect(output.map((line) => line['name'] ?? `error@${line['line']}`)).toEqual(['list_a', 'error@2', 'error@4', 'drop_table']);
    expect(io.err()).toMatch(/^line 2: not valid JSON/m);
    expect(io.err()).toMatch(/^line 4: name: /m);
    expect(io.err()).toContain('2 malformed lines skipped');
  });

  test('reads a file relative to the working directory and renders a table', async () => {
    const io = memoryIo({ cwd: new URL('../..', import.meta.url).pathname });
    expect(await main(['classify', 'examples/sample-tools.jsonl', '--format', 'table'], io)).toBe(0);
    expect(io.out()).toMatch(/example-git\/delete-repository\s+destructive\s+critical/);
    expect(io.out()).toMatch(/^12 tools: /m);
  });

  test('the table escapes control characters in hostile names', async () => {
    const io = memoryIo({ stdin: JSON.stringify({ name: 'evil\u001b[31mred\u202e' }), isTTY: true });
    await main(['classify'], io);
    expect(io.out()).not.toContain('\u001b');
    expect(io.out()).toContain('\\u001b[31mred\\u202e');
  });

  test('usage errors', async () => {
    const io = memoryIo();
    expect(await main(['classify', '--format', 'xml'], io)).toBe(2);
    expect(io.err()).toContain('expected --format to be one of jsonl, table, got "xml"');
    const missing = memoryIo();
    expect(await main(['classify', 'no-such-file.jsonl'], missing)).toBe(3);
    expect(missing.err()).toContain('cannot read no-such-file.jsonl: no such file');
  });
});

describe('mcp-risk eval', () => {
  test('prints the figures for a labelled file', async () => {
    const io = memoryIo({ cwd: new URL('../..', import.meta.url).pathname });
    expect(await main(['eval', 'test/fixtures/classifier/labelled.jsonl'], io)).toBe(0);
    for (const label of ['category accuracy', 'macro-F1', 'risk in accepted set', 'risk within one', 'unsafe-miss rate', 'unsafe-allow rate', 'readOnlyHint agrees', 'Confusion matrix', 'precision']) {
      expect(io.out()).toContain(label);
    }
  });
  test('with no FILE it scores the development set beside the project, else the shipped sample, and says which', async () => {
    expect(defaultDataset(mkdtempSync(join(tmpdir(), 'mcp-risk-root-')))).toBe('examples/labelled-tools.jsonl');
    const io = memoryIo({ cwd: tmpdir() });
    expect(await main(['eval'], io)).toBe(0);
    expect(io.err()).toMatch(/no FILE given, so scoring the development dataset \.\.\/shared\/datasets\/dev\.jsonl|no FILE given and no \.\.\/shared\/datasets\/dev\.jsonl beside the project, so scoring the labelled sample shipped with mcp-risk \(examples\/labelled-tools\.jsonl\)/);
  });
  test('--folds needs every row to name its server', async () => {
    const io = memoryIo({ cwd: new URL('../..', import.meta.url).pathname });
    expect(await main(['eval', 'test/fixtures/classifier/labelled.jsonl', '--folds', '5'], io)).not.toBe(0);
    expect(io.err()).toMatch(/expected every row .* to name its "server"/);
  });
  test('--json gives the report', async () => {
    const io = memoryIo({ cwd: new URL('../..', import.meta.url).pathname });
    await main(['eval', 'test/fixtures/classifier/labelled.jsonl', '--json'], io);
    const report = JSON.parse(io.out());
    expect(report.total).toBe(8);
    expect(report.unsafeTotal).toBe(4);
    expect(report.categoryAccuracy).toBeGreaterThanOrEqual(0.75);
  });
});
