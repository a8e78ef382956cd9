import type { Risk } from '../schemas/assessment.ts';
import type { ScanRecord, ScannedTool } from '../schemas/scan-record.ts';
import type { Suppression, SuppressionsFile } from '../schemas/suppressions.ts';

/** What a CI run has already reviewed: the tool pins of a previous scan, and the suppressions file. */
export interface Review {
  /** Pins of every tool in the reviewed scan: a tool with the same pin is unchanged (same name and definition). */
  baselinePins?: ReadonlySet<string>;
  suppressions?: SuppressionsFile;
  /** Today, YYYY-MM-DD (UTC), for expiry. */
  today: string;
}

/** Every tool pin of the reviewed records. */
export function baselinePinsOf(records: readonly ScanRecord[]): Set<string> {
  return new Set(records.flatMap((record) => record.tools.map((tool) => tool.pin)));
}

/** Entries whose last day has passed: they fail the scan until someone reviews them again. */
export function expiredSuppressions(review: Review): Suppression[] {
  return (review.suppressions?.ignore ?? []).filter((entry) => entry.expires !== undefined && entry.expires < review.today);
}

const serverOf = (record: ScanRecord) => record.serverName ?? record.server?.name ?? record.target;

/** The live entry that silences this result (a finding id, or the tool's risk verdict), if any. */
export function suppressionFor(review: Review, record: ScanRecord, tool: ScannedTool, what: { finding: string } | { verdict: Risk }): Suppression | undefined {
  return review.suppressions?.ignore.find((entry) =>
    entry.tool === tool.name &&
    (entry.server === undefined || entry.server === serverOf(record)) &&
    (entry.expires === undefined || entry.expires >= review.today) &&
    ('finding' in what ? entry.finding === what.finding : entry.verdict === what.verdict));
}

/** True when a tool counts for --fail-on: new or changed since the baseline, and its verdict not suppressed. */
export function isUnreviewed(review: Review, record: ScanRecord, tool: ScannedTool): boolean {
  if (review.baselinePins?.has(tool.pin)) return false;
  return suppressionFor(review, record, tool, { verdict: tool.assessment.risk }) === undefined;
}

interface SarifResult {
  partialFingerprints?: Record<string, string>;
  baselineState?: string;
  suppressions?: unknown[];
}

/**
 * Marks a SARIF log (renderSarif's) for review: with a baseline each result gets `baselineState` `new` or
 * `unchanged` (the same tool pin was in the reviewed scan); a result a live suppression covers gets a SARIF
 * `suppressions` entry with its reason. Results are matched to tools by their pin fingerprint.
 */
export function markReviewed(sarifText: string, records: readonly ScanRecord[], review: Review): string {
  const byPin = new Map<string, { record: ScanRecord; tool: ScannedTool }>();
  for (const record of records) for (const tool of record.tools) byPin.set(tool.pin, { record, tool });
  const sarif = JSON.parse(sarifText) as { runs: { results: SarifResult[] }[] };
  for (const result of sarif.runs.flatMap((run) => run.results)) {
    const fingerprint = result.partialFingerprints?.['mcpToolPin/v1'] ?? '';
    const [pin = '', finding] = fingerprint.split(':');
    const found = byPin.get(pin);
    if (review.baselinePins) result.baselineState = review.baselinePins.has(pin) ? 'unchanged' : 'new';
    if (!found) continue;
    const entry = suppressionFor(review, found.record, found.tool, finding === undefined ? { verdict: found.tool.assessment.risk } : { finding });
    if (entry) result.suppressions = [{ kind: 'external', status: 'accepted', justification: entry.reason }];
  }
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
