import { loadCatalogue } from './catalogue.ts';
import { buildModel, type SiteModel } from './model.ts';

/** The environment variable the build command uses to tell Astro's pages which data directory to read. */
export const DATA_DIRECTORY_VARIABLE = 'MCP_RISK_SITE_DATA';

const MODEL = Symbol.for('mcp-risk.site.model');
type ModelHolder = { [MODEL]?: { directory: string; model: Promise<SiteModel> } };

/** The environment variable that gives one Astro process its share of the tool pages, as `INDEX/COUNT`. */
export const SHARD_VARIABLE = 'MCP_RISK_SITE_SHARD';

/** This process's share of the pages: the build renders tool pages in parallel processes. */
export function pageShard(): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(process.env[SHARD_VARIABLE] ?? '');
  const index = Number(match?.[1] ?? 0);
  const count = Number(match?.[2] ?? 1);
  return count >= 1 && index < count ? { index, count } : { index: 0, count: 1 };
}

/** Listings and server pages are rendered once, by the first shard. */
export function isFirstShard(): boolean {
  return pageShard().index === 0;
}

/** Whether the item at this position (a tool page) belongs to this process. */
export function inShard(position: number): boolean {
  const { index, count } = pageShard();
  return position % count === index;
}

/** The data directory of this build: `--data DIR` through the environment, else `data/` in the working directory. */
export function dataDirectory(): string {
  return process.env[DATA_DIRECTORY_VARIABLE] || 'data';
}

/** The site model of this build's data directory, computed once and shared by every page. */
export function siteModel(): Promise<SiteModel> {
  const holder = globalThis as ModelHolder;
  const directory = dataDirectory();
  if (holder[MODEL]?.directory !== directory) {
    holder[MODEL] = { directory, model: loadCatalogue(directory).then(buildModel) };
  }
  return holder[MODEL].model;
}

/** Drops the shared model so the next build reads the data again. */
export function forgetSiteModel(): void {
  delete (globalThis as ModelHolder)[MODEL];
}
