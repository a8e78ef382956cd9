import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { projectRoot } from '../../core/project-root.ts';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { CLASSIFIER_VERSION } from '../../classifier/version.ts';
import { classifyTool } from '../../classifier/classify.ts';
import { evaluate, type EvaluationReport, type LabelledResult } from '../../classifier/evaluate.ts';
import { splitByServer } from '../../classifier/folds.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { CategorySchema, RiskSchema, type Assessment } from '../../schemas/assessment.ts';
import type { ScanRecord } from '../../schemas/scan-record.ts';
import { ClassifierInputSchema } from '../../schemas/tool.ts';
import type { ClassifierEvaluation } from '../../schemas/classifier-evaluation.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';
import { countOf, renderTable } from '../../core/terminal-text.ts';

/** A labelled row, as in the datasets' README: a tool plus `category`, `risk` and `risk_ok`. */
const LabelledToolSchema = ClassifierInputSchema.extend({
  id: z.union([z.string(), z.number()]).optional(),
  server: z.string().optional(),
  category: CategorySchema,
  risk: RiskSchema,
  risk_ok: z.array(RiskSchema).optional(),
});
type LabelledTool = z.infer<typeof LabelledToolSchema>;

/** The development dataset, kept beside the project (not in it) on the machines that have it. */
const DEV_DATASET = '../shared/datasets/dev.jsonl';
/** The labelled sample shipped with the project: tools written for it, labelled by the taxonomy. */
const SAMPLE_DATASET = 'examples/labelled-tools.jsonl';

const usage = `Usage: mcp-risk eval [FILE] [--folds N] [--json] [--errors] [--summary OUT.json]

Scores the classifier against labelled tools (JSON Lines with "category", "risk" and optionally
"risk_ok" and "server") and prints category accuracy, macro-F1, the confusion matrix, per-category
precision and recall, risk within the accepted set, the unsafe-miss rate, the unsafe-allow rate
(execute, destructive and financial tools the default policy lets an agent call with no person
asked) and agreement with declared hints. Without FILE it scores the development dataset kept
beside the project (${DEV_DATASET}) when it is there, else the small labelled sample shipped with
mcp-risk (${SAMPLE_DATASET}), and says which.

Options:
  --folds N  split the rows by server into N folds and score each fold with only the other folds
             available for training (the rules learn nothing, so this matters once a learned part
             exists); figures are pooled over the folds. Rows need a "server" field.
  --json     print the report as JSON
  --errors   also list every tool whose category or risk was wrong
  --summary OUT.json
             also write the headline figures (the catalogue site's methodology page shows them)
`;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** "3/4 (75.0%)": how many tools that declare a hint agree with the assessment; "n/a" when none declares it. */
export function describeHintAgreement({ declared, agreeing }: { declared: number; agreeing: number }): string {
  return `${agreeing}/${declared} (${declared ? percent(agreeing / declared) : 'n/a'})`;
}

function renderReport(report: EvaluationReport, measuredOn: string, perFold: EvaluationReport[]): string {
  const categories = CategorySchema.options;
  const matrix = renderTable(
    ['labelled \\ assessed', ...categories, 'recall'],
    categories.map((expected) => [expected, ...categories.map((predicted) => String(report.confusion[expected][predicted])), percent(report.perCategory[expected].recall)]),
  );
  const precision = renderTable(
    ['category', 'precision', 'recall', 'support'],
    categories.map((category) => [category, percent(report.perCategory[category].precision), percent(report.perCategory[category].recall), String(report.perCategory[category].support)]),
  );
  const hint = describeHintAgreement;
  const folds = perFold.length
    ? ['', 'Per fold (category accuracy, unsafe-miss, unsafe-allow):', ...perFold.map((fold, index) => `  fold ${index + 1}: ${fold.total} tools  ${fold.categoryAccuracy.toFixed(3)}  ${percent(fold.unsafeMissRate)} of ${fold.unsafeTotal}  ${percent(fold.unsafeAllowRate)}`)]
    : [];
  return [
    `Measured on ${measuredOn}`,
    '',
    `category accuracy      ${report.categoryAccuracy.toFixed(3)}`,
    `macro-F1               ${report.macroF1.toFixed(3)}`,
    `risk in accepted set   ${report.riskAccepted.toFixed(3)}`,
    `risk within one level  ${report.riskWithinOne.toFixed(3)}`,
    `unsafe-miss rate       ${percent(report.unsafeMissRate)} of ${report.unsafeTotal} execute/destructive/financial tools (assessed read or write)`,
    `unsafe-allow rate      ${percent(report.unsafeAllowRate)} of ${report.unsafeTotal} (the default policy allows them with no person asked)`,
    `readOnlyHint agrees    ${hint(report.readOnlyHint)}`,
    `destructiveHint agrees ${hint(report.destructiveHint)}`,
    ...folds,
    '',
    'Confusion matrix (rows: labelled, columns: assessed):',
    matrix,
    '',
    precision,
    '',
  ].join('\n');
}

