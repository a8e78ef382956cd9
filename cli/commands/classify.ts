import { z } from 'zod';
import { classifyTool } from '../../classifier/classify.ts';
import { RISK_ORDER, type Assessment } from '../../schemas/assessment.ts';
import { ClassifierInputSchema } from '../../schemas/tool.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK } from '../../core/errors.ts';
import { parseJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';
import { countOf, renderTable, toTerminalText } from '../../core/terminal-text.ts';

/** One input line: a tool definition plus optional `id` and `server` echoed back. */
const ClassifyLineSchema = ClassifierInputSchema.extend({
  id: z.union([z.string(), z.number()]).optional(),
  server: z.string().optional(),
});

const FORMATS = ['jsonl', 'table'] as const;

const usage = `Usage: mcp-risk classify [FILE|-] [--format jsonl|table]

Classifies MCP tool definitions read as JSON Lines, one tool per line:
  {"name": "...", "description": "...", "inputSchema": {...}, "annotations": {...}, "id": "...", "server": "..."}
Only "name" is required. Reads standard input when FILE is "-" or missing.

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
    for (const line of parseJsonLines(text, ClassifyLineSchema)) {
      if (!line.ok) {
        malformed++;
        io.stderr.write(`line ${line.lineNumber}: ${toTerminalText(line.error, 300)}\n`);
        if (format === 'jsonl') io.stdout.write(`${JSON.stringify({ line: line.lineNumber, error: line.error })}\n`);
        continue;
      }
      const { id, server, name } = line.value;
      const result: ClassifiedLine = { ...(id !== undefined && { id }), ...(server !== undefined && { server }), name, ...classifyTool(line.value) };
      results.push(result);
      if (format === 'jsonl') io.stdout.write(`${JSON.stringify(result)}\n`);
    }

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
