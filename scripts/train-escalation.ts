// npx tsx scripts/train-escalation.ts — trains the learned escalation (classifier/escalation.ts) and writes
// classifier/escalation-model.ts. Data: ../shared/datasets/dev.jsonl and dev4.jsonl (or MCP_RISK_DATASETS),
// leaving out every server in data/labelled/first-look-servers.txt (the set-aside first look) and never reading
// data/labelled/*.jsonl. A binary logistic regression (dangerous = execute, destructive, financial) over TF-IDF,
// trained by full-batch gradient descent; the L2 strength and the threshold are chosen on 5 server-grouped folds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyServerByRules } from '../classifier/classify.ts';
import { tfidfVector, termCounts, type EscalationModel } from '../classifier/escalation.ts';
import { splitByServer } from '../classifier/folds.ts';
import { recommendPolicy } from '../policy/recommend.ts';
import type { PolicyInput } from '../policy/policy-input.ts';
import type { Assessment } from '../schemas/assessment.ts';
import { ClassifierInputSchema, type ClassifierInput } from '../schemas/tool.ts';
import { CLASSIFIER_VERSION } from '../classifier/version.ts';

const DATA_DIR = process.env.MCP_RISK_DATASETS ?? join('..', '..', 'shared', 'datasets');
const FILES = ['dev.jsonl', 'dev4.jsonl'];
const SET_ASIDE = 'data/labelled/first-look-servers.txt';
const OUT = 'classifier/escalation-model.ts';
const FOLDS = 5;
const KEEP_FEATURES = 3000;
const MIN_DOCUMENTS = 2;
const EPOCHS = 1500;
const LEARNING_RATE = 8;
const LAMBDAS = [1e-5, 1e-4, 1e-3];
const THRESHOLDS = Array.from({ length: 36 }, (_, index) => 0.1 + index * 0.025);
/** The share of held-out safe tools the model alone may flag: the friction the escalation may add at most. */
const FALSE_ALARM_CEILING = 0.035;
const DANGEROUS = new Set(['execute', 'destructive', 'financial']);

interface Row { server: string; tool: ClassifierInput; dangerous: boolean; rules: Assessment; allowedByRules: boolean; counts: Map<string, number> }

const setAside = new Set(readFileSync(SET_ASIDE, 'utf8').split('\n').map((line) => line.trim()).filter(Boolean));

