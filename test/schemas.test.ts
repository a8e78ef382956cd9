import { readFile } from 'node:fs/promises';
import { describe, expect, test } from 'vitest';
import { publishedSchemas, renderJsonSchema } from '../schemas/json-schemas.ts';

describe('published JSON Schemas', () => {
  test.each(publishedSchemas.map(({ name, schema }) => [name, schema] as const))('data/schema/%s.schema.json is up to date (run `npm run schemas`)', async (name, schema) => {
    const onDisk = await readFile(new URL(`../data/schema/${name}.schema.json`, import.meta.url), 'utf8');
    expect(onDisk).toBe(renderJsonSchema(name, schema));
  });
});
