import type { FieldChange, HistoryEntry } from '../schemas/catalogue.ts';
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

/** Tools by name; a second tool with the same name is keyed `name#2`, so duplicates are still compared. */
function byName(tools: ScannedTool[]): Map<string, ScannedTool> {
  const map = new Map<string, ScannedTool>();
  for (const tool of tools) {
    let key = tool.name;
    for (let occurrence = 2; map.has(key); occurrence++) key = `${tool.name}#${occurrence}`;
    map.set(key, tool);
  }
  return map;
}

function definitionOf(tool: ScannedTool): Record<string, unknown> {
  return Object.fromEntries(DEFINITION_FIELDS.filter((field) => tool[field] !== undefined).map((field) => [field, tool[field]]));
}

/**
 * Compares the tools of two successful scans by name and pin. Returns a history entry listing
 * tools added, removed and changed (with the fields that changed), or undefined when every pin
 * matches: a server that quietly rewrites a tool it was trusted with shows up here.
 */
export function diffTools(
  previous: { tools: ScannedTool[]; version?: string },
  next: { tools: ScannedTool[]; version?: string; scannedAt: string },
): HistoryEntry | undefined {
  const before = byName(previous.tools);
  const after = byName(next.tools);
  const added = [...after].filter(([key]) => !before.has(key)).map(([, tool]) => ({ name: tool.name, pin: tool.pin }));
  const removed = [...before].filter(([key]) => !after.has(key)).map(([, tool]) => ({ name: tool.name, pin: tool.pin }));
  const changed = [...after].flatMap(([key, tool]) => {
    const old = before.get(key);
    if (!old || old.pin === tool.pin) return [];
    return [{ name: tool.name, fromPin: old.pin, toPin: tool.pin, fields: diffFields(definitionOf(old), definitionOf(tool)) }];
  });
  if (added.length === 0 && removed.length === 0 && changed.length === 0) return undefined;
  const byToolName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    at: next.scannedAt,
    ...(previous.version !== undefined && { fromVersion: previous.version }),
    ...(next.version !== undefined && { toVersion: next.version }),
    added: added.sort(byToolName),
    removed: removed.sort(byToolName),
    changed: changed.sort(byToolName),
  };
}
