import { z } from 'zod';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import { getParsed, type HttpOptions } from './http.ts';
import { MalformedLog, type Discovery, type Source } from './source.ts';
import { describeFirstIssue } from '../core/parse.ts';

export const OFFICIAL_REGISTRY_URL = 'https://registry.modelcontextprotocol.io';

/** The parts of a server.json the crawler reads; everything else is kept as published. */
const ServerJsonSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  repository: z.looseObject({ url: z.string() }).optional(),
  packages: z.array(z.looseObject({ registryType: z.string(), identifier: z.string(), version: z.string().optional() })).optional(),
  remotes: z.array(z.looseObject({ type: z.string(), url: z.string() })).optional(),
});

const OFFICIAL_META = 'io.modelcontextprotocol.registry/official';

/** One item of `GET /v0.1/servers`: the server.json plus registry-managed metadata. */
const ServerResponseSchema = z.object({
  server: ServerJsonSchema,
  _meta: z.looseObject({
    [OFFICIAL_META]: z.looseObject({ status: z.string().optional(), isLatest: z.boolean().optional(), updatedAt: z.string().optional() }).optional(),
  }).optional(),
});

/** The page envelope; items are checked one by one so one bad entry never hides the rest. */
const ServerListSchema = z.object({
  servers: z.array(z.unknown()),
  metadata: z.object({ nextCursor: z.string().nullish(), count: z.number().optional() }).optional(),
});

export interface RegistrySourceOptions extends HttpOptions {
  /** The registry's base URL (default the official registry). */
  baseUrl?: string;
  /** Only servers updated since this RFC 3339 time (incremental sync). */
  updatedSince?: string;
  /** Items per page (the registry caps it at 100). */
  pageSize?: number;
  /** Pages to walk at most; hitting it marks the report truncated. */
  maxPages?: number;
  /** The discovery time to record; defaults to now. */
  now?: () => Date;
}

/** Turns one registry entry into a target keyed by its registry name; its first npm package is what gets scanned. */
export function targetFromServerJson(server: z.infer<typeof ServerJsonSchema>, source: 'registry' | 'github'): CrawlTarget {
  const npmPackage = server.packages?.find((entry) => entry.registryType === 'npm');
  return {
    key: server.name,
    // The package's version is what runs; the server.json's own version only for servers without an npm package.
    ...(npmPackage ? npmPackage.version && { version: npmPackage.version } : { version: server.version }),
    ...(npmPackage && { package: { name: npmPackage.identifier } }),
    serverJson: server,
    ...(server.description && { description: server.description }),
    ...(server.repository?.url && { repository: server.repository.url }),
    sources: [source],
  };
}

export { ServerJsonSchema };

/** The official MCP registry: `GET /v0.1/servers`, cursor pagination through `metadata.nextCursor`, `updated_since`. */
export function createRegistrySource(options: RegistrySourceOptions = {}): Source {
  const baseUrl = (options.baseUrl ?? OFFICIAL_REGISTRY_URL).replace(/\/+$/, '');
  return {
    name: 'registry',
    async discover(signal) {
      const discoveredAt = (options.now?.() ?? new Date()).toISOString();
      const malformed = new MalformedLog();
      const byName = new Map<string, CrawlTarget>();
      const maxPages = options.maxPages ?? 500;
      let cursor: string | undefined;
      let truncated = false;
      const seenCursors = new Set<string>();
      for (let page = 0; ; page++) {
        if (page >= maxPages) {
          truncated = true;
          break;
        }
        const url = new URL(`${baseUrl}/v0.1/servers`);
        url.searchParams.set('limit', String(options.pageSize ?? 100));
        url.searchParams.set('version', 'latest');
        if (options.updatedSince) url.searchParams.set('updated_since', options.updatedSince);
        if (cursor) url.searchParams.set('cursor', cursor);
        const body = await getParsed(url.href, ServerListSchema, { ...options, signal: signal ?? options.signal });
        body.servers.forEach((item, index) => {
          const parsed = ServerResponseSchema.safeParse(item);
          if (!parsed.success) return malformed.add(`${url.href} item ${index}`, describeFirstIssue(parsed.error));
          const official = parsed.data._meta?.[OFFICIAL_META];
          if (official?.status === 'deleted' || official?.isLatest === false) return;
          byName.set(parsed.data.server.name, targetFromServerJson(parsed.data.server, 'registry'));
        });
        const next = body.metadata?.nextCursor;
        if (!next) break;
        // A registry that hands back a cursor it already gave would loop forever.
        if (seenCursors.has(next)) {
          malformed.add(url.href, `the registry repeated the cursor ${JSON.stringify(next)}; stopped`);
          truncated = true;
          break;
        }
        seenCursors.add(next);
        cursor = next;
      }
      const targets = [...byName.values()];
      return { targets, report: { source: 'registry', discoveredAt, count: targets.length, truncated, malformed: malformed.entries } } satisfies Discovery;
    },
  };
}
