import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpRiskError } from '../../core/errors.ts';
import { forgetCatalogues, loadCatalogue } from '../lib/catalogue.ts';
import { buildModel } from '../lib/model.ts';
import { DATA_DIRECTORY_VARIABLE, SHARD_VARIABLE } from '../lib/site-data.ts';
import { astroConfig, SITE_ROOT } from './astro-config.ts';
import { buildSearchIndex } from './search-index.ts';
import { writeDownloads } from './write-downloads.ts';

export interface BuildOptions {
  /** The catalogue to publish: a directory with index.json and servers/. */
  dataDirectory: string;
  /**
   * Where the site goes. It is replaced only when it is absent, empty, or a previous build's output
   * holding nothing the build did not write (see checkOutputDirectory); the new site is built beside
   * it and moved into place only when the build succeeds.
   */
  outDirectory: string;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
}

export interface BuildSummary {
  servers: number;
  tools: number;
  /** HTML pages Astro wrote. */
  pages: number;
  /** Download files written beside them. */
  downloads: number;
  /** Pagefind records (one per server and tool). */
  searchRecords: number;
  milliseconds: number;
  phases: Record<'load' | 'pages' | 'downloads' | 'search', number>;
}

/**
 * The marker every build writes into its output: what `site serve` compares to decide whether a
 * build is current, and what lets a later build replace the directory (it lists the top-level
 * entries the build wrote, so a file someone added since is noticed).
 */
export const BUILD_STAMP = '.mcp-risk-build.json';

/** What the marker file holds. */
interface BuildStamp {
  dataDirectory?: string;
  fingerprint?: string;
  builtAt?: string;
  /** The top-level names the build wrote, the marker included. */
  entries?: string[];
}

function isInside(child: string, parent: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith(`..${sep}`) && path !== '..' && !path.startsWith(sep) && !/^[A-Za-z]:/.test(path));
}

/**
 * Refuses an output directory the build could destroy something in: the file-system root, the
 * project, the working directory or any folder holding them, the data directory, a folder inside
 * it or holding it, a git repository, and any existing directory that is neither empty nor a
 * previous build's output with nothing added since. Returns what is there now.
 */
export async function checkOutputDirectory(outDirectory: string, dataDirectory: string): Promise<'absent' | 'empty' | 'previous-build'> {
  const out = resolve(outDirectory);
  const data = resolve(dataDirectory);
  const refuse = (why: string) =>
    new McpRiskError('usage', `expected --out to name a directory of the site's own, got ${out}: ${why}`, {
      hint: 'Pass a new or empty directory (default site/dist/); a directory an earlier `mcp-risk site build` wrote can be rebuilt in place.',
    });
  if (out === resolve('/')) throw refuse('it is the file-system root');
  if (isInside(data, out)) throw refuse(`it holds the data directory ${data}`);
  if (isInside(out, data)) throw refuse(`it is inside the data directory ${data}`);
  const project = resolve(SITE_ROOT, '..');
  if (isInside(project, out)) throw refuse(`it holds the project ${project}`);
  if (isInside(process.cwd(), out)) throw refuse(`it holds the working directory ${process.cwd()}`);
  const info = await stat(out).catch(() => undefined);
  if (!info) return 'absent';
  if (!info.isDirectory()) throw refuse('it is a file');
  const entries = await readdir(out);
  if (entries.length === 0) return 'empty';
  if (entries.includes('.git')) throw refuse('it is a git repository');
  const stampText = await readFile(join(out, BUILD_STAMP), 'utf8').catch(() => undefined);
  if (stampText === undefined) throw refuse(`it holds files a site build did not write (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}) and no ${BUILD_STAMP}`);
  let stamp: BuildStamp;
  try {
    stamp = JSON.parse(stampText) as BuildStamp;
  } catch {
    throw refuse(`its ${BUILD_STAMP} is not a build marker`);
  }
  if (Array.isArray(stamp.entries)) {
    const written = new Set(stamp.entries);
    const foreign = entries.filter((entry) => !written.has(entry));
    if (foreign.length) throw refuse(`it holds files the last build did not write (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`);
  }
  return 'previous-build';
}

