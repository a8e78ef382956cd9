// Sandbox overhead and scan throughput, from one run. Prints figures; not a test.
//   npm run bench:scan [-- npm:NAME]   (default npm:@modelcontextprotocol/server-memory)
import { cpus } from 'node:os';
import { BubblewrapSandbox } from '../scanner/sandbox-bubblewrap.ts';
import { NoSandbox } from '../scanner/sandbox-none.ts';
import type { Sandbox } from '../scanner/sandbox.ts';
import { scanJob, scanTarget } from '../scanner/scan.ts';
import { resolveTargets } from '../scanner/targets.ts';

const target = process.argv[2] ?? 'npm:@modelcontextprotocol/server-memory';
const ROUNDS = 11;
const THROUGHPUT_SCANS = 24;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

// Install once (and resolve `latest`), so every measured scan launches the same cached package.
const [first] = await scanTarget(target, process.cwd(), { sandbox: new BubblewrapSandbox(), onProgress: (message) => console.error(message) });
if (first?.status !== 'ok') throw new Error(`cannot benchmark ${target}: ${first?.status}: ${first?.detail}`);
const exact = first.package ? `npm:${first.package.name}@${first.package.version}` : target;
const [job] = await resolveTargets(exact, process.cwd());

async function launchAndList(sandbox: Sandbox): Promise<number> {
  const record = await scanJob(job!, { sandbox });
  if (record.status !== 'ok') throw new Error(`${sandbox.name}: ${record.status}: ${record.detail}`);
  return (record.timings.startMs ?? 0) + (record.timings.listMs ?? 0);
}

const sandboxed: number[] = [];
const unsandboxed: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate, so drift in machine load touches both equally.
  sandboxed.push(await launchAndList(new BubblewrapSandbox()));
  unsandboxed.push(await launchAndList(new NoSandbox()));
}
const ratio = median(sandboxed) / median(unsandboxed);
console.log(`target: ${exact} (${cpus().length} cores)`);
console.log(`launch+list median: bubblewrap ${median(sandboxed)} ms, none ${median(unsandboxed)} ms → overhead ${ratio.toFixed(2)}× (target ≤ 1.3×)`);

for (const concurrency of [1, 2, 4]) {
  const sandbox = new BubblewrapSandbox();
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < THROUGHPUT_SCANS) {
      next++;
      const record = await scanJob(job!, { sandbox });
      if (record.status !== 'ok') throw new Error(`${record.status}: ${record.detail}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  console.log(`concurrency ${concurrency}: ${THROUGHPUT_SCANS} scans in ${seconds.toFixed(1)} s → ${Math.round((THROUGHPUT_SCANS / seconds) * 60)} servers/min (target ≥ 150/min)`);
}
