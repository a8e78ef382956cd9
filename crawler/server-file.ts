import type { Assessment } from '../schemas/assessment.ts';
import type { ServerFile } from '../schemas/catalogue.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { diffTools } from './history.ts';
import { storedVersion } from './plan.ts';
import { verdictsOf } from './verdicts.ts';

/**
 * The server file after a new scan: the new record replaces the old, and the history gains an
 * entry when both scans succeeded and some tool's pin or verdict differs. A failed rescan changes
 * no history: an empty tool list from a crash is not a server that removed its tools.
 */
export function applyScan(previous: ServerFile | undefined, record: ScanRecord, identity: { slug: string; key: string; version?: string }): ServerFile {
  const version = record.package?.version ?? identity.version;
  const history = [...(previous?.history ?? [])];
  if (previous?.status === 'ok' && record.status === 'ok') {
    const previousVersion = storedVersion(previous);
    const entry = diffTools(
      { tools: previous.tools, verdicts: verdictsOf(previous), ...(previousVersion !== undefined && { version: previousVersion }) },
      { tools: record.tools, verdicts: verdictsOf(record), scannedAt: record.scannedAt, ...(version !== undefined && { version }) },
    );
    if (entry) history.push(entry);
  }
  return { ...record, slug: identity.slug, key: identity.key, ...(version !== undefined && { version }), history };
}

/**
 * Reassesses stored tools with the current classifier, without launching anything; pins stay. When
 * a tool's category, risk or recommended action changes, the history gains a reassessment entry
 * (dated `at`) with each such verdict before and after.
 */
export function reassessServer(file: ServerFile, classify: (tools: readonly ClassifierInput[]) => Assessment[], classifierVersion: string, at: string): ServerFile {
  const assessments = classify(file.tools);
  const reassessed: ServerFile = {
    ...file,
    classifierVersion,
    tools: file.tools.map((tool, index) => ({ ...tool, assessment: assessments[index]! })),
  };
  if (file.status !== 'ok' || file.tools.length === 0) return reassessed;
  const version = storedVersion(file);
  const entry = diffTools(
    { tools: file.tools, verdicts: verdictsOf(file), ...(version !== undefined && { version }) },
    {
      tools: reassessed.tools, verdicts: verdictsOf(reassessed), scannedAt: at, ...(version !== undefined && { version }),
      reassessment: { fromClassifier: file.classifierVersion, toClassifier: classifierVersion },
    },
  );
  return entry ? { ...reassessed, history: [...file.history, entry] } : reassessed;
}
