import type { ServerFile } from '../schemas/catalogue.ts';
import type { ScanStatus } from '../schemas/scan-record.ts';

/** What to do with one target on this crawl. */
export type PlanDecision =
  | { action: 'skip'; reason: string }
  | { action: 'reassess'; reason: string }
  | { action: 'scan'; reason: string };

export interface PlanInput {
  /** The stored server file, if any. */
  stored: ServerFile | undefined;
  /** The exact version this crawl would scan. */
  version: string;
  /** The classifier version in force now. */
  classifierVersion: string;
  /** Rescan even when `name@version` was scanned. */
  force?: boolean;
  /** Stored outcomes worth another launch of the same version (a timeout on a busy machine, say). */
  retryStatuses?: readonly ScanStatus[];
}

/** The version a stored file was scanned at. */
export function storedVersion(file: ServerFile): string | undefined {
  return file.version ?? file.package?.version;
}

/**
 * Incremental crawling: a server whose `name@version` was already scanned is not launched again;
 * when only the classifier changed since, its stored tools are reassessed without a launch.
 */
export function planTarget(input: PlanInput): PlanDecision {
  const { stored, version } = input;
  if (input.force) return { action: 'scan', reason: 'forced' };
  if (!stored) return { action: 'scan', reason: 'never scanned' };
  const previous = storedVersion(stored);
  if (previous !== version) return { action: 'scan', reason: `version ${previous ?? 'unknown'} → ${version}` };
  if (input.retryStatuses?.includes(stored.status)) return { action: 'scan', reason: `retrying ${stored.status}` };
  if (stored.classifierVersion !== input.classifierVersion) {
    return { action: 'reassess', reason: `classifier ${stored.classifierVersion} → ${input.classifierVersion}` };
  }
  return { action: 'skip', reason: `${version} already scanned` };
}
