import type { FieldChange, HistoryEntry, Verdict } from '../schemas/catalogue.ts';
import type { ScannedTool } from '../schemas/scan-record.ts';

/** The parts of a tool a field diff compares: its definition, not the assessment or the pin derived from it. */
const DEFINITION_FIELDS = ['title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameJson(item, b[index]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameJson(a[key], b[key]));
  }
  return false;
}

/** Field-level differences between two JSON values, as JSON Pointer paths; objects are walked, arrays compared whole. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (sameJson(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffFields(before[key], after[key], `${path}/${escapePointer(key)}`));
  }
  return [{ path: path === '' ? '/' : path, ...(before !== undefined && { before }), ...(after !== undefined && { after }) }];
}

/** Tools by name, each with its verdict when known; a second tool with the same name is keyed `name#2`, so duplicates are still compared. */
function byName(tools: ScannedTool[], verdicts: readonly Verdict[] | undefined): Map<string, { tool: ScannedTool; verdict: Verdict | undefined }> {
  const map = new Map<string, { tool: ScannedTool; verdict: Verdict | undefined }>();
  tools.forEach((tool, index) => {
    let key = tool.name;
    for (let occurrence = 2; map.has(key); occurrence++) key = `${tool.name}#${occurrence}`;
    map.set(key, { tool, verdict: verdicts?.[index] });
  });
  return map;
}

/** Whether two verdicts differ in what a person acts on (category, risk or action), whatever classifier gave them. */
export function verdictDiffers(a: Verdict, b: Verdict): boolean {
  return a.category !== b.category || a.risk !== b.risk || a.action !== b.action;
}

function definitionOf(tool: ScannedTool): Record<string, unknown> {
  return Object.fromEntries(DEFINITION_FIELDS.filter((field) => tool[field] !== undefined).map((field) => [field, tool[field]]));
}

/**
 * Compares the tools of two successful scans by name and pin. Returns a history entry listing
 * tools added, removed and changed (with the fields that changed), or undefined when nothing
 * changed: a server that quietly rewrites a tool it was trusted with shows up here. Given each
 * scan's verdicts (in tool order), the entry is format 2: added, removed and changed tools carry
 * their verdicts, and tools with the same pin whose verdict changed (a new classifier) are listed
 * as `verdictChanged`. `reassessment` marks an entry for the same tools under another classifier.
 */
export function diffTools(
  previous: { tools: ScannedTool[]; version?: string; verdicts?: readonly Verdict[] },
  next: { tools: ScannedTool[]; version?: string; scannedAt: string; verdicts?: readonly Verdict[]; reassessment?: { fromClassifier: string; toClassifier: string } },
): HistoryEntry | undefined {
  const withVerdicts = previous.verdicts !== undefined && next.verdicts !== undefined;
  const before = byName(previous.tools, previous.verdicts);
  const after = byName(next.tools, next.verdicts);
  const pinned = ({ tool, verdict }: { tool: ScannedTool; verdict: Verdict | undefined }) => ({ name: tool.name, pin: tool.pin, ...(withVerdicts && verdict && { verdict }) });
  const added = [...after].filter(([key]) => !before.has(key)).map(([, item]) => pinned(item));
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, item]) => pinned(item));
  const changed = [...after].flatMap(([key, { tool, verdict }]) => {
    const old = before.get(key);
    if (!old || old.tool.pin === tool.pin) return [];
    return [{
      name: tool.name, fromPin: old.tool.pin, toPin: tool.pin, fields: diffFields(definitionOf(old.tool), definitionOf(tool)),
      ...(withVerdicts && old.verdict && { fromVerdict: old.verdict }), ...(withVerdicts && verdict && { toVerdict: verdict }),
    }];
  });
  const verdictChanged = withVerdicts
    ? [...after].flatMap(([key, { tool, verdict }]) => {
      const old = before.get(key);
      if (!old || old.tool.pin !== tool.pin || !old.verdict || !verdict || !verdictDiffers(old.verdict, verdict)) return [];
      return [{ name: tool.name, pin: tool.pin, before: old.verdict, after: verdict }];
    })
    : [];
  if (added.length === 0 && removed.length === 0 && changed.length === 0 && verdictChanged.length === 0) return undefined;
  const byToolName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    ...(withVerdicts && { format: 2 as const }),
    at: next.scannedAt,
    ...(next.reassessment && { reassessment: next.reassessment }),
    ...(previous.version !== undefined && { fromVersion: previous.version }),
    ...(next.version !== undefined && { toVersion: next.version }),
    added: added.sort(byToolName),
    removed: removed.sort(byToolName),
    changed: changed.sort(byToolName),
    ...(withVerdicts && { verdictChanged: verdictChanged.sort(byToolName) }),
  };
}
