import { createHash } from 'node:crypto';
import { McpRiskError } from '../core/errors.ts';

/** One shard of N: `index` counts from 1, as in `--shard 2/8`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `I/N` (1 ≤ I ≤ N). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new McpRiskError('usage', `Expected --shard I/N with 1 ≤ I ≤ N, got "${text}".`, { hint: 'For example --shard 1/4 … --shard 4/4 split a crawl across four machines.' });
  }
  return { index, count };
}

/** The shard (1-based) a key belongs to: a hash of the key alone, so every machine agrees without coordinating. */
export function shardOf(key: string, count: number): number {
  const hash = createHash('sha256').update(key, 'utf8').digest();
  return (hash.readUInt32BE(0) % count) + 1;
}

/** The items of one shard; the shards of a list are disjoint and together complete. */
export function selectShard<T extends { key: string }>(items: readonly T[], shard: Shard | undefined): T[] {
  if (!shard || shard.count === 1) return [...items];
  return items.filter((item) => shardOf(item.key, shard.count) === shard.index);
}
