// npm run bench:classify [FILE] — classifies 200,000 tool definitions made by varying real rows
// (default ../shared/datasets/dev.jsonl, else the bundled examples) and prints tools/second and peak memory.
import { readFile } from 'node:fs/promises';
import { classifyTool } from '../classifier/classify.ts';
import { ClassifierInputSchema, type ClassifierInput } from '../schemas/tool.ts';

const TOTAL = 200_000;
const ROUNDS = 5;

async function loadSeeds(): Promise<{ file: string; tools: ClassifierInput[] }> {
  const candidates = [process.argv[2], '../shared/datasets/dev.jsonl', 'examples/sample-tools.jsonl'].filter((file): file is string => Boolean(file));
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const tools = text.split('\n').filter(Boolean).flatMap((line) => {
      const parsed = ClassifierInputSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    });
    return { file, tools };
  }
  throw new Error('no seed file found');
}

const PREFIXES = ['', 'acme_', 'v2_', 'my-', 'tool.', 'srv_'];
const WORDS = ['quickly', 'project', 'resource', 'workspace', 'item', 'record', 'account', 'region'];

/** A deterministic variation of a seed tool: renamed in another style, with words added and sentences reordered. */
function vary(seed: ClassifierInput, index: number): ClassifierInput {
  const style = index % 3;
  const base = seed.name.replace(/[-.]/g, '_');
  const name = `${PREFIXES[index % PREFIXES.length]}${style === 0 ? base : style === 1 ? base.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) : base.replace(/_/g, '-')}${index % 7 === 0 ? `_${WORDS[index % WORDS.length]}` : ''}`;
  const sentences = (seed.description ?? '').split('. ');
  const description = index % 2 === 0 ? sentences.join('. ') : [...sentences.slice(1), sentences[0]].join('. ');
  return { ...seed, name, description: `${description} ${WORDS[(index * 7) % WORDS.length]} ${index % 1000}.` };
}

const { file, tools: seeds } = await loadSeeds();
const tools = Array.from({ length: TOTAL }, (_, index) => vary(seeds[index % seeds.length]!, index));
const perRound = TOTAL / ROUNDS;
const rates: number[] = [];
let checksum = 0;
const started = performance.now();
for (let round = 0; round < ROUNDS; round++) {
  const roundStart = performance.now();
  for (let index = round * perRound; index < (round + 1) * perRound; index++) checksum += classifyTool(tools[index]!).score;
  rates.push(perRound / ((performance.now() - roundStart) / 1000));
}
const seconds = (performance.now() - started) / 1000;
const median = [...rates].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
const peakMiB = process.resourceUsage().maxRSS / 1024;

console.log(`classified ${TOTAL.toLocaleString('en')} tools (varied from ${seeds.length} rows of ${file}) in ${seconds.toFixed(2)} s`);
console.log(`tools/second: median ${Math.round(median).toLocaleString('en')} over ${ROUNDS} rounds of ${perRound.toLocaleString('en')} (min ${Math.round(Math.min(...rates)).toLocaleString('en')}, max ${Math.round(Math.max(...rates)).toLocaleString('en')})`);
console.log(`peak memory (max RSS): ${peakMiB.toFixed(0)} MiB`);
console.log(`checksum ${checksum}`);
