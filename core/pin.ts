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
 * The pin of a tool: sha256 (hex) of the canonical JSON of what a model reads and what a client trusts or shows
 * (name, title, description, inputSchema, outputSchema, annotations, icons, _meta). A changed pin means the tool
 * changed under its users. Fields a tool does not have leave no trace, so pins of tools without the later ones
 * are what they were.
 */
export function pinTool(tool: { name: string; title?: unknown; description?: string | null; inputSchema?: unknown; outputSchema?: unknown; annotations?: unknown; icons?: unknown; _meta?: unknown }): string {
  const pinned = {
    name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema, annotations: tool.annotations, icons: tool.icons, _meta: tool._meta,
  };
  return createHash('sha256').update(canonicalJson(pinned)).digest('hex');
}
