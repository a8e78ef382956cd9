// npm run bench:crawl — the curated crawl with a cold and a warm install cache, then incremental reruns
// with nothing changed (target: ≤ 5% of the warm crawl's time, zero launches). Prints figures; not a test.
//
// Cold means cold: a new install cache and a new npm cache (npm_config_cache), so every package is
// downloaded again. Warm: a new catalogue with the install cache the cold run filled, so every server is
// resolved and launched again but nothing is downloaded. Incremental: the warm catalogue crawled again,
// INCREMENTAL_ROUNDS times, median quoted. HTTP requests are counted at `fetch` (version look-ups) and npm
// installs where the install cache missed, so "no network" is measured, not assumed.
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpRiskError } from '../core/errors.ts';
import { CatalogueStore } from '../crawler/catalogue-store.ts';
import { crawl, type CrawlSummary } from '../crawler/crawl.ts';
import { createProgress } from '../crawler/progress.ts';
import { createScanAdapter, loadScannerParts } from '../crawler/scan-adapter.ts';
import { installNpmPackage } from '../scanner/install-npm.ts';

const targetsPath = fileURLToPath(new URL('../data/targets.json', import.meta.url));
const installConcurrency = Number(process.env.INSTALL_CONCURRENCY ?? 8);
const launchConcurrency = Number(process.env.LAUNCH_CONCURRENCY ?? 2);
const incrementalRounds = Number(process.env.INCREMENTAL_ROUNDS ?? 5);

let httpRequests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (...args: Parameters<typeof fetch>) => {
  httpRequests++;
  return realFetch(...args);
};

const work = await mkdtemp(join(tmpdir(), 'mcp-risk-bench-crawl-'));
// The sandbox runs servers as another user, who must be able to reach the install cache inside.
await chmod(work, 0o755);
const cacheDirectory = join(work, 'install-cache');
// npm's own cache too: a cold run downloads every tarball. Installs run npm with this process's environment.
process.env.npm_config_cache = join(work, 'npm-cache');
// npm installs that ran (the install cache did not have the package): the crawl's other network use.
let npmInstalls = 0;
let scanner;
try {
  const parts = await loadScannerParts();
  scanner = createScanAdapter({
    ...parts,
    installNpmPackage: async (name, version, options) => {
      const outcome = await installNpmPackage(name, version, options);
      if (!outcome.ok || !outcome.installed.cached) npmInstalls++;
      return outcome;
    },
  }, { cacheDirectory, workDirectory: join(work, 'server-json') });
} catch (error) {
  const message = error instanceof McpRiskError ? `${error.message}${error.hint ? `\n${error.hint}` : ''}` : String(error);
  console.error(`bench:crawl needs the real scanner and cannot run yet:\n${message}`);
  await rm(work, { recursive: true, force: true });
  process.exit(2);
}

const targetsFile = await new CatalogueStore(join(work, 'unused')).readTargets(targetsPath);
if (!targetsFile?.targets.length) throw new Error(`no targets in ${targetsPath}`);
const targets = targetsFile.targets;

interface Run {
  summary: CrawlSummary;
  httpRequests: number;
  npmInstalls: number;
}

async function run(dataDirectory: string): Promise<Run> {
  const before = httpRequests;
  const installsBefore = npmInstalls;
  const summary = await crawl({
    store: new CatalogueStore(dataDirectory),
    targets,
    scanner: scanner!,
    installConcurrency,
    launchConcurrency,
    progress: createProgress(process.stderr, process.stderr.isTTY ? 'bar' : 'none'),
  });
  return { summary, httpRequests: httpRequests - before, npmInstalls: npmInstalls - installsBefore };
}

function describe(label: string, { summary, httpRequests: requests, npmInstalls: installs }: Run, seconds = summary.milliseconds / 1000): string {
  const statuses = Object.entries(summary.statuses).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ');
  const calls = `HTTP ${String(requests).padStart(3)}   npm installs ${String(installs).padStart(3)}   launches ${String(summary.calls.launch).padStart(3)}`;
  return `${label.padEnd(36)} ${seconds.toFixed(seconds < 10 ? 3 : 1).padStart(7)} s   ${calls}   ${statuses || `${summary.actions.skipped} skipped`}${summary.errors.length ? `   ${summary.errors.length} errors` : ''}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

console.log(`bench:crawl: ${targets.length} targets, install concurrency ${installConcurrency}, launch concurrency ${launchConcurrency}\n`);
const cold = await run(join(work, 'cold'));
console.log(describe('full crawl, cold caches', cold));
const warm = await run(join(work, 'warm'));
console.log(describe('full crawl, warm install cache', warm));
const reruns: Run[] = [];
for (let round = 0; round < incrementalRounds; round++) reruns.push(await run(join(work, 'warm')));
const incrementalMs = median(reruns.map((rerun) => rerun.summary.milliseconds));
const incrementalLaunches = Math.max(...reruns.map((rerun) => rerun.summary.calls.launch));
const incrementalRequests = Math.max(...reruns.map((rerun) => rerun.httpRequests + rerun.npmInstalls));
console.log(describe(`incremental rerun (median of ${incrementalRounds})`, reruns[0]!, incrementalMs / 1000));
console.log(`  each rerun: ${reruns.map((rerun) => `${rerun.summary.milliseconds} ms`).join(', ')}`);

const ratio = incrementalMs / warm.summary.milliseconds;
console.log(`\nincremental / warm full crawl: ${(ratio * 100).toFixed(2)}% (target ≤ 5%); launches ${incrementalLaunches} (target 0); network requests ${incrementalRequests} (target 0)`);
await rm(work, { recursive: true, force: true });
process.exitCode = ratio <= 0.05 && incrementalLaunches === 0 && incrementalRequests === 0 ? 0 : 1;
