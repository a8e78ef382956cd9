import { z } from 'zod';
import { describeFirstIssue } from '../core/parse.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import { getParsed, type HttpOptions } from './http.ts';
import { MalformedLog, type Discovery, type Source } from './source.ts';

export const NPM_REGISTRY_URL = 'https://registry.npmjs.org';
export const DEFAULT_NPM_KEYWORDS = ['mcp', 'modelcontextprotocol', 'mcp-server', 'model-context-protocol'];

/** One item of `GET /-/v1/search`: the package summary plus scores. */
const SearchObjectSchema = z.object({
  package: z.looseObject({
    name: z.string().min(1),
    version: z.string().min(1),
    description: z.string().nullish(),
    keywords: z.array(z.string()).nullish(),
    links: z.looseObject({ repository: z.string().optional() }).optional(),
  }),
});

const SearchResponseSchema = z.object({
  objects: z.array(z.unknown()),
  total: z.number().int().min(0),
});

export interface NpmSourceOptions extends HttpOptions {
  /** The registry's base URL (default the public npm registry). */
  baseUrl?: string;
  /** Keywords searched as `keywords:WORD`; a package matching several is listed once. */
  keywords?: string[];
  /** Results per page (npm allows up to 250). */
  pageSize?: number;
  /** Pages per keyword at most; hitting it marks the report truncated. */
  maxPages?: number;
  now?: () => Date;
}

/** npm's search API by keyword: every package tagged `mcp`, `modelcontextprotocol`, … with its latest version. */
export function createNpmSource(options: NpmSourceOptions = {}): Source {
  const baseUrl = (options.baseUrl ?? NPM_REGISTRY_URL).replace(/\/+$/, '');
  const pageSize = options.pageSize ?? 250;
  const maxPages = options.maxPages ?? 20;
  return {
    name: 'npm',
    async discover(signal) {
      const discoveredAt = (options.now?.() ?? new Date()).toISOString();
      const malformed = new MalformedLog();
      const byName = new Map<string, CrawlTarget>();
      let truncated = false;
      for (const keyword of options.keywords ?? DEFAULT_NPM_KEYWORDS) {
        for (let page = 0, from = 0; ; page++) {
          if (page >= maxPages) {
            truncated = true;
            break;
          }
          const url = new URL(`${baseUrl}/-/v1/search`);
          url.searchParams.set('text', `keywords:${keyword}`);
          url.searchParams.set('size', String(pageSize));
          url.searchParams.set('from', String(from));
          const body = await getParsed(url.href, SearchResponseSchema, { ...options, signal: signal ?? options.signal });
          body.objects.forEach((item, index) => {
            const parsed = SearchObjectSchema.safeParse(item);
            if (!parsed.success) return malformed.add(`${url.href} item ${index}`, describeFirstIssue(parsed.error));
            const { name, version, description, links } = parsed.data.package;
            if (byName.has(name)) return;
            byName.set(name, {
              key: name,
              version,
              package: { name },
              ...(description && { description }),
              ...(links?.repository && { repository: links.repository }),
              sources: ['npm'],
            });
          });
          from += body.objects.length;
          if (body.objects.length === 0 || from >= body.total) break;
        }
      }
      const targets = [...byName.values()];
      return { targets, report: { source: 'npm', discoveredAt, count: targets.length, truncated, malformed: malformed.entries } } satisfies Discovery;
    },
  };
}