/** A scan record holding just these tools, so the default policy can be asked about them. */
function recordOf(tools: { key: string; assessment: Assessment; annotations: LabelledTool['annotations'] }[]): ScanRecord {
  return {
    schemaVersion: 1, target: 'eval', targetKind: 'command', scannerVersion: 'eval', classifierVersion: CLASSIFIER_VERSION, scannedAt: '1970-01-01T00:00:00.000Z',
    sandbox: { backend: 'none', limits: { startTimeoutMs: 1, requestTimeoutMs: 1, memoryBytes: 1, maxProcesses: 1, maxMessageBytes: 1, maxStdoutBytes: 1, maxPages: 1, maxItems: 1 } },
    limitsHit: [], timings: { totalMs: 0 }, status: 'ok', detail: '', environment: [], prompts: [], resources: [], malformed: [], truncated: [],
    // The declared hints go along: the default policy never allows unasked what the server declares destructive.
    tools: tools.map(({ key, assessment, annotations }) => ({ name: key, inputSchema: { type: 'object' }, pin: '0'.repeat(64), ...(annotations && { annotations }), assessment })),
  };
}

interface Scored {
  row: LabelledTool;
  assessment: Assessment;
  allowedUnasked: boolean;
}

/** Classifies rows and asks the default policy which of them an agent could call unasked. */
function scoreRows(rows: readonly LabelledTool[]): Scored[] {
  const assessed = rows.map((row, index) => ({ row, key: `t${index}`, assessment: classifyTool(row), annotations: row.annotations }));
  const actions = new Map(recommendPolicy(recordOf(assessed)).tools.map((tool) => [tool.name, tool.action]));
  return assessed.map(({ row, key, assessment }) => ({ row, assessment, allowedUnasked: actions.get(key) === 'allow' }));
}

function toResults(scored: readonly Scored[]): LabelledResult[] {
  return scored.map(({ row, assessment, allowedUnasked }) => ({
    expected: { category: row.category, risk: row.risk, acceptableRisks: row.risk_ok ?? [row.risk] },
    predicted: assessment,
    declared: row.annotations,
    allowedUnasked,
  }));
}

/** The dataset scored when no FILE is given: the development set where it sits beside the project, else the shipped sample. */
export function defaultDataset(root: string): string {
  return existsSync(join(root, DEV_DATASET)) ? DEV_DATASET : SAMPLE_DATASET;
}

