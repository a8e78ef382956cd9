import pLimit from 'p-limit';
import { classifyServer } from '../classifier/classify.ts';
import { CLASSIFIER_VERSION } from '../classifier/version.ts';
import type { Assessment } from '../schemas/assessment.ts';
import type { CrawlTarget, IndexEntry, ServerFile } from '../schemas/catalogue.ts';
import { ScanRecordSchema, ScanStatusSchema, type ScanRecord, type ScanStatus } from '../schemas/scan-record.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { indexOfEntries, summarizeServer } from './catalogue-index.ts';
import type { CatalogueStore, CorruptFile } from './catalogue-store.ts';
import { planTarget, storedVersion } from './plan.ts';
import type { ProgressReporter, TargetOutcome } from './progress.ts';
import type { CrawlScanner } from './scanner-port.ts';
import { applyScan, reassessServer } from './server-file.ts';
import { selectShard, type Shard } from './shard.ts';
import { slugFor } from '../core/slug.ts';
import { checkWith } from '../core/parse.ts';

export interface CrawlOptions {
  store: CatalogueStore;
  targets: CrawlTarget[];
  scanner: CrawlScanner;
  /** Only this shard of the targets. */
  shard?: Shard;
  /** Version resolutions and installs at once (network-bound). */
  installConcurrency?: number;
  /** Server launches at once (CPU- and memory-bound). */
  launchConcurrency?: number;
  /** Rescan every target even when its version was scanned. */
  force?: boolean;
  /** Stored statuses that earn another launch of the same version. */
  retryStatuses?: readonly ScanStatus[];
  /**
   * How long a version resolved from npm's `latest` is trusted, counted from the stored scan of it, in
   * milliseconds (default DEFAULT_VERSION_TTL_MS). Within it a rerun reuses the stored version and makes no
   * request; 0 looks every unpinned version up.
   */
  versionTtlMs?: number;
  /** The classifier in force; tests pass another to exercise reassessment. */
  classifierVersion?: string;
  /** Classifies one server's tools together (its siblings change how a tool reads). */
  classify?: (tools: readonly ClassifierInput[]) => Assessment[];
  progress?: ProgressReporter;
  signal?: AbortSignal;
  /** How often the index is rewritten during a long crawl, in milliseconds. */
  indexIntervalMs?: number;
  now?: () => number;
}

/** Six hours: a rerun or a resumed crawl makes no version requests, and a daily crawl still sees every new release. */
export const DEFAULT_VERSION_TTL_MS = 6 * 60 * 60 * 1000;

/** The stored version when it was scanned recently enough to be trusted without asking npm again. */
function freshStoredVersion(stored: ServerFile | undefined, ttlMs: number, now: number): string | undefined {
  const version = stored && storedVersion(stored);
  if (!stored || version === undefined || ttlMs <= 0) return undefined;
  const age = now - Date.parse(stored.scannedAt);
  return age >= 0 && age < ttlMs ? version : undefined;
}

export interface CrawlSummary {
  /** Targets in this crawl (after sharding). */
  total: number;
  /** Outcomes by action. */
  actions: Record<TargetOutcome['action'], number>;
  /** Newly recorded scans by status. */
  statuses: Record<ScanStatus, number>;
  /** Scanner calls made, for checking that an incremental rerun launches nothing. */
  calls: { resolve: number; install: number; launch: number };
  /** Targets whose scan threw: a bug in the scanner or the crawler, with the message. */
  errors: { key: string; message: string }[];
  /** Stored server files that could not be parsed (they are rescanned). */
  corrupt: CorruptFile[];
  milliseconds: number;
}

/** Parses what the scanner returned: an invalid record is a scanner bug, reported against its target. */
function checkRecord(record: ScanRecord, key: string): ScanRecord {
  const checked = checkWith(ScanRecordSchema, record);
  if (checked.ok) return checked.value;
  throw new Error(`the scanner returned an invalid record for ${key}: ${checked.problem}`);
}

/**
 * Crawls targets into the catalogue: resolve each version, skip what was already scanned, reassess
 * what only the classifier changed, install and launch the rest with separate limits, and write each
 * finished scan atomically the moment it is done, so a crawl killed at any point loses nothing
 * finished and a rerun continues where it stopped.
 */
