// npm run bench:cli — how long `mcp-risk` takes to start: the medians of `mcp-risk --help` and of
// `classify` of one tool, beside a bare `node -e 0` measured in the same run (so a loaded machine shows
// as a slow baseline, not as a slow CLI). Targets: --help ≤ 0.15 s, classify ≤ 0.3 s.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.env.ROUNDS ?? 11);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = fileURLToPath(new URL('../bin/mcp-risk.js', import.meta.url));
const tool = `${JSON.stringify({ name: 'delete_repository', description: 'Delete a GitHub repository' })}\n`;

interface Case {
  label: string;
  args: string[];
  input?: string;
  targetSeconds?: number;
}

const cases: Case[] = [
  { label: 'node -e 0', args: ['-e', '0'] },
  { label: 'mcp-risk --help', args: [bin, '--help'], targetSeconds: 0.15 },
  { label: 'mcp-risk classify (1 tool)', args: [bin, 'classify'], input: tool, targetSeconds: 0.3 },
];

function timeOnce(entry: Case): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, entry.args, { cwd: root, input: entry.input ?? '', encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${entry.label} exited ${result.status}: ${result.stderr}`);
  if (result.stderr.includes('warning:')) throw new Error(`${entry.label} warned: ${result.stderr.trim()}\nRun \`npm run build\` first: the bench measures the compiled CLI.`);
  return seconds;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

// Interleaved rounds, so a burst of load elsewhere hits every case alike.
const samples = new Map(cases.map((entry) => [entry.label, [] as number[]]));
for (const entry of cases) timeOnce(entry); // warm the file cache
for (let round = 0; round < ROUNDS; round++) for (const entry of cases) samples.get(entry.label)!.push(timeOnce(entry));

const baseline = median(samples.get('node -e 0')!);
console.log(`median of ${ROUNDS} runs each (Node ${process.version}):`);
for (const entry of cases) {
  const value = median(samples.get(entry.label)!);
  const overhead = entry === cases[0] ? '' : `  (+${(value - baseline).toFixed(3)} s over node -e 0)`;
  const target = entry.targetSeconds === undefined ? '' : `  target ≤ ${entry.targetSeconds} s: ${value <= entry.targetSeconds ? 'met' : value - baseline <= entry.targetSeconds ? 'met above the baseline only' : 'missed'}`;
  console.log(`  ${entry.label.padEnd(28)} ${value.toFixed(3)} s${overhead}${target}`);
}