export const evalCommand: Command = {
  name: 'eval',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('eval', argv, { json: { type: 'boolean' }, errors: { type: 'boolean' }, summary: { type: 'string' }, folds: { type: 'string' } });
    const shownFile = positionals[0] ?? defaultDataset(projectRoot);
    const file = positionals[0] ?? join(projectRoot, shownFile);
    if (positionals[0] === undefined) {
      io.stderr.write(shownFile === DEV_DATASET
        ? `mcp-risk eval: no FILE given, so scoring the development dataset ${DEV_DATASET}.\n`
        : `mcp-risk eval: no FILE given and no ${DEV_DATASET} beside the project, so scoring the labelled sample shipped with mcp-risk (${SAMPLE_DATASET}); pass a JSON Lines file of your own labelled tools to score those.\n`);
    }
    const foldCount = values.folds === undefined ? 0 : Number(values.folds);
    if (values.folds !== undefined && !(Number.isInteger(foldCount) && foldCount >= 2)) throw new McpRiskError('usage', `eval: expected --folds to be a whole number of at least 2, got "${values.folds}".`);
    const lines = parseJsonLines(await readTextInput(file, io), LabelledToolSchema);
    const bad = lines.filter((line) => !line.ok);
    for (const line of bad) if (!line.ok) io.stderr.write(`${file} line ${line.lineNumber}: ${line.error}\n`);

    const rows = lines.flatMap((line) => (line.ok ? [line.value] : []));
    if (rows.length === 0) throw new McpRiskError('input', `expected labelled tools in ${file}, found none.`);
    const servers = new Set(rows.map((row) => row.server));
    let scored: Scored[];
    let perFold: EvaluationReport[] = [];
    if (foldCount) {
      const withServer = rows.filter((row): row is LabelledTool & { server: string } => typeof row.server === 'string');
      if (withServer.length < rows.length) throw new McpRiskError('input', `eval --folds: expected every row of ${file} to name its "server", ${rows.length - withServer.length} do not.`);
      // The classifier has no learned part: each fold is scored by the rules alone, trained on nothing.
      const folds = splitByServer(withServer, foldCount).map((fold) => scoreRows(fold));
      perFold = folds.map((fold) => evaluate(toResults(fold)));
      scored = folds.flat();
    } else {
      scored = scoreRows(rows);
    }
    const report = evaluate(toResults(scored));
    const measuredOn = foldCount
      ? `${foldCount} folds by server, ${report.total.toLocaleString('en')} tools of ${basename(file)} (${countOf(servers.size, 'server')}), pooled`
      : `all ${report.total.toLocaleString('en')} tools of ${basename(file)} (${countOf(servers.size, 'server')}), in-sample`;

    io.stdout.write(values.json ? `${JSON.stringify({ measuredOn, ...report, ...(perFold.length && { perFold }) }, null, 2)}\n` : renderReport(report, measuredOn, perFold));
    if (values.summary) {
      const { total, categoryAccuracy, macroF1, riskAccepted, riskWithinOne, unsafeMissRate, unsafeAllowRate, unsafeTotal, perCategory, confusion } = report;
      // The site parses this file with ClassifierEvaluationSchema; `satisfies` keeps the two in step.
      const summary: ClassifierEvaluation = {
        command: foldCount ? `npm run eval -- --folds ${foldCount}` : 'npm run eval',
        dataset: basename(shownFile),
        measuredOn,
        folds: foldCount,
        servers: servers.size,
        classifierVersion: CLASSIFIER_VERSION,
        total, categoryAccuracy, macroF1, riskAccepted, riskWithinOne, unsafeMissRate, unsafeAllowRate, unsafeTotal,
        perCategory: Object.fromEntries(Object.entries(perCategory).map(([category, { precision, recall, support }]) => [category, { precision, recall, support }])) as ClassifierEvaluation['perCategory'],
        confusion,
      };
      await writeFileAtomic(resolve(io.cwd, values.summary), `${JSON.stringify(summary, null, 2)}\n`);
    }
    if (values.errors) {
      for (const { row, assessment, allowedUnasked } of scored) {
        const riskOk = (row.risk_ok ?? [row.risk]).includes(assessment.risk);
        if (row.category === assessment.category && riskOk) continue;
        const why = assessment.signals.slice(0, 4).map((signal) => `${signal.id}[${signal.evidence}]`).join(' ');
        const flag = allowedUnasked && ['execute', 'destructive', 'financial'].includes(row.category) ? ' ALLOWED' : '';
        io.stdout.write(`${row.id ?? ''} ${row.name}: labelled ${row.category}/${row.risk}, got ${assessment.category}/${assessment.risk} c${assessment.confidence}${flag} — ${why}\n    ${(row.description ?? '').slice(0, 200).replace(/\s+/g, ' ')}\n`);
      }
    }
    return bad.length ? EXIT_FAILURE : EXIT_OK;
  },
};
