import { basename, join, resolve } from 'node:path';
import { projectRoot } from '../../core/project-root.ts';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { CLASSIFIER_VERSION } from '../../classifier/version.ts';
import { classifyTool } from '../../classifier/classify.ts';
import { evaluate, type EvaluationReport } from '../../classifier/evaluate.ts';
import { CategorySchema, RiskSchema } from '../../schemas/assessment.ts';
import { ClassifierInputSchema } from '../../schemas/tool.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';
import { renderTable } from '../../core/terminal-text.ts';

/** A labelled row, as in the datasets' README: a tool plus `category`, `risk` and `risk_ok`. */
const LabelledToolSchema = ClassifierInputSchema.extend({
  id: z.union([z.string(), z.number()]).optional(),
  category: CategorySchema,
  risk: RiskSchema,
  risk_ok: z.array(RiskSchema).optional(),
});

/** The labelled sample shipped with the project: tools written for it, labelled by the taxonomy. */
const SAMPLE_DATASET = 'examples/labelled-tools.jsonl';

const usage = `Usage: mcp-risk eval [FILE] [--json] [--errors] [--summary OUT.json]

Scores the classifier against labelled tools (JSON Lines with "category", "risk" and optionally
"risk_ok") and prints category accuracy, macro-F1, the confusion matrix, risk exact and within one
level, the unsafe-miss rate, and agreement with declared hints. Without FILE it scores the small
labelled sample shipped with mcp-risk (${SAMPLE_DATASET}) and says so; the figures in the README
come from the 449-tool dev set: npm run eval ../shared/datasets/dev.jsonl

Options:
  --json     print the report as JSON
  --errors   also list every tool whose category or risk was wrong
  --summary OUT.json
             also write the headline figures (the catalogue site's methodology page shows them)
`;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function renderReport(report: EvaluationReport, file: string): string {
  const categories = CategorySchema.options;
  const matrix = renderTable(
    ['expected \\ predicted', ...categories, 'recall'],
    categories.map((expected) => [expected, ...categories.map((predicted) => String(report.confusion[expected][predicted])), percent(report.perCategory[expected].recall)]),
  );
  const hint = ({ declared, agreeing }: { declared: number; agreeing: number }) => `${agreeing}/${declared} (${percent(declared ? agreeing / declared : 0)})`;
  return [
    `Evaluated ${report.total} tools from ${file}`,
    '',
    `category accuracy      ${report.categoryAccuracy.toFixed(3)}`,
    `macro-F1               ${report.macroF1.toFixed(3)}`,
    `risk exact             ${report.riskExact.toFixed(3)}`,
    `risk within one        ${report.riskWithinOne.toFixed(3)}`,
    `unsafe-miss rate       ${percent(report.unsafeMissRate)} of ${report.unsafeTotal} execute/destructive/financial tools`,
    `readOnlyHint agrees    ${hint(report.readOnlyHint)}`,
    `destructiveHint agrees ${hint(report.destructiveHint)}`,
    '',
    'Confusion matrix (rows: labelled, columns: assessed):',
    matrix,
    '',
  ].join('\n');
}

export const evalCommand: Command = {
  name: 'eval',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('eval', argv, { json: { type: 'boolean' }, errors: { type: 'boolean' }, summary: { type: 'string' } });
    const file = positionals[0] ?? join(projectRoot, SAMPLE_DATASET);
    const shownFile = positionals[0] ?? SAMPLE_DATASET;
    if (positionals[0] === undefined) {
      io.stderr.write(`mcp-risk eval: no FILE given, so scoring the labelled sample shipped with mcp-risk (${SAMPLE_DATASET}); pass a JSON Lines file of your own labelled tools to score those.\n`);
    }
    const lines = parseJsonLines(await readTextInput(file, io), LabelledToolSchema);
    const bad = lines.filter((line) => !line.ok);
    for (const line of bad) if (!line.ok) io.stderr.write(`${file} line ${line.lineNumber}: ${line.error}\n`);

    const rows = lines.flatMap((line) => (line.ok ? [line.value] : []));
    if (rows.length === 0) throw new McpRiskError('input', `expected labelled tools in ${file}, found none.`);
    const scored = rows.map((row) => ({ row, assessment: classifyTool(row) }));
    const report = evaluate(scored.map(({ row, assessment }) => ({
      expected: { category: row.category, risk: row.risk, acceptableRisks: row.risk_ok ?? [row.risk] },
      predicted: assessment,
      declared: row.annotations,
    })));

    io.stdout.write(values.json ? `${JSON.stringify({ dataset: shownFile, ...report }, null, 2)}\n` : renderReport(report, positionals[0] === undefined ? `${SAMPLE_DATASET} (the labelled sample shipped with mcp-risk)` : file));
    if (values.summary) {
      const { total, categoryAccuracy, macroF1, riskExact, riskWithinOne, unsafeMissRate } = report;
      const summary = { command: 'npm run eval', dataset: basename(shownFile), classifierVersion: CLASSIFIER_VERSION, total, categoryAccuracy, macroF1, riskExact, riskWithinOne, unsafeMissRate };
      await writeFileAtomic(resolve(io.cwd, values.summary), `${JSON.stringify(summary, null, 2)}\n`);
    }
    if (values.errors) {
      for (const { row, assessment } of scored) {
        const riskOk = (row.risk_ok ?? [row.risk]).includes(assessment.risk);
        if (row.category === assessment.category && riskOk) continue;
        const why = assessment.signals.slice(0, 4).map((signal) => `${signal.id}[${signal.evidence}]`).join(' ');
        io.stdout.write(`${row.id ?? ''} ${row.name}: labelled ${row.category}/${row.risk}, got ${assessment.category}/${assessment.risk} — ${why}\n    ${(row.description ?? '').slice(0, 160).replace(/\s+/g, ' ')}\n`);
      }
    }
    return bad.length ? EXIT_FAILURE : EXIT_OK;
  },
};
