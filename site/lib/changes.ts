import type { FieldChange, HistoryEntry, Verdict } from '../../schemas/catalogue.ts';
import { ACTION_LABEL, capText } from './format.ts';

/** The part of a tool definition a JSON Pointer path falls in, in words. */
export function describeField(path: string): string {
  const top = path.split('/')[1] ?? '';
  switch (top) {
    case 'description': return 'description';
    case 'title': return 'title';
    case 'inputSchema': return 'input schema';
    case 'outputSchema': return 'output schema';
    case 'annotations': return 'annotations';
    default: return path === '/' ? 'whole definition' : top || path;
  }
}

/** What changed in one tool, in words: "description and input schema changed". */
export function summarizeFields(fields: FieldChange[]): string {
  const parts = [...new Set(fields.map((field) => describeField(field.path)))];
  if (parts.length === 0) return 'definition changed';
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${list} changed`;
}

function showValue(value: unknown, max: number): { text: string; omitted: number } {
  if (value === undefined) return { text: '(absent)', omitted: 0 };
  return capText(typeof value === 'string' ? value : (JSON.stringify(value, null, 1) ?? 'null'), max);
}

/** The rows of a field-level diff as the pages show them: a bounded number of fields, each value capped. */
export function diffRows(fields: FieldChange[], options: { rows?: number; characters?: number } = {}): { rows: { path: string; before: string; after: string; cut: boolean }[]; omitted: number } {
  const maxRows = options.rows ?? 6;
  const characters = options.characters ?? 600;
  const rows = fields.slice(0, maxRows).map((field) => {
    const before = showValue(field.before, characters);
    const after = showValue(field.after, characters);
    return { path: capText(field.path, 200).text, before: before.text, after: after.text, cut: before.omitted + after.omitted > 0 };
  });
  return { rows, omitted: Math.max(0, fields.length - maxRows) };
}

/** One line per history entry: "2 added, 1 removed, 3 changed, 1 verdict changed"; a reassessment says by which classifier. */
export function summarizeEntry(entry: HistoryEntry): string {
  const verdicts = entry.verdictChanged?.length ?? 0;
  const parts = [
    entry.added.length && `${entry.added.length} added`,
    entry.removed.length && `${entry.removed.length} removed`,
    entry.changed.length && `${entry.changed.length} changed`,
    verdicts && `${verdicts} ${verdicts === 1 ? 'verdict' : 'verdicts'} changed`,
  ].filter(Boolean);
  const summary = parts.length ? `${parts.join(', ')}` : 'no tool changes';
  return entry.reassessment ? `reassessed by classifier ${entry.reassessment.toClassifier}: ${summary}` : summary;
}

/** A verdict in words: "write, high risk, ask". */
export function describeVerdict(verdict: Verdict): string {
  return `${verdict.category}, ${verdict.risk} risk, ${ACTION_LABEL[verdict.action]}`;
}

/** What changed between two verdicts, in words: "risk high → critical, action ask → deny (classifier 2.1.0 → 3.0.0)". */
export function describeVerdictChange(before: Verdict, after: Verdict): string {
  const parts = [
    before.category !== after.category && `category ${before.category} → ${after.category}`,
    before.risk !== after.risk && `risk ${before.risk} → ${after.risk}`,
    before.action !== after.action && `action ${ACTION_LABEL[before.action]} → ${ACTION_LABEL[after.action]}`,
  ].filter(Boolean);
  const classifier = before.classifierVersion !== after.classifierVersion ? ` (classifier ${before.classifierVersion} → ${after.classifierVersion})` : '';
  return `${parts.length ? parts.join(', ') : 'same verdict'}${classifier}`;
}

/** The versions an entry spans, in words: "version 1.0.0 → 1.1.0", or "version 3.0.0" for a reassessment of one version; empty when neither is known. */
export function describeVersions(entry: HistoryEntry): string {
  if (!entry.fromVersion && !entry.toVersion) return '';
  if (entry.fromVersion === entry.toVersion) return `version ${entry.toVersion}`;
  return `version ${entry.fromVersion ?? '?'} → ${entry.toVersion ?? '?'}`;
}