/**
 * Builds into a fresh sibling of the output directory and moves it into place only when `build`
 * succeeds, so a failed build leaves the previous site as it was and nothing half-written.
 */
export async function publishAtomically<T>(outDirectory: string, dataDirectory: string, build: (stagingDirectory: string) => Promise<T>): Promise<T> {
  const out = resolve(outDirectory);
  await checkOutputDirectory(out, dataDirectory);
  await mkdir(dirname(out), { recursive: true });
  const staging = await mkdtemp(join(dirname(out), `${basename(out)}.building-`));
  const previous = `${staging}.previous`;
  try {
    const result = await build(staging);
    // Checked again: something may have been written into the old site while this one was built.
    const state = await checkOutputDirectory(out, dataDirectory);
    if (state !== 'absent') await rename(out, previous);
    try {
      await rename(staging, out);
    } catch (error) {
      if (state !== 'absent') await rename(previous, out);
      throw error;
    }
    await rm(previous, { recursive: true, force: true });
    return result;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

const RENDER_PAGES = fileURLToPath(new URL('./render-pages.mjs', import.meta.url));

/** Runs one Astro build in a plain Node process (see render-pages.mjs); its errors come back with its output. */
async function renderShard(outDirectory: string, dataDirectory: string, shard: { index: number; count: number }): Promise<void> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    [DATA_DIRECTORY_VARIABLE]: dataDirectory,
    [SHARD_VARIABLE]: `${shard.index}/${shard.count}`,
    ASTRO_TELEMETRY_DISABLED: '1',
    MCP_RISK_ASTRO_CONFIG: JSON.stringify(astroConfig(outDirectory)),
  };
  delete environment.NODE_OPTIONS;
  // Astro writes its intermediate server chunks to ./.astro/ when the output is outside the working
  // directory, and they import packages, so each shard runs in a directory of its own inside the project.
  const workDirectory = shardWorkDirectory(shard.index);
  await mkdir(workDirectory, { recursive: true });
  const child = spawn(process.execPath, [RENDER_PAGES], { cwd: workDirectory, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return new Promise((resolvePromise, reject) => {
    child.on('error', (error) => reject(new McpRiskError('internal', `could not start Astro: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) resolvePromise();
      else reject(new McpRiskError('internal', `Astro failed to render the pages (exit ${code}):\n${output.trim()}`));
    });
  });
}

function shardWorkDirectory(index: number): string {
  return join(SITE_ROOT, '.astro', `shard-${index}`);
}

/** How many Astro processes render the tool pages: one per core, at most two, and one for small catalogues where start-up dominates. */
export function shardCount(tools: number): number {
  const requested = Number(process.env.MCP_RISK_SITE_SHARDS);
  if (Number.isInteger(requested) && requested >= 1) return requested;
  return tools < 2000 ? 1 : Math.max(1, Math.min(2, availableParallelism()));
}

/** Moves the tool pages another shard rendered into the site (every other file it wrote is a duplicate of the first shard's). */
async function mergeShard(shardDirectory: string, outDirectory: string): Promise<void> {
  const servers = await readdir(join(shardDirectory, 'servers'), { withFileTypes: true }).catch(() => []);
  await Promise.all(servers.filter((entry) => entry.isDirectory()).map(async (server) => {
    const from = join(shardDirectory, 'servers', server.name, 'tools');
    const tools = await readdir(from).catch(() => []);
    if (!tools.length) return;
    const to = join(outDirectory, 'servers', server.name, 'tools');
    await mkdir(to, { recursive: true });
    for (const tool of tools) await rename(join(from, tool), join(to, tool));
  }));
}

/** Renders every page: shard 0 into the site, the others beside it, merged when all are done. */
async function renderPages(outDirectory: string, dataDirectory: string, count: number): Promise<void> {
  const shardDirectories = Array.from({ length: count }, (_, index) => (index === 0 ? outDirectory : `${outDirectory}.shard-${index}`));
  try {
    await Promise.all(shardDirectories.slice(1).map((directory) => rm(directory, { recursive: true, force: true })));
    const results = await Promise.allSettled(shardDirectories.map((directory, index) => renderShard(directory, dataDirectory, { index, count })));
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    for (const directory of shardDirectories.slice(1)) await mergeShard(directory, outDirectory);
  } finally {
    await Promise.all([
      ...shardDirectories.slice(1).map((directory) => rm(directory, { recursive: true, force: true })),
      ...shardDirectories.map((directory) => rm(`${directory}.astro-cache`, { recursive: true, force: true })),
      ...shardDirectories.map((_, index) => rm(shardWorkDirectory(index), { recursive: true, force: true })),
    ]);
  }
}

async function countPages(directory: string): Promise<number> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).length;
}

/**
 * Builds the static site: validates the catalogue once, then renders the pages with Astro while
 * Pagefind indexes the same records in its own process, and writes the downloads.
 */
export async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const log = options.log ?? (() => {});
  const outDirectory = resolve(options.outDirectory);
  const dataDirectory = resolve(options.dataDirectory);
  const started = performance.now();
  const phases = { load: 0, pages: 0, downloads: 0, search: 0 };
  const timed = async <T>(phase: keyof typeof phases, work: () => Promise<T>): Promise<T> => {
    const phaseStarted = performance.now();
    try {
      return await work();
    } finally {
      phases[phase] = performance.now() - phaseStarted;
    }
  };

  // Refused before the catalogue is read, so `--out .` fails at once; checked again before anything is replaced.
  await checkOutputDirectory(outDirectory, dataDirectory);
  forgetCatalogues();
  const model = await timed('load', async () => buildModel(await loadCatalogue(dataDirectory)));
  log(`site: ${model.totals.servers} servers, ${model.totals.tools} tools from ${dataDirectory}`);

  return publishAtomically(outDirectory, dataDirectory, async (staging) => {
    // Astro renders in its own process while Pagefind indexes and this process writes the downloads.
    const pagesDone = timed('pages', () => renderPages(staging, dataDirectory, shardCount(model.totals.tools)));
    const searchDone = timed('search', () => buildSearchIndex(model, staging));
    const downloadsDone = timed('downloads', () => writeDownloads(staging, model));
    // Wait for all three even when one fails, so nothing is still writing when the error surfaces.
    const [pagesResult, searchResult, downloadsResult] = await Promise.allSettled([pagesDone, searchDone, downloadsDone]);
    for (const result of [pagesResult, searchResult, downloadsResult]) if (result.status === 'rejected') throw result.reason;
    const { records } = (searchResult as PromiseFulfilledResult<{ records: number }>).value;
    const downloads = (downloadsResult as PromiseFulfilledResult<number>).value;
    const pages = await countPages(staging);
    const entries = [...(await readdir(staging)), BUILD_STAMP];
    const stamp: BuildStamp = { dataDirectory, fingerprint: await fingerprintData(dataDirectory), builtAt: new Date().toISOString(), entries: [...new Set(entries)].sort() };
    await writeFile(join(staging, BUILD_STAMP), `${JSON.stringify(stamp)}\n`);
    return {
      servers: model.totals.servers,
      tools: model.totals.tools,
      pages,
      downloads,
      searchRecords: records,
      milliseconds: performance.now() - started,
      phases,
    };
  });
}

/** Changes when the catalogue or the site's sources change: index.json and every server file's size and time, and the site's own files. */
export async function fingerprintData(dataDirectory: string): Promise<string> {
  const parts: string[] = [];
  const index = await stat(join(dataDirectory, 'index.json')).catch(() => undefined);
  parts.push(`index:${index?.size}:${index?.mtimeMs}`);
  const servers = await readdir(join(dataDirectory, 'servers'), { withFileTypes: true }).catch(() => []);
  let newest = 0;
  let total = 0;
  for (const entry of servers) {
    if (!entry.isFile()) continue;
    const info = await stat(join(dataDirectory, 'servers', entry.name));
    newest = Math.max(newest, info.mtimeMs);
    total += info.size;
  }
  parts.push(`servers:${servers.length}:${total}:${newest}`);
  const siteRoot = new URL('..', import.meta.url).pathname;
  let siteNewest = 0;
  for (const folder of ['src', 'lib', 'public', 'build']) {
    const entries = await readdir(join(siteRoot, folder), { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isFile()) siteNewest = Math.max(siteNewest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  parts.push(`site:${siteNewest}`);
  return parts.join('|');
}

