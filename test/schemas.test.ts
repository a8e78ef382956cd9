import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { publishedSchemas, renderJsonSchema } from '../schemas/json-schemas.ts';

describe('published JSON Schemas', () => {
  test.each(publishedSchemas.map(({ name, schema }) => [name, schema] as const))('data/schema/%s.schema.json is up to date (run `npm run schemas`)', async (name, schema) => {
    const onDisk = await readFile(new URL(`../data/schema/${name}.schema.json`, import.meta.url), 'utf8');
    expect(onDisk).toBe(renderJsonSchema(name, schema));
  });
});

describe('history entries', () => {
  test('an entry written before verdicts were recorded reads as format 1; a format-2 entry carries verdicts; an unknown format is refused', async () => {
    const { HistoryEntrySchema } = await import('../schemas/catalogue.ts');
    const old = { at: '2026-01-01T00:00:00Z', fromVersion: '1.0.0', toVersion: '1.1.0', added: [{ name: 'a', pin: 'p' }], removed: [], changed: [] };
    expect(HistoryEntrySchema.parse(old)).toEqual(old);
    const verdict = { category: 'write', risk: 'high', action: 'approve', classifierVersion: '2.2.0' };
    const next = { format: 2, at: '2026-12-08T00:00:00Z', reassessment: { fromClassifier: '2.2.0', toClassifier: '3.0.0' }, added: [], removed: [], changed: [], verdictChanged: [{ name: 'a', pin: 'p', before: verdict, after: { ...verdict, risk: 'critical', action: 'deny', classifierVersion: '3.0.0' } }] };
    expect(HistoryEntrySchema.parse(next)).toEqual(next);
    expect(HistoryEntrySchema.safeParse({ ...next, format: 3 }).success).toBe(false);
    expect(HistoryEntrySchema.safeParse({ ...next, verdictChanged: [{ name: 'a', pin: 'p', before: verdict, after: { ...verdict, action: 'ask' } }] }).success).toBe(false);
  });
});