export async function crawl(options: CrawlOptions): Promise<CrawlSummary> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const { store, scanner } = options;
  const signal = options.signal ?? new AbortController().signal;
  const classifierVersion = options.classifierVersion ?? CLASSIFIER_VERSION;
  const classify = options.classify ?? classifyServer;
  const targets = selectShard(options.targets, options.shard);
  const installLimit = pLimit(options.installConcurrency ?? 4);
  const launchLimit = pLimit(options.launchConcurrency ?? 2);
  // Targets in progress at once (files read, records held): enough to keep both limits busy, never the whole list.
  const targetLimit = pLimit(Math.max(64, (options.installConcurrency ?? 4) + (options.launchConcurrency ?? 2)));

  await store.prepare();
  const stored = await store.readAllServers();
  const index = new Map<string, IndexEntry>(stored.files.map((file) => [file.slug, summarizeServer(file)]));
  stored.files.length = 0;

  const summary: CrawlSummary = {
    total: targets.length,
    actions: { scanned: 0, skipped: 0, reassessed: 0, error: 0, cancelled: 0 },
    statuses: Object.fromEntries(ScanStatusSchema.options.map((status) => [status, 0])) as Record<ScanStatus, number>,
    calls: { resolve: 0, install: 0, launch: 0 },
    errors: [],
    corrupt: stored.corrupt,
    milliseconds: 0,
  };

  let lastIndexWrite = now();
  let indexWrite: Promise<void> = Promise.resolve();
  let indexFailureReported = false;
  const writeIndexSoon = (force: boolean): Promise<void> => {
    if (!force && now() - lastIndexWrite < (options.indexIntervalMs ?? 30_000)) return indexWrite;
    lastIndexWrite = now();
    // Index writes are chained so two never race on the same temporary name; a failed one does not
    // break the chain, so the next write (at the latest the final one) still happens.
    const write = indexWrite.catch(() => undefined).then(() => store.writeIndex(indexOfEntries(index.values())));
    indexWrite = write;
    return write;
  };
  /** A write during the crawl may fail (a full disk); it is reported once, and the final write tries again. */
  const writeIndexInBackground = () => {
    writeIndexSoon(false).catch((error: unknown) => {
      if (indexFailureReported) return;
      indexFailureReported = true;
      summary.errors.push({ key: 'index.json', message: error instanceof Error ? error.message : String(error) });
    });
  };

  const save = async (file: ServerFile) => {
    await store.writeServer(file);
    index.set(file.slug, summarizeServer(file));
    writeIndexInBackground();
  };

  async function crawlOne(target: CrawlTarget): Promise<TargetOutcome> {
    const began = now();
    const slug = slugFor(target.key);
    const outcome = (fields: Omit<TargetOutcome, 'key' | 'slug' | 'milliseconds'>): TargetOutcome => ({ key: target.key, slug, milliseconds: now() - began, ...fields });
    if (signal.aborted) return outcome({ action: 'cancelled', detail: 'the crawl was stopped' });
    const { file: previous } = await store.readServer(slug);

    let version = target.version ?? freshStoredVersion(previous, options.versionTtlMs ?? DEFAULT_VERSION_TTL_MS, now());
    if (version === undefined) {
      const resolution = await installLimit(() => {
        summary.calls.resolve++;
        return scanner.resolve(target, signal);
      });
      if ('record' in resolution) {
        const record = checkRecord(resolution.record, target.key);
        // A registry hiccup must not overwrite a good stored scan with a failure.
        if (previous) return outcome({ action: 'skipped', status: previous.status, detail: `kept the stored scan: ${record.detail}` });
        await save(applyScan(undefined, record, { slug, key: target.key }));
        summary.statuses[record.status]++;
        return outcome({ action: 'scanned', status: record.status, detail: record.detail, toolCount: 0 });
      }
      version = resolution.version;
    }

    const decision = planTarget({ stored: previous, version, classifierVersion, force: options.force ?? false, retryStatuses: options.retryStatuses ?? [] });
    if (decision.action === 'skip') return outcome({ action: 'skipped', version, status: previous?.status, detail: decision.reason });
    if (decision.action === 'reassess' && previous) {
      const file = reassessServer(previous, classify, classifierVersion, new Date(now()).toISOString());
      await save(file);
      return outcome({ action: 'reassessed', version, status: file.status, detail: decision.reason, toolCount: file.tools.length });
    }

    const pinned = version;
    const failure = await installLimit(() => {
      if (signal.aborted) return undefined;
      summary.calls.install++;
      return scanner.install(target, pinned, signal);
    });
    if (signal.aborted) return outcome({ action: 'cancelled', version, detail: 'the crawl was stopped' });
    const record = checkRecord(failure ?? (await launchLimit(() => {
      summary.calls.launch++;
      return scanner.launch(target, pinned, signal);
    })), target.key);
    if (signal.aborted) return outcome({ action: 'cancelled', version, detail: 'the crawl was stopped' });
    await save(applyScan(previous, record, { slug, key: target.key, version }));
    summary.statuses[record.status]++;
    return outcome({ action: 'scanned', version, status: record.status, detail: record.detail, toolCount: record.tools.length });
  }

  options.progress?.start(targets.length);
  await Promise.all(targets.map((target) => targetLimit(async () => {
    let result: TargetOutcome;
    const began = now();
    try {
      result = await crawlOne(target);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (signal.aborted) {
        result = { key: target.key, slug: slugFor(target.key), action: 'cancelled', detail: 'the crawl was stopped', milliseconds: now() - began };
      } else {
        summary.errors.push({ key: target.key, message });
        result = { key: target.key, slug: slugFor(target.key), action: 'error', detail: message, milliseconds: now() - began };
      }
    }
    summary.actions[result.action]++;
    options.progress?.update(result);
  })));
  await writeIndexSoon(true);
  options.progress?.finish();
  summary.milliseconds = now() - startedAt;
  return summary;
}

