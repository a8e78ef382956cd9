// npm run bench:crawl — the curated crawl with a cold and a warm install cache, then an incremental
// rerun with nothing changed (target: ≤ 5% of the warm crawl's time and zero launches).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpRiskError } from '../cli/errors.ts';
import { CatalogueStore } from '../crawler/catalogue-store.ts';
import { crawl, type CrawlSummary } from '../crawler/crawl.ts';
import { createProgress } from '../crawler/progress.ts';
import { createRealScanner } from '../crawler/scan-adapter.ts';

const targetsPath = fileURLToPath(new URL('../data/targets.json', import.meta.url));
const installConcurrency = Number(process.env.INSTALL_CONCURRENCY ?? 8);
const launchConcurrency = Number(process.env.LAUNCH_CONCURRENCY ?? 2);

const work = await mkdtemp(join(tmpdir(), 'mcp-risk-bench-crawl-'));
const cacheDirectory = join(work, 'cache');
let scanner;
try {
  scanner = await createRealScanner({ cacheDirectory, workDirectory: join(work, 'server-json') });
} catch (error) {
  const message = error instanceof McpRiskError ? `${error.message}${error.hint ? `\n${error.hint}` : ''}` : String(error);
  console.error(`bench:crawl needs the real scanner and cannot run yet:\n${message}`);
  await rm(work, { recursive: true, force: true });
  process.exit(2);
}

const targetsFile = await new CatalogueStore(join(work, 'unused')).readTargets(targetsPath);
if (!targetsFile?.targets.length) throw new Error(`no targets in ${targetsPath}`);
const targets = targetsFile.targets;

async function run(label: string, dataDirectory: string): Promise<CrawlSummary> {
  const summary = await crawl({
    store: new CatalogueStore(dataDirectory),
    targets,
    scanner: scanner!,
    installConcurrency,
    launchConcurrency,
    progress: createProgress(process.stderr, process.stderr.isTTY ? 'bar' : 'none'),
  });
  const statuses = Object.entries(summary.statuses).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ');
  console.log(`${label.padEnd(34)} ${(summary.milliseconds / 1000).toFixed(1).padStart(7)} s   launches ${String(summary.calls.launch).padStart(3)}   installs ${String(summary.calls.install).padStart(3)}   ${statuses || `${summary.actions.skipped} skipped`}${summary.errors.length ? `   ${summary.errors.length} errors` : ''}`);
  return summary;
}

console.log(`bench:crawl: ${targets.length} targets, install concurrency ${installConcurrency}, launch concurrency ${launchConcurrency}\n`);
await run('full crawl, cold install cache', join(work, 'cold'));
const warm = await run('full crawl, warm install cache', join(work, 'warm'));
const incremental = await run('incremental rerun, nothing changed', join(work, 'warm'));
const ratio = incremental.milliseconds / warm.milliseconds;
console.log(`\nincremental / warm full crawl: ${(ratio * 100).toFixed(1)}% (target ≤ 5%), launches ${incremental.calls.launch} (target 0)`);
await rm(work, { recursive: true, force: true });
process.exitCode = ratio <= 0.05 && incremental.calls.launch === 0 ? 0 : 1;
