import { z } from 'zod';
import { classifyServer } from '../../classifier/classify.ts';
import { RISK_ORDER, type Assessment } from '../../schemas/assessment.ts';
import { ClassifierInputSchema } from '../../schemas/tool.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK } from '../../core/errors.ts';
import { iterateJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';
import { countOf, renderTable, toTerminalText } from '../../core/terminal-text.ts';

/** One input line: a tool definition plus optional `id` and `server` echoed back. */
const ClassifyLineSchema = ClassifierInputSchema.extend({
  id: z.union([z.string(), z.number()]).optional(),
  server: z.string().optional(),
});

type ClassifyLine = z.infer<typeof ClassifyLineSchema>;

const FORMATS = ['jsonl', 'table'] as const;
/** A server's tools are batched up to this many, so memory stays bounded on any input. */
const MAX_BATCH = 1_000;

const usage = `Usage: mcp-risk classify [FILE|-] [--format jsonl|table]

Classifies MCP tool definitions read as JSON Lines, one tool per line:
  {"name": "...", "description": "...", "inputSchema": {...}, "annotations": {...}, "id": "...", "server": "..."}
Only "name" is required. Reads standard input when FILE is "-" or missing. Adjacent lines that
share a "server" are classified together, as one server: what the server deals in (money, code,
containers, …) changes how ambiguous verbs read. Keep one server's lines together.

Writes one line per input line, in order: {"id", "name", "category", "risk", "score",
"confidence", "signals", "findings", "inferredAnnotations"}. A malformed line is reported on
stderr with its line number, written as {"line", "error"}, and makes the exit code 3.

Options:
  --format jsonl|table   jsonl (default when piped) or a table (default on a terminal)
`;

type ClassifiedLine = { id?: string | number; server?: string; name: string } & Assessment;

function renderSummary(results: ClassifiedLine[]): string {
  const counts = RISK_ORDER.map((risk) => `${results.filter((result) => result.risk === risk).length} ${risk}`);
  return `${countOf(results.length, 'tool')}: ${counts.join(', ')}`;
}

export const classifyCommand: Command = {
  name: 'classify',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('classify', argv, { format: { type: 'string' } });
    const format = requireChoice('classify', 'format', values.format ?? (io.stdout.isTTY ? 'table' : 'jsonl'), FORMATS);
    const text = await readTextInput(positionals[0] ?? '-', io);

    const results: ClassifiedLine[] = [];
    let malformed = 0;
    // Adjacent lines that share a "server" are one server, classified together; a batch ends when the server changes.
    let batch: ClassifyLine[] = [];
    const flush = () => {
      const assessments = classifyServer(batch);
      batch.forEach(({ id, server, name }, index) => {
        const result: ClassifiedLine = { ...(id !== undefined && { id }), ...(server !== undefined && { server }), name, ...assessments[index]! };
        // Only the table needs every result at the end; JSON Lines are written as they come.
        if (format === 'jsonl') io.stdout.write(`${JSON.stringify(result)}\n`);
        else results.push(result);
      });
      batch = [];
    };
    for (const line of iterateJsonLines(text, ClassifyLineSchema)) {
      if (!line.ok) {
        flush();
        malformed++;
        io.stderr.write(`line ${line.lineNumber}: ${toTerminalText(line.error, 300)}\n`);
        if (format === 'jsonl') io.stdout.write(`${JSON.stringify({ line: line.lineNumber, error: line.error })}\n`);
        continue;
      }
      const server = line.value.server;
      if (batch.length > 0 && (server === undefined || server !== batch[0]!.server || batch.length >= MAX_BATCH)) flush();
      batch.push(line.value);
    }
    flush();

    if (format === 'table') {
      const rows = results.map((result) => [
        toTerminalText(result.server ? `${result.server}/${result.name}` : result.name, 48),
        result.category,
        result.risk,
        result.confidence.toFixed(2),
        toTerminalText([...new Set(result.findings.map((finding) => finding.id))].join(', '), 40),
      ]);
      io.stdout.write(`${renderTable(['tool', 'category', 'risk', 'conf', 'findings'], rows)}\n\n${renderSummary(results)}\n`);
    }
    if (malformed) io.stderr.write(`${countOf(malformed, 'malformed line')} skipped.\n`);
    return malformed ? EXIT_FAILURE : EXIT_OK;
  },
};
