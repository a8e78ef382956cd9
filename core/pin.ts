import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal definitions always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The pin of a tool: sha256 (hex) of the canonical JSON of what a model reads and what a client trusts
 * (name, description, inputSchema, annotations). A changed pin means the tool changed under its users.
 */
export function pinTool(tool: { name: string; description?: string | null; inputSchema?: unknown; annotations?: unknown }): string {
  const pinned = { name: tool.name, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations };
  return createHash('sha256').update(canonicalJson(pinned)).digest('hex');
}
