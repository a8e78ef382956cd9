import type { HistoryEntry, ServerFile } from '../schemas/catalogue.ts';
import { buildIndex } from './catalogue-index.ts';
import type { CatalogueStore, CorruptFile } from './catalogue-store.ts';

export interface MergeSummary {
  /** Server files in the merged catalogue. */
  servers: number;
  /** Server files written (new or changed); zero when merging the same shards again. */
  written: number;
  /** Shard files that could not be parsed and were left out. */
  corrupt: CorruptFile[];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Orders two records of one server: the later scan wins, then the newer classifier, then a fixed order of content. */
function compareFiles(a: ServerFile, b: ServerFile): number {
  if (a.scannedAt !== b.scannedAt) return a.scannedAt < b.scannedAt ? -1 : 1;
  const byClassifier = collator.compare(a.classifierVersion, b.classifierVersion);
  if (byClassifier !== 0) return byClassifier;
  const textA = JSON.stringify(a);
  const textB = JSON.stringify(b);
  return textA < textB ? -1 : textA > textB ? 1 : 0;
}

/** Every distinct history entry of every copy, oldest first. */
function unionHistory(files: ServerFile[]): HistoryEntry[] {
  const byText = new Map<string, HistoryEntry>();
  for (const entry of files.flatMap((file) => file.history)) byText.set(JSON.stringify(entry), entry);
  return [...byText].sort(([textA, a], [textB, b]) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : textA < textB ? -1 : textA > textB ? 1 : 0)).map(([, entry]) => entry);
}

/**
 * Merges shard outputs into one catalogue: per server the newest record, with the union of every
 * copy's history; then rebuilds the index. Merging the same shards again writes nothing, and the
 * result equals a crawl of all targets on one machine.
 */
export async function mergeShards(into: CatalogueStore, shards: CatalogueStore[]): Promise<MergeSummary> {
  await into.prepare();
  const existing = await into.readAllServers();
  const bySlug = new Map<string, ServerFile[]>();
  const add = (file: ServerFile) => bySlug.set(file.slug, [...(bySlug.get(file.slug) ?? []), file]);
  existing.files.forEach(add);
  const corrupt = [...existing.corrupt];
  for (const shard of shards) {
    const result = await shard.readAllServers();
    result.files.forEach(add);
    corrupt.push(...result.corrupt);
  }
  const current = new Map(existing.files.map((file) => [file.slug, JSON.stringify(file)]));
  const merged: ServerFile[] = [];
  let written = 0;
  for (const slug of [...bySlug.keys()].sort()) {
    const copies = bySlug.get(slug)!;
    const newest = [...copies].sort(compareFiles).at(-1)!;
    const file: ServerFile = { ...newest, history: unionHistory(copies) };
    merged.push(file);
    if (current.get(slug) !== JSON.stringify(file)) {
      await into.writeServer(file);
      written++;
    }
  }
  await into.writeIndex(buildIndex(merged));
  return { servers: merged.length, written, corrupt };
}
