import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import pLimit from 'p-limit';
import { exportPolicy, POLICY_FORMAT_INFO, POLICY_FORMATS } from '../../policy/render.ts';
import { publishedSchemas, renderJsonSchema } from '../../schemas/json-schemas.ts';
import { policyOf, type ServerView, type SiteModel } from '../lib/model.ts';
import { buildNameShards } from '../lib/search-names.ts';
import { displayName } from '../lib/format.ts';
import { renderChangesFeed } from './changes-feed.ts';
import { renderLlmsText } from './llms-text.ts';
import { securityRecordOf } from './security-record.ts';

const WRITE_CONCURRENCY = 64;

/** The files one server offers: its policy, every export of it, its security record and its scan record, by path under the site. */
export function serverDownloads(server: ServerView): { path: string; text: string }[] {
  const policy = policyOf(server);
  const files = [{ path: `servers/${server.slug}/policy.json`, text: exportPolicy(policy, 'mcp-risk').text }];
  for (const format of POLICY_FORMATS) {
    if (format === 'mcp-risk') continue;
    files.push({ path: `servers/${server.slug}/exports/${format}/${POLICY_FORMAT_INFO[format].fileName}`, text: exportPolicy(policy, format).text });
  }
  files.push({ path: `servers/${server.slug}/security.json`, text: `${JSON.stringify(securityRecordOf(server), null, 2)}\n` });
  files.push({ path: `servers/${server.slug}/record.json`, text: `${JSON.stringify(server.file)}\n` });
  return files;
}

/** Writes groups of files, a group's texts made only when its turn comes, so a big catalogue's downloads are never all in memory at once. */
async function writeAll(outDirectory: string, groups: (() => { path: string; text: string }[])[]): Promise<number> {
  const limit = pLimit(WRITE_CONCURRENCY);
  const directories = new Map<string, Promise<unknown>>();
  const counts = await limit.map(groups, async (group) => {
    const files = group();
    for (const { path, text } of files) {
      const file = join(outDirectory, path);
      const directory = dirname(file);
      let made = directories.get(directory);
      if (!made) {
        made = mkdir(directory, { recursive: true });
        directories.set(directory, made);
      }
      await made;
      await writeFile(file, text);
    }
    return files.length;
  });
  return counts.reduce((sum, count) => sum + count, 0);
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

function fileGroups(model: SiteModel): (() => { path: string; text: string }[])[] {
  return [
    () => publishedSchemas.map(({ name, schema }) => ({ path: `schema/${name}.schema.json`, text: renderJsonSchema(name, schema) })),
    () => [{ path: 'llms.txt', text: renderLlmsText(model) }, { path: 'changes.atom', text: renderChangesFeed(model) }],
    () => [...buildNameShards(model.servers.map((server) => ({ key: server.file.key, packageName: server.file.package?.name, selfName: server.selfName, url: server.url, title: displayName(server.name) })))].map(([shard, table]) => ({ path: `search/names/${shard}.json`, text: JSON.stringify(table) })),
    ...model.servers.map((server) => () => serverDownloads(server)),
  ];
}

/** Writes every download beside the pages: per-server policies, exports and records, the catalogue, the schemas and llms.txt. */
export async function writeDownloads(outDirectory: string, model: SiteModel): Promise<number> {
  await mkdir(outDirectory, { recursive: true });
  const [count] = await Promise.all([writeAll(outDirectory, fileGroups(model)), writeCatalogueJson(outDirectory, model)]);
  return count + 1;
}
