// What the guard adds to a call: throughput and latency of a trivial tool through the guard against the same
// server direct, measured in one run. Prints figures; not a test.   npm run bench:guard
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const server = fileURLToPath(new URL('../test/fixtures/servers/guard-bench.mjs', import.meta.url));
const bin = fileURLToPath(new URL('../bin/mcp-risk.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-bench-guard-'));

const WARMUP_CALLS = 1_000;
const ROUNDS = 10;
const CALLS_PER_ROUND = 500;
const THROUGHPUT_CALLS = 20_000;
const THROUGHPUT_ROUNDS = 4;
const CONCURRENCY = 32;

async function connect(command: string[]): Promise<Client> {
  const client = new Client({ name: 'bench-guard', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: command[0]!, args: command.slice(1), stderr: 'ignore' }));
  return client;
}

const call = (client: Client) => client.callTool({ name: 'echo', arguments: { message: 'hello' } });

async function sequential(client: Client, count: number, into: number[]): Promise<void> {
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await call(client);
    into.push(performance.now() - started);
  }
}

/** Seconds to make `count` calls with CONCURRENCY in flight. */
async function timeCalls(client: Client, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < count) await call(client);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (performance.now() - started) / 1000;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!;
}

const direct = await connect([process.execPath, server]);
const guarded = await connect([process.execPath, bin, 'guard', '--audit', join(scratch, 'audit.jsonl'), '--state', join(scratch, 'state.json'), '--', process.execPath, server]);
const listed = await guarded.listTools();
if (!listed.tools.some((tool) => tool.name === 'echo')) throw new Error('the guard did not list echo; the default policy must allow it');

await sequential(direct, WARMUP_CALLS, []);
await sequential(guarded, WARMUP_CALLS, []);
const directLatency: number[] = [];
const guardedLatency: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate, so drift in machine load touches both equally.
  await sequential(direct, CALLS_PER_ROUND, directLatency);
  await sequential(guarded, CALLS_PER_ROUND, guardedLatency);
}
let directSeconds = 0;
let guardedSeconds = 0;
for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
  directSeconds += await timeCalls(direct, THROUGHPUT_CALLS / THROUGHPUT_ROUNDS);
  guardedSeconds += await timeCalls(guarded, THROUGHPUT_CALLS / THROUGHPUT_ROUNDS);
}
const directRate = THROUGHPUT_CALLS / directSeconds;
const guardedRate = THROUGHPUT_CALLS / guardedSeconds;
await direct.close();
await guarded.close();
const audited = readFileSync(join(scratch, 'audit.jsonl'), 'utf8').split('\n').filter((line) => line.includes('"event":"call"')).length;
rmSync(scratch, { recursive: true, force: true });

const format = (ms: number) => `${ms.toFixed(3)} ms`;
const p50 = [percentile(directLatency, 0.5), percentile(guardedLatency, 0.5)] as const;
const p99 = [percentile(directLatency, 0.99), percentile(guardedLatency, 0.99)] as const;
console.log(`guard bench: trivial tool (echo), ${ROUNDS * CALLS_PER_ROUND} sequential calls each way, ${THROUGHPUT_CALLS} calls at concurrency ${CONCURRENCY} (${cpus().length} cores)`);
console.log(`throughput: direct ${Math.round(directRate)} calls/s, through the guard ${Math.round(guardedRate)} calls/s (target ≥ 3000)`);
console.log(`latency p50: direct ${format(p50[0])}, guard ${format(p50[1])} → added ${format(p50[1] - p50[0])} (target ≤ 0.3 ms)`);
console.log(`latency p99: direct ${format(p99[0])}, guard ${format(p99[1])} → added ${format(p99[1] - p99[0])} (target ≤ 2 ms)`);
console.log(`audit log: ${audited} call lines for ${WARMUP_CALLS + ROUNDS * CALLS_PER_ROUND + THROUGHPUT_CALLS} calls through the guard`);
