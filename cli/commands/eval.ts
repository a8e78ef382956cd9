import { basename, join, resolve } from 'node:path';
import { projectRoot } from '../../core/project-root.ts';
import { z } from 'zod';
import { writeFileAtomic } from '../../core/atomic-file.ts';
import { CLASSIFIER_VERSION } from '../../classifier/version.ts';
import { classifyServer } from '../../classifier/classify.ts';
import { evaluate, type EvaluationReport, type LabelledResult } from '../../classifier/evaluate.ts';
import { splitByServer } from '../../classifier/folds.ts';
import type { PolicyInput } from '../../policy/policy-input.ts';
import { recommendPolicy } from '../../policy/recommend.ts';
import { CategorySchema, RiskSchema, type Assessment } from '../../schemas/assessment.ts';
import { ClassifierInputSchema } from '../../schemas/tool.ts';
import type { ClassifierEvaluation } from '../../schemas/classifier-evaluation.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { parseJsonLines } from '../jsonl.ts';
import { readTextInput } from '../read-input.ts';
import { defaultDatasets, parseServerList, SAMPLE_DATASET } from './eval-datasets.ts';
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

const usage = `Usage: mcp-risk eval [FILE...] [--only-servers LIST] [--exclude-servers LIST] [--folds N] [--json] [--errors] [--summary OUT.json]

Scores the classifier against labelled tools (JSON Lines with "category", "risk" and optionally
"risk_ok" and "server") and prints, per file and pooled over the files: category accuracy, macro-F1,
per-category precision and recall, the confusion matrix, risk within the accepted set, the unsafe-miss
rate (execute, destructive and financial tools assessed read or write), the unsafe-allow rate (those
tools the default policy, with the server's declared hints, lets an agent call with no person asked),
the friction (read and write tools the default policy sends to a person) and agreement with declared
hints. Tools that share a "server" are classified together, as one server. Without FILE it scores the
development files kept beside the project (../shared/datasets/dev.jsonl and dev4.jsonl) and the project's
labelled set (data/labelled/labelled*.jsonl) when they are there, else the labelled sample shipped with mcp-risk
(${SAMPLE_DATASET}), and says which.

Options:
  --only-servers LIST     score only the servers named in LIST (one a line), e.g. the first look's
                          set-aside servers: --only-servers data/labelled/first-look-servers.txt
  --exclude-servers LIST  leave out the servers named in LIST (develop on the rest)
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
    ? ['', 'Per fold (category accuracy, unsafe-miss, unsafe-allow, friction):', ...perFold.map((fold, index) => `  fold ${index + 1}: ${countOf(fold.total, 'tool')}  ${fold.categoryAccuracy.toFixed(3)}  ${percent(fold.unsafeMissRate)} of ${fold.unsafeTotal}  ${percent(fold.unsafeAllowRate)}  ${percent(fold.frictionRate)}`)]
    : [];
  return [
    `Measured on ${measuredOn}`,
    '',
    `category accuracy      ${report.categoryAccuracy.toFixed(3)}`,
    `macro-F1               ${report.macroF1.toFixed(3)}`,
    `risk in accepted set   ${report.riskAccepted.toFixed(3)}`,
    `risk within one level  ${report.riskWithinOne.toFixed(3)}`,
    `unsafe-miss rate       ${percent(report.unsafeMissRate)} of ${report.unsafeTotal} execute/destructive/financial tools (assessed read or write)`,
    `unsafe-allow rate      ${percent(report.unsafeAllowRate)} of ${report.unsafeTotal} (the default policy, with declared hints, allows them with no person asked)`,
    `friction               ${percent(report.frictionRate)} of ${report.safeTotal} read/write tools (the default policy sends them to a person)`,
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

/** The policy's input for just these tools, so the default policy can be asked about them (they have no real pins). */
function policyInputOf(tools: { key: string; assessment: Assessment; annotations: LabelledTool['annotations'] }[]): PolicyInput {
  return {
    server: { name: 'eval', key: 'eval', target: 'eval', assessedAt: '1970-01-01T00:00:00.000Z' },
    classifierVersion: CLASSIFIER_VERSION,
    // The declared hints go along: the default policy never allows unasked what the server declares destructive.
    tools: tools.map(({ key, assessment, annotations }) => ({ name: key, pin: '0'.repeat(64), ...(annotations && { annotations }), assessment })),
    gaps: { status: 'ok', detail: '', truncatedTools: false, malformedTools: 0 },
  };
}

interface Scored {
  row: LabelledTool;
  assessment: Assessment;
  allowedUnasked: boolean;
}

/** Classifies rows and asks the default policy which of them an agent could call unasked. */
function scoreRows(rows: readonly LabelledTool[]): Scored[] {
  // Tools that share a server are classified together, as a scan of that server would be.
  const byServer = new Map<string, LabelledTool[]>();
  rows.forEach((row, index) => {
    const key = row.server ?? `\u0000${index}`;
    const group = byServer.get(key);
    if (group) group.push(row);
    else byServer.set(key, [row]);
  });
  const assessments = new Map<LabelledTool, Assessment>();
  for (const group of byServer.values()) classifyServer(group).forEach((assessment, index) => assessments.set(group[index]!, assessment));
  const assessed = rows.map((row, index) => ({ row, key: `t${index}`, assessment: assessments.get(row)!, annotations: row.annotations }));
  const actions = new Map(recommendPolicy(policyInputOf(assessed)).tools.map((tool) => [tool.name, tool.action]));
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

interface Dataset {
  /** As named on the command line, or relative to the project for the default files. */
  shown: string;
  rows: LabelledTool[];
}

async function readDataset(shown: string, path: string, io: Parameters<Command['run']>[1], keep: (row: LabelledTool) => boolean): Promise<{ dataset: Dataset; bad: number }> {
  const lines = parseJsonLines(await readTextInput(path, io), LabelledToolSchema);
  let bad = 0;
  for (const line of lines) {
    if (line.ok) continue;
    bad++;
    io.stderr.write(`${shown} line ${line.lineNumber}: ${line.error}\n`);
  }
  return { dataset: { shown, rows: lines.flatMap((line) => (line.ok && keep(line.value) ? [line.value] : [])) }, bad };
}

const serverCount = (rows: readonly LabelledTool[]) => new Set(rows.map((row) => row.server)).size;

function renderPerFile(reports: { shown: string; servers: number; report: EvaluationReport }[]): string {
  if (reports.length < 2) return '';
  return `${renderTable(
    ['file', 'tools', 'servers', 'category', 'macro-F1', 'risk ok', 'unsafe-miss', 'unsafe-allow', 'friction'],
    reports.map(({ shown, servers, report }) => [basename(shown), String(report.total), String(servers), report.categoryAccuracy.toFixed(3), report.macroF1.toFixed(3), report.riskAccepted.toFixed(3), `${percent(report.unsafeMissRate)} of ${report.unsafeTotal}`, `${percent(report.unsafeAllowRate)}`, `${percent(report.frictionRate)} of ${report.safeTotal}`]),
  )}\n\n`;
}

export const evalCommand: Command = {
  name: 'eval',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('eval', argv, {
      json: { type: 'boolean' }, errors: { type: 'boolean' }, summary: { type: 'string' }, folds: { type: 'string' }, 'only-servers': { type: 'string' }, 'exclude-servers': { type: 'string' },
    });
    const named = positionals.length > 0;
    const shownFiles = named ? positionals : defaultDatasets(projectRoot);
    if (!named) {
      io.stderr.write(shownFiles[0] === SAMPLE_DATASET
        ? `mcp-risk eval: no FILE given and no development files beside the project, so scoring the labelled sample shipped with mcp-risk (${SAMPLE_DATASET}); pass JSON Lines files of your own labelled tools to score those.\n`
        : `mcp-risk eval: no FILE given, so scoring the development files ${shownFiles.join(', ')}.\n`);
    }
    const foldCount = values.folds === undefined ? 0 : Number(values.folds);
    if (values.folds !== undefined && !(Number.isInteger(foldCount) && foldCount >= 2)) throw new McpRiskError('usage', `eval: expected --folds to be a whole number of at least 2, got "${values.folds}".`);
    const only = values['only-servers'] === undefined ? undefined : parseServerList(await readTextInput(values['only-servers'], io));
    const excluded = values['exclude-servers'] === undefined ? undefined : parseServerList(await readTextInput(values['exclude-servers'], io));
    const keep = (row: LabelledTool) => (!only || only.has(row.server ?? '')) && !excluded?.has(row.server ?? '');

    const datasets: Dataset[] = [];
    let bad = 0;
    for (const shown of shownFiles) {
      const read = await readDataset(shown, named ? shown : join(projectRoot, shown), io, keep);
      datasets.push(read.dataset);
      bad += read.bad;
    }
    const rows = datasets.flatMap((dataset) => dataset.rows);
    if (rows.length === 0) throw new McpRiskError('input', `expected labelled tools in ${shownFiles.join(', ')}${only || excluded ? ' (after the server filter)' : ''}, found none.`);
    const fileOf = new Map<LabelledTool, string>(datasets.flatMap((dataset) => dataset.rows.map((row) => [row, dataset.shown] as const)));
    let scored: Scored[];
    let perFold: EvaluationReport[] = [];
    if (foldCount) {
      const withServer = rows.filter((row): row is LabelledTool & { server: string } => typeof row.server === 'string');
      if (withServer.length < rows.length) throw new McpRiskError('input', `eval --folds: expected every row of ${shownFiles.join(', ')} to name its "server", ${rows.length - withServer.length} do not.`);
      // The classifier has no learned part: each fold is scored by the rules alone, trained on nothing.
      const folds = splitByServer(withServer, foldCount).map((fold) => scoreRows(fold));
      perFold = folds.map((fold) => evaluate(toResults(fold)));
      scored = folds.flat();
    } else {
      scored = datasets.flatMap((dataset) => scoreRows(dataset.rows));
    }
    const report = evaluate(toResults(scored));
    const perFile = datasets.map(({ shown, rows: fileRows }) => ({ shown, servers: serverCount(fileRows), report: evaluate(toResults(scored.filter((item) => fileOf.get(item.row) === shown))) }));
    const names = datasets.map((dataset) => basename(dataset.shown)).join(' + ');
    const filter = only ? `, only the ${only.size} servers of ${basename(values['only-servers']!)}` : excluded ? `, without the ${excluded.size} servers of ${basename(values['exclude-servers']!)}` : '';
    const measuredOn = foldCount
      ? `${countOf(foldCount, 'fold')} by server, ${report.total.toLocaleString('en')} tools of ${names}${filter} (${countOf(serverCount(rows), 'server')}), pooled`
      : `all ${report.total.toLocaleString('en')} tools of ${names}${filter} (${countOf(serverCount(rows), 'server')})`;

    io.stdout.write(values.json
      ? `${JSON.stringify({ measuredOn, ...report, ...(perFile.length > 1 && { perFile: perFile.map(({ shown, servers, report: fileReport }) => ({ file: shown, servers, ...fileReport })) }), ...(perFold.length && { perFold }) }, null, 2)}\n`
      : `${renderPerFile(perFile)}${renderReport(report, measuredOn, perFold)}`);
    if (values.summary) {
      const { total, categoryAccuracy, macroF1, riskAccepted, riskWithinOne, unsafeMissRate, unsafeAllowRate, unsafeTotal, frictionRate, safeTotal, perCategory, confusion } = report;
      const shownArgs = argv.filter((arg, index) => arg !== '--summary' && argv[index - 1] !== '--summary' && !arg.startsWith('--summary='));
      // The site parses this file with ClassifierEvaluationSchema; `satisfies` keeps the two in step.
      const summary: ClassifierEvaluation = {
        command: `npm run eval${shownArgs.length ? ` -- ${shownArgs.join(' ')}` : ''}`,
        dataset: names,
        measuredOn,
        folds: foldCount,
        servers: serverCount(rows),
        classifierVersion: CLASSIFIER_VERSION,
        total, categoryAccuracy, macroF1, riskAccepted, riskWithinOne, unsafeMissRate, unsafeAllowRate, unsafeTotal, frictionRate, safeTotal,
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
        const flag = allowedUnasked && ['execute', 'destructive', 'financial'].includes(row.category) ? ' ALLOWED' : !allowedUnasked && ['read', 'write'].includes(row.category) ? ' ASKED' : '';
        io.stdout.write(`${row.id ?? ''} ${row.name}: labelled ${row.category}/${row.risk}, got ${assessment.category}/${assessment.risk} c${assessment.confidence}${flag} — ${why}\n    ${(row.description ?? '').slice(0, 200).replace(/\s+/g, ' ')}\n`);
      }
    }
    return bad ? EXIT_FAILURE : EXIT_OK;
  },
};
