import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultDatasets } from '../../cli/commands/eval-datasets.ts';
import { main } from '../../cli/main.ts';
import { AssessmentSchema } from '../../schemas/assessment.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const lines = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('mcp-risk classify', () => {
  test('adjacent lines of one server are classified together, in order; another server\'s lines are not its siblings', async () => {
    const tool = (server: string, name: string, description: string) => JSON.stringify({ server, name, description });
    const input = [
      tool('broker', 'submit_market_order', 'Buy or sell shares at the market price.'),
      tool('broker', 'adjust_position', 'Adjust an open position to a new size.'),
      tool('todo', 'adjust_position', 'Adjust an open position to a new size.'),
      tool('todo', 'create_task', 'Create a task.'),
    ].join('\n');
    const io = memoryIo({ stdin: input });
    expect(await main(['classify', '-'], io)).toBe(0);
    const results = lines(io.out());
    expect(results.map((result) => `${result.server}/${result.name}`)).toEqual(['broker/submit_market_order', 'broker/adjust_position', 'todo/adjust_position', 'todo/create_task']);
    expect(results[1]).toMatchObject({ category: 'financial' });
    expect(results[2]).toMatchObject({ category: 'write' });
  });
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
    for (const label of ['category accuracy', 'macro-F1', 'risk in accepted set', 'risk within one', 'unsafe-miss rate', 'unsafe-allow rate', 'friction', 'readOnlyHint agrees', 'Confusion matrix', 'precision', 'recall']) {
      expect(io.out()).toContain(label);
    }
  });
  test('with no FILE it scores the development files beside the project, else the shipped sample, and says which', () => {
    expect(defaultDatasets(mkdtempSync(join(tmpdir(), 'mcp-risk-root-')))).toEqual(['examples/labelled-tools.jsonl']);
    const root = mkdtempSync(join(tmpdir(), 'mcp-risk-root-'));
    const checkout = join(root, 'wt', 'checkout');
    mkdirSync(join(root, 'shared', 'datasets'), { recursive: true });
    mkdirSync(join(checkout, 'data', 'labelled'), { recursive: true });
    for (const file of ['shared/datasets/dev.jsonl', 'shared/datasets/dev4.jsonl']) writeFileSync(join(root, file), '');
    writeFileSync(join(checkout, 'data', 'labelled', 'labelled.jsonl'), '');
    writeFileSync(join(checkout, 'data', 'labelled', 'first-look-servers.txt'), '');
    expect(defaultDatasets(checkout)).toEqual(['../../shared/datasets/dev.jsonl', '../../shared/datasets/dev4.jsonl', 'data/labelled/labelled.jsonl']);
  });
  test('several files are reported one by one and pooled; a server list keeps or drops servers; an undeclared hint is n/a', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mcp-risk-eval-'));
    const row = (server: string, name: string, description: string, category: string, risk: string) => JSON.stringify({ server, name, description, category, risk });
    writeFileSync(join(cwd, 'a.jsonl'), `${row('alpha', 'list_files', 'List files in a folder.', 'read', 'low')}\n${row('alpha', 'delete_file', 'Delete a file permanently.', 'destructive', 'critical')}\n`);
    writeFileSync(join(cwd, 'b.jsonl'), `${row('beta', 'get_weather', 'Get the weather for a city.', 'read', 'low')}\n`);
    writeFileSync(join(cwd, 'aside.txt'), 'beta\n');
    const both = memoryIo({ cwd });
    expect(await main(['eval', 'a.jsonl', 'b.jsonl'], both)).toBe(0);
    expect(both.out()).toMatch(/a\.jsonl\s.*\s2\s/);
    expect(both.out()).toContain('all 3 tools of a.jsonl + b.jsonl (2 servers)');
    expect(both.out()).toContain('readOnlyHint agrees    0/0 (n/a)');
    const only = memoryIo({ cwd });
    expect(await main(['eval', 'a.jsonl', 'b.jsonl', '--only-servers', 'aside.txt', '--json'], only)).toBe(0);
    expect(JSON.parse(only.out()).total).toBe(1);
    const without = memoryIo({ cwd });
    expect(await main(['eval', 'a.jsonl', 'b.jsonl', '--exclude-servers', 'aside.txt', '--json'], without)).toBe(0);
    expect(JSON.parse(without.out()).total).toBe(2);
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
