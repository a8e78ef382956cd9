import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pLimit from 'p-limit';
import type { z } from 'zod';
import { McpRiskError } from '../../core/errors.ts';
import { parseTextWith } from '../../core/parse.ts';
import { isSlug } from '../../core/slug.ts';
import { CatalogueIndexSchema, ServerFileSchema, TargetsFileSchema, type CatalogueIndex, type ServerFile } from '../../schemas/catalogue.ts';
import { ClassifierEvaluationSchema, type ClassifierEvaluation } from '../../schemas/classifier-evaluation.ts';

/** Everything the site reads from a data directory, validated. */
export interface Catalogue {
  /** The data directory it was read from (absolute). */
  directory: string;
  index: CatalogueIndex;
  /** One file per index entry, in index order (sorted by slug). */
  servers: ServerFile[];
  /** data/classifier-eval.json, when the project has published one. */
  evaluation: ClassifierEvaluation | undefined;
  /** Source repository addresses by server key, from data/targets.json when present (as the package's metadata or the registry gave them; unchecked text). */
  repositories: Map<string, string>;
}

const READ_CONCURRENCY = 32;

/** Parses one data file through its schema; a bad file stops the build with the file and the fields named. */
export function parseDataFile<T>(file: string, text: string, schema: z.ZodType<T>, what: string): T {
  return parseTextWith(schema, text, {
    source: file,
    what,
    hint: 'The site reads only data files the crawler wrote (data/schema/ has their JSON Schemas); rerun `mcp-risk crawl` or restore the file.',
  });
}

async function readText(file: string, what: string, hint: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new McpRiskError('input', `expected ${what} at ${file}, got ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { hint, cause: error });
  }
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads and validates data/index.json, every server file it lists, and the optional classifier evaluation. */
export async function readCatalogue(dataDirectory: string): Promise<Catalogue> {
  const directory = resolve(dataDirectory);
  const indexFile = join(directory, 'index.json');
  const index = parseDataFile(
    indexFile,
    await readText(indexFile, 'the catalogue index', 'Build the catalogue with `mcp-risk crawl`, or pass `--data DIR` pointing at a directory with index.json and servers/.'),
    CatalogueIndexSchema,
    'a catalogue index',
  );
  const seen = new Set<string>();
  for (const [position, entry] of index.servers.entries()) {
    if (!isSlug(entry.slug)) throw new McpRiskError('input', `expected a safe slug (a-z, 0-9, - and _) in ${indexFile}, got ${JSON.stringify(entry.slug)} at field servers.${position}.slug`);
    if (seen.has(entry.slug)) throw new McpRiskError('input', `expected unique slugs in ${indexFile}, got ${entry.slug} twice (field servers.${position}.slug)`);
    seen.add(entry.slug);
  }

  const limit = pLimit(READ_CONCURRENCY);
  const servers = await Promise.all(index.servers.map((entry, position) => limit(async () => {
    const file = join(directory, 'servers', `${entry.slug}.json`);
    const text = await readText(file, `the server file index.json lists (servers.${position})`, 'Rebuild data/index.json with `mcp-risk merge` or rerun the crawl.');
    const server = parseDataFile(file, text, ServerFileSchema, 'a catalogue server file');
    if (server.slug !== entry.slug) throw new McpRiskError('input', `expected field slug to be ${JSON.stringify(entry.slug)} in ${file} (its file name), got ${JSON.stringify(server.slug)}`);
    return server;
  })));

  const evaluationFile = join(directory, 'classifier-eval.json');
  const evaluationText = await readOptional(evaluationFile);
  const evaluation = evaluationText === undefined ? undefined : parseDataFile(evaluationFile, evaluationText, ClassifierEvaluationSchema, "the classifier's evaluation figures");
  const targetsFile = join(directory, 'targets.json');
  const targetsText = await readOptional(targetsFile);
  const targets = targetsText === undefined ? undefined : parseDataFile(targetsFile, targetsText, TargetsFileSchema, 'the crawl targets');
  const repositories = new Map((targets?.targets ?? []).flatMap((target) => (target.repository ? [[target.key, target.repository] as const] : [])));
  return { directory, index, servers, evaluation, repositories };
}

const CACHE = Symbol.for('mcp-risk.site.catalogue');
type CacheHolder = { [CACHE]?: Map<string, Promise<Catalogue>> };

/**
 * The catalogue of a data directory, read once per process: the build command and Astro's bundled
 * copy of this module share the result through a global registry key.
 */
export function loadCatalogue(dataDirectory: string): Promise<Catalogue> {
  const holder = globalThis as CacheHolder;
  const cache = (holder[CACHE] ??= new Map());
  const key = resolve(dataDirectory);
  let catalogue = cache.get(key);
  if (!catalogue) {
    catalogue = readCatalogue(key);
    catalogue.catch(() => cache.delete(key));
    cache.set(key, catalogue);
  }
  return catalogue;
}

/** Forgets cached catalogues, so a long-lived process (tests, serve) sees changed data. */
export function forgetCatalogues(): void {
  (globalThis as CacheHolder)[CACHE]?.clear();
}