function readRows(): { server: string; tool: ClassifierInput; category: string; annotations: ClassifierInput['annotations'] }[] {
  const rows = [];
  for (const file of FILES) {
    for (const line of readFileSync(join(DATA_DIR, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const raw = JSON.parse(line) as { server?: string; category?: string };
      if (!raw.server || setAside.has(raw.server) || !raw.category) continue; // the set-aside servers are never used
      const parsed = ClassifierInputSchema.safeParse(raw);
      if (parsed.success) rows.push({ server: `${file}:${raw.server}`, tool: parsed.data, category: raw.category, annotations: parsed.data.annotations });
    }
  }
  return rows;
}

/** The rules' verdicts, per server, and whether the default policy would let an agent call each tool unasked. */
function withRules(raw: ReturnType<typeof readRows>): Row[] {
  const byServer = new Map<string, typeof raw>();
  for (const row of raw) byServer.set(row.server, [...(byServer.get(row.server) ?? []), row]);
  const rows: Row[] = [];
  for (const group of byServer.values()) {
    const assessments = classifyServerByRules(group.map((row) => row.tool));
    const input: PolicyInput = {
      server: { name: 'train', key: 'train', target: 'train', assessedAt: '1970-01-01T00:00:00.000Z' },
      classifierVersion: CLASSIFIER_VERSION,
      tools: group.map((row, index) => ({ name: `t${index}`, pin: '0'.repeat(64), ...(row.annotations && { annotations: row.annotations }), assessment: assessments[index]! })),
      gaps: { status: 'ok', detail: '', truncatedTools: false, malformedTools: 0 },
    };
    const actions = new Map(recommendPolicy(input).tools.map((tool) => [tool.name, tool.action]));
    group.forEach((row, index) => rows.push({ server: row.server, tool: row.tool, dangerous: DANGEROUS.has(row.category), rules: assessments[index]!, allowedByRules: actions.get(`t${index}`) === 'allow', counts: termCounts(row.tool) }));
  }
  return rows;
}

function idfTable(rows: readonly Row[], allowed?: ReadonlySet<string>): Map<string, number> {
  const documents = new Map<string, number>();
  for (const row of rows) for (const term of row.counts.keys()) if (!allowed || allowed.has(term)) documents.set(term, (documents.get(term) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [term, count] of documents) if (count >= MIN_DOCUMENTS) idf.set(term, Math.log((rows.length + 1) / (count + 1)) + 1);
  return idf;
}

/** Full-batch gradient descent on the L2-regularised log loss; starts from zero, so it is deterministic. */
function trainWeights(vectors: readonly Map<string, number>[], labels: readonly boolean[], lambda: number): { bias: number; weights: Map<string, number> } {
  const index = new Map<string, number>();
  for (const vector of vectors) for (const term of vector.keys()) if (!index.has(term)) index.set(term, index.size);
  const sparse = vectors.map((vector) => ({ terms: Int32Array.from([...vector.keys()].map((term) => index.get(term)!)), values: Float64Array.from(vector.values()) }));
  const weights = new Float64Array(index.size);
  const gradient = new Float64Array(index.size);
  let bias = 0;
  const count = vectors.length;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    gradient.fill(0);
    let biasGradient = 0;
    sparse.forEach(({ terms, values }, row) => {
      let logit = bias;
      for (let at = 0; at < terms.length; at++) logit += values[at]! * weights[terms[at]!]!;
      const error = 1 / (1 + Math.exp(-logit)) - (labels[row] ? 1 : 0);
      biasGradient += error;
      for (let at = 0; at < terms.length; at++) gradient[terms[at]!]! += error * values[at]!;
    });
    bias -= (LEARNING_RATE * biasGradient) / count;
    for (let term = 0; term < weights.length; term++) weights[term]! -= LEARNING_RATE * (gradient[term]! / count + lambda * weights[term]!);
  }
  return { bias, weights: new Map([...index].map(([term, at]) => [term, weights[at]!])) };
}

/** Trains on the rows, keeps the KEEP_FEATURES heaviest terms and trains again over only those (as shipped). */
function fit(rows: readonly Row[], lambda: number): EscalationModel {
  const labels = rows.map((row) => row.dangerous);
  const firstIdf = idfTable(rows);
  const first = trainWeights(rows.map((row) => tfidfVector(row.counts, (term) => firstIdf.get(term))), labels, lambda);
  const kept = new Set([...first.weights].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, KEEP_FEATURES).map(([term]) => term));
  const idf = idfTable(rows, kept);
  const { bias, weights } = trainWeights(rows.map((row) => tfidfVector(row.counts, (term) => idf.get(term))), labels, lambda);
  const terms: Record<string, readonly [number, number]> = {};
  for (const term of [...idf.keys()].sort()) terms[term] = [round(idf.get(term)!), round(weights.get(term) ?? 0)];
  return { provenance: '', threshold: 0.5, bias: round(bias), terms };
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

function probability(model: EscalationModel, row: Row): number {
  let logit = model.bias;
  for (const [term, value] of tfidfVector(row.counts, (term) => model.terms[term]?.[0])) logit += value * model.terms[term]![1];
  return 1 / (1 + Math.exp(-logit));
}

interface Figures { unsafeAllow: number; friction: number; escalated: number; dangerous: number; safe: number }

/** Unsafe-allow and friction with the escalation at a threshold: an escalated read or write tool is asked about. */
function figures(scored: readonly { row: Row; p: number }[], threshold: number): Figures {
  let dangerous = 0, allowed = 0, safe = 0, stopped = 0, escalated = 0;
  for (const { row, p } of scored) {
    const escalates = (row.rules.category === 'read' || row.rules.category === 'write') && p >= threshold;
    if (escalates) escalated++;
    const allowedUnasked = row.allowedByRules && !escalates;
    if (row.dangerous) { dangerous++; if (allowedUnasked) allowed++; } else { safe++; if (!allowedUnasked) stopped++; }
  }
  return { unsafeAllow: allowed / dangerous, friction: stopped / safe, escalated, dangerous, safe };
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

const rows = withRules(readRows());
console.log(`training rows: ${rows.length} from ${new Set(rows.map((row) => row.server)).size} servers (${rows.filter((row) => row.dangerous).length} dangerous); ${setAside.size} set-aside servers left out`);
const folds = splitByServer(rows, FOLDS);
const baseline = figures(rows.map((row) => ({ row, p: 0 })), 2);
console.log(`rules alone (in-sample for rules): unsafe-allow ${pct(baseline.unsafeAllow)}, friction ${pct(baseline.friction)}`);
/**
 * The rules are in-sample on these rows (they were written reading them), so their misses here say little.
 * The setting is chosen on the model alone: on held-out servers, the threshold whose false alarms on safe tools
 * stay under FALSE_ALARM_CEILING, and the L2 strength whose dangerous tools are then caught most.
 */
let best: { lambda: number; threshold: number; recall: number; falseAlarms: number; result: Figures } | undefined;
for (const lambda of LAMBDAS) {
  const scored = folds.flatMap((held, index) => {
    const model = fit(folds.filter((_, other) => other !== index).flat(), lambda);
    return held.map((row) => ({ row, p: probability(model, row) }));
  });
  const dangerous = scored.filter(({ row }) => row.dangerous);
  const safe = scored.filter(({ row }) => !row.dangerous);
  const threshold = THRESHOLDS.find((candidate) => safe.filter(({ p }) => p >= candidate).length / safe.length <= FALSE_ALARM_CEILING) ?? 1;
  const recall = dangerous.filter(({ p }) => p >= threshold).length / dangerous.length;
  const falseAlarms = safe.filter(({ p }) => p >= threshold).length / safe.length;
  const result = figures(scored, threshold);
  console.log(`lambda ${lambda}: threshold ${threshold.toFixed(3)}, held-out model alone: dangerous caught ${pct(recall)}, safe flagged ${pct(falseAlarms)}; with the rules (in-sample for rules): unsafe-allow ${pct(result.unsafeAllow)}, friction ${pct(result.friction)}`);
  if (!best || recall > best.recall) best = { lambda, threshold, recall, falseAlarms, result };
}
const chosen = best!;
console.log(`chosen on ${FOLDS} server-grouped folds: lambda ${chosen.lambda}, threshold ${chosen.threshold.toFixed(3)}`);

const model = fit(rows, chosen.lambda);
const date = new Date().toISOString().slice(0, 10);
model.threshold = round(chosen.threshold);
model.provenance = `Trained ${date} by \`npx tsx scripts/train-escalation.ts\` on ${FILES.join(' + ')} (${rows.length} tools, ${new Set(rows.map((row) => row.server)).size} servers) without the servers in ${SET_ASIDE}; binary logistic regression (dangerous = execute|destructive|financial) over TF-IDF, L2 ${chosen.lambda}, ${EPOCHS} epochs of full-batch gradient descent from zero, top ${KEEP_FEATURES} terms; threshold chosen on ${FOLDS} server-grouped folds, where the model alone caught ${pct(chosen.recall)} of held-out dangerous tools and flagged ${pct(chosen.falseAlarms)} of safe ones; with the rules (in-sample for rules) unsafe-allow ${pct(baseline.unsafeAllow)} → ${pct(chosen.result.unsafeAllow)}, friction ${pct(baseline.friction)} → ${pct(chosen.result.friction)}.`;
const header = `// Generated by \`npx tsx scripts/train-escalation.ts\`; do not edit by hand. The model is the JSON below.\n// ${model.provenance}\nimport type { EscalationModel } from './escalation.ts';\n\n`;
const body = JSON.stringify({ provenance: model.provenance, threshold: model.threshold, bias: model.bias, terms: {} }, null, 1).replace('"terms": {}', `"terms": {\n${Object.entries(model.terms).map(([term, pair]) => `  ${JSON.stringify(term)}: [${pair[0]}, ${pair[1]}]`).join(',\n')}\n }`);
writeFileSync(OUT, `${header}export const ESCALATION_MODEL: EscalationModel = ${body};\n`);
console.log(`wrote ${OUT}: ${Object.keys(model.terms).length} terms`);
