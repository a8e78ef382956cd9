import { resolve } from 'node:path';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { crawl, DEFAULT_VERSION_TTL_MS, type CrawlSummary } from '../../crawler/crawl.ts';
import { chooseProgressMode, createProgress } from '../../crawler/progress.ts';
import { createRealScanner, CRAWL_SANDBOXES } from '../../crawler/scan-adapter.ts';
import type { CrawlScanner } from '../../crawler/scanner-port.ts';
import { parseShard } from '../../crawler/shard.ts';
import { ScanStatusSchema, type ScanStatus } from '../../schemas/scan-record.ts';
import { parseCommandArgs, parsePositiveInteger, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { countOf } from '../../core/terminal-text.ts';

const usage = `Usage: mcp-risk crawl [--data DIR] [--targets FILE] [--shard I/N]
                     [--install-concurrency N] [--launch-concurrency N]
                     [--force] [--retry STATUS,...] [--refresh-versions] [--version-ttl HOURS]
                     [--progress bar|plain|none]
                     [--sandbox bubblewrap|docker] [--remotes]

Scans every target in DIR/targets.json (written by \`mcp-risk discover\`) into the catalogue:
DIR/servers/<slug>.json (newest scan and tool history per server) and DIR/index.json.

Incremental: a server whose name@version was already scanned is not launched again; when only
the classifier changed, its stored tools are reassessed without a launch. Each finished scan is
written atomically at once: a crawl killed at any moment and run again continues where it stopped.

Options:
  --data DIR                  the catalogue directory (default data/)
  --targets FILE              the targets file (default DIR/targets.json)
  --shard I/N                 crawl only shard I of N (1-based); merge shards with \`mcp-risk merge\`
  --install-concurrency N     version look-ups and installs at once (default 4)
  --launch-concurrency N      servers launched at once (default 2)
  --force                     rescan everything, even versions already scanned
  --retry STATUS,...          rescan stored outcomes with these statuses (e.g. timeout,crashed)
  --version-ttl HOURS         trust a version resolved from npm's latest for this long after its scan
                              (default 6): a rerun within it makes no version requests
  --refresh-versions          look every unpinned version up now (--version-ttl 0)
  --progress bar|plain|none   progress on stderr (default: bar on a terminal, plain lines in CI)
  --sandbox bubblewrap|docker how servers are contained (default bubblewrap; see docs/scanning.md)
  --remotes                   also scan the remote URLs of server.json entries; off by default,
                              because a remote scan connects from this machine, not from a sandbox

Exit codes: 0 done, 3 when a target failed with an error (a bug; failed scans are outcomes, not errors).
`;

/** The end-of-crawl report: outcomes, new scan statuses, scanner calls and errors. */
export function renderCrawlSummary(summary: CrawlSummary): string {
  const nonZero = (counts: Record<string, number>) => Object.entries(counts).filter(([, count]) => count > 0).map(([label, count]) => `${count} ${label}`).join(', ') || 'none';
  const lines = [
    `crawled ${countOf(summary.total, 'target')} in ${(summary.milliseconds / 1000).toFixed(1)}s: ${nonZero(summary.actions)}`,
    `new scans by status: ${nonZero(summary.statuses)}`,
    `scanner calls: ${summary.calls.resolve} resolve, ${summary.calls.install} install, ${summary.calls.launch} launch`,
  ];
  for (const corrupt of summary.corrupt) lines.push(`unreadable (rescanned): ${corrupt.path}: ${corrupt.reason}`);
  for (const error of summary.errors) lines.push(`error: ${error.key}: ${error.message}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the crawl command with a given scanner; tests pass an in-process one. */
export async function runCrawl(argv: string[], io: Io, scanner?: CrawlScanner): Promise<number> {
  const { values } = parseCommandArgs('crawl', argv, {
    data: { type: 'string' },
    targets: { type: 'string' },
    shard: { type: 'string' },
    'install-concurrency': { type: 'string' },
    'launch-concurrency': { type: 'string' },
    force: { type: 'boolean' },
    retry: { type: 'string' },
    progress: { type: 'string' },
    sandbox: { type: 'string' },
    'version-ttl': { type: 'string' },
    'refresh-versions': { type: 'boolean' },
    remotes: { type: 'boolean' },
  });
  const store = new CatalogueStore(resolve(io.cwd, values.data ?? 'data'));
  const targetsPath = values.targets ? resolve(io.cwd, values.targets) : store.targetsPath;
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  const retryStatuses = (values.retry ?? '').split(',').filter(Boolean).map((status) => requireChoice('crawl', 'retry', status, ScanStatusSchema.options) as ScanStatus);
  const progressMode = values.progress === undefined ? chooseProgressMode(io.stderr, undefined) : requireChoice('crawl', 'progress', values.progress, ['bar', 'plain', 'none'] as const);
  const sandbox = requireChoice('crawl', 'sandbox', values.sandbox ?? 'bubblewrap', CRAWL_SANDBOXES);
  const installConcurrency = parsePositiveInteger('crawl', 'install-concurrency', values['install-concurrency']) ?? 4;
  const launchConcurrency = parsePositiveInteger('crawl', 'launch-concurrency', values['launch-concurrency']) ?? 2;
  const versionTtlHours = values['version-ttl'] === undefined ? DEFAULT_VERSION_TTL_MS / 3_600_000 : Number(values['version-ttl']);
  if (!Number.isFinite(versionTtlHours) || versionTtlHours < 0) throw new McpRiskError('usage', `crawl: expected --version-ttl to be a number of hours ≥ 0, got "${values['version-ttl']}".`);
  const versionTtlMs = values['refresh-versions'] ? 0 : versionTtlHours * 3_600_000;

  const targetsFile = await store.readTargets(targetsPath);
  if (!targetsFile) {
    throw new McpRiskError('input', `Expected a targets file at ${targetsPath}, found none.`, { hint: 'Write one with `mcp-risk discover --source list --list FILE` (see docs/crawling.md).' });
  }
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const summary = await crawl({
      store,
      targets: targetsFile.targets,
      scanner: scanner ?? (await createRealScanner({ sandbox, includeRemotes: values.remotes ?? false })),
      ...(shard && { shard }),
      installConcurrency,
      launchConcurrency,
      force: values.force ?? false,
      retryStatuses,
      versionTtlMs,
      progress: createProgress(io.stderr, progressMode),
      signal: controller.signal,
    });
    io.stdout.write(renderCrawlSummary(summary));
    return summary.errors.length > 0 || controller.signal.aborted ? EXIT_FAILURE : EXIT_OK;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export const crawlCommand: Command = {
  name: 'crawl',
  usage,
  run: (argv, io) => runCrawl(argv, io),
};
