// Regenerates data/schema/*.schema.json from the zod schemas: `npm run schemas`.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { publishedSchemas, renderJsonSchema } from '../schemas/json-schemas.ts';

const directory = fileURLToPath(new URL('../data/schema/', import.meta.url));
await mkdir(directory, { recursive: true });
for (const { name, schema } of publishedSchemas) {
  await writeFile(`${directory}${name}.schema.json`, renderJsonSchema(name, schema));
  console.log(`wrote data/schema/${name}.schema.json`);
}
