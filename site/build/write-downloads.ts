import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { exportPolicy, POLICY_FORMAT_INFO, POLICY_FORMATS } from '../../policy/render.ts';
import { publishedSchemas, renderJsonSchema } from '../../schemas/json-schemas.ts';
import { policyOf, type ServerView, type SiteModel } from '../lib/model.ts';
import { renderLlmsText } from './llms-text.ts';

const WRITE_CONCURRENCY = 64;

/** The files one server offers: its policy, every export of it and its scan record, by path under the site. */
export function serverDownloads(server: ServerView): { path: string; text: string }[] {
  const policy = policyOf(server);
  const files = [{ path: `servers/${server.slug}/policy.json`, text: exportPolicy(policy, 'mcp-risk').text }];
  for (const format of POLICY_FORMATS) {
    if (format === 'mcp-risk') continue;
    files.push({ path: `servers/${server.slug}/exports/${format}/${POLICY_FORMAT_INFO[format].fileName}`, text: exportPolicy(policy, format).text });
  }
  files.push({ path: `servers/${server.slug}/record.json`, text: `${JSON.stringify(server.file)}\n` });
  return files;
}

async function writeAll(outDirectory: string, files: Iterable<{ path: string; text: string }>): Promise<number> {
  const iterator = files[Symbol.iterator]();
  let written = 0;
  const directories = new Map<string, Promise<unknown>>();
  async function worker(): Promise<void> {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      const file = join(outDirectory, next.value.path);
      const directory = dirname(file);
      let made = directories.get(directory);
      if (!made) {
        made = mkdir(directory, { recursive: true });
        directories.set(directory, made);
      }
      await made;
      await writeFile(file, next.value.text);
      written++;
    }
  }
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
  return written;
}

/** Streams /catalogue.json: the index and every server file, without building one giant string. */
async function writeCatalogueJson(outDirectory: string, model: SiteModel): Promise<void> {
  const stream = createWriteStream(join(outDirectory, 'catalogue.json'));
  const write = async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  await write(`{"schemaVersion":1,"index":${JSON.stringify(model.catalogue.index)},"servers":[`);
  for (const [position, server] of model.servers.entries()) await write(`${position ? ',' : ''}${JSON.stringify(server.file)}`);
  await write(']}\n');
  stream.end();
  await once(stream, 'finish');
}

function* allFiles(model: SiteModel): Generator<{ path: string; text: string }> {
  for (const { name, schema } of publishedSchemas) yield { path: `schema/${name}.schema.json`, text: renderJsonSchema(name, schema) };
  yield { path: 'llms.txt', text: renderLlmsText(model) };
  for (const server of model.servers) yield* serverDownloads(server);
}

/** Writes every download beside the pages: per-server policies, exports and records, the catalogue, the schemas and llms.txt. */
export async function writeDownloads(outDirectory: string, model: SiteModel): Promise<number> {
  await mkdir(outDirectory, { recursive: true });
  const [count] = await Promise.all([writeAll(outDirectory, allFiles(model)), writeCatalogueJson(outDirectory, model)]);
  return count + 1;
}
