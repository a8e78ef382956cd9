import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { McpRiskError } from '../core/errors.ts';
import type { Io } from '../core/io.ts';
import { parseTextWith } from '../core/parse.ts';
import { baselinePinsOf, expiredSuppressions, type Review } from '../scanner/review.ts';
import { SuppressionsFileSchema } from '../schemas/suppressions.ts';
import { readScanRecords } from './commands/policy.ts';

/** The suppressions file read when --suppressions is not given and it exists in the current directory. */
export const DEFAULT_SUPPRESSIONS_FILE = '.mcp-risk.yaml';

/**
 * Reads what a CI run has reviewed: --baseline (a previous scan's JSON) and the suppressions file. Fails (exit 3),
 * naming them, when an entry has expired: a silenced result must be looked at again, not silenced for ever.
 */
export async function readReview(options: { baseline?: string; suppressions?: string }, io: Io, today: string): Promise<Review> {
  const review: Review = { today };
  if (options.baseline !== undefined) review.baselinePins = baselinePinsOf(await readScanRecords(options.baseline, io));
  const file = options.suppressions ?? DEFAULT_SUPPRESSIONS_FILE;
  let text: string | undefined;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (error) {
    if (options.suppressions !== undefined || (error as NodeJS.ErrnoException).code !== 'ENOENT') throw new McpRiskError('io', `cannot read ${file}: ${(error as Error).message}.`, { cause: error });
  }
  if (text !== undefined) review.suppressions = parseTextWith(SuppressionsFileSchema, text, { source: file, what: 'a suppressions file', hint: 'See "Review in CI" in docs/scanning.md.' }, (value) => parseYaml(value) ?? { ignore: [] });
  const expired = expiredSuppressions(review);
  if (expired.length) {
    throw new McpRiskError('input', `scan: ${expired.length} suppression${expired.length === 1 ? ' has' : 's have'} expired in ${file}: ${expired.map((entry) => `${entry.tool} (${entry.finding ?? entry.verdict}, until ${entry.expires})`).join(', ')}.`, {
      hint: 'Review each result again, then extend its expires date or remove the entry.',
    });
  }
  return review;
}
