// Joins two annotators' independent labels of data/labelled/gathered.jsonl into data/labelled/labelled.jsonl.
//   tsx scripts/merge-labels.ts data/labelled/annotators/a.jsonl data/labelled/annotators/b.jsonl [--out data/labelled/labelled.jsonl]
// A tool whose two categories differ is left out (the dataset README's rule). The kept risk is the one both gave,
// else the higher (the fail-safe side); risk_ok holds both annotators' levels when they are adjacent. Prints the
// agreement figures that data/labelled/README.md quotes.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GatheredToolSchema } from '../schemas/gathered-tool.ts';
import { GATHERED_FILE } from './gather-labelled.ts';

const RISKS = ['low', 'medium', 'high', 'critical'] as const;
const LabelSchema = z.object({
  id: z.string(),
  category: z.enum(['read', 'write', 'execute', 'destructive', 'financial']),
  risk: z.enum(RISKS),
  risk_ok: z.array(z.enum(RISKS)).min(1),
  sure: z.boolean(),
});
type Label = z.infer<typeof LabelSchema>;

function readJsonLines<T>(file: string, schema: z.ZodType<T>): T[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line, index) => {
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${file}:${index + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

const level = (risk: Label['risk']) => RISKS.indexOf(risk);

/** The joined risk: agreed, or the higher of two; acceptable levels are both annotators' when they are adjacent. */
export function joinRisk(a: Label, b: Label): { risk: Label['risk']; risk_ok: Label['risk'][] } {
  const risk = level(a.risk) >= level(b.risk) ? a.risk : b.risk;
  const union = [...new Set([...a.risk_ok, ...b.risk_ok])].sort((x, y) => level(x) - level(y));
  const adjacent = level(union.at(-1)!) - level(union[0]!) <= 1;
  const risk_ok = adjacent && union.includes(risk) ? union : [...new Set([a.risk, b.risk])].sort((x, y) => level(x) - level(y));
  return { risk, risk_ok };
}

function main(): void {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: 'data/labelled/labelled.jsonl' } } });
  const [fileA, fileB] = positionals;
  if (!fileA || !fileB) throw new Error('usage: tsx scripts/merge-labels.ts A.jsonl B.jsonl [--out FILE]');
  const tools = readJsonLines(GATHERED_FILE, GatheredToolSchema);
  const byId = (labels: Label[]) => new Map(labels.map((label) => [label.id, label]));
  const a = byId(readJsonLines(fileA, LabelSchema));
  const b = byId(readJsonLines(fileB, LabelSchema));
  let both = 0, sameCategory = 0, sameRisk = 0, overlappingRisk = 0;
  const rows: string[] = [];
  const counts: Record<string, number> = {};
  for (const tool of tools) {
    const first = a.get(tool.id);
    const second = b.get(tool.id);
    if (!first || !second) continue;
    both++;
    if (first.risk === second.risk) sameRisk++;
    if (first.risk_ok.some((risk) => second.risk_ok.includes(risk))) overlappingRisk++;
    if (first.category !== second.category) continue;
    sameCategory++;
    counts[first.category] = (counts[first.category] ?? 0) + 1;
    rows.push(JSON.stringify({ ...tool, category: first.category, ...joinRisk(first, second), sure: first.sure && second.sure }));
  }
  writeFileSync(values.out, `${rows.join('\n')}\n`);
  const percent = (part: number) => `${((100 * part) / Math.max(both, 1)).toFixed(1)}%`;
  console.log(`labelled by both: ${both} of ${tools.length} tools`);
  console.log(`same category: ${sameCategory} (${percent(sameCategory)}); ${both - sameCategory} left out`);
  console.log(`same risk: ${sameRisk} (${percent(sameRisk)}); acceptable risks overlap: ${overlappingRisk} (${percent(overlappingRisk)})`);
  console.log(`kept: ${rows.length} tools in ${values.out}; ${Object.entries(counts).map(([category, count]) => `${category} ${count}`).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
