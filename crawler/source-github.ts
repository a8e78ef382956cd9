import Bottleneck from 'bottleneck';
import { Octokit, RequestError } from 'octokit';
import pLimit from 'p-limit';
import { z } from 'zod';
import { McpRiskError } from '../core/errors.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import { ServerJsonSchema, targetFromServerJson } from './source-registry.ts';
import { MalformedLog, type Discovery, type Source } from './source.ts';
import { describeFirstIssue } from '../core/parse.ts';

export const GITHUB_API_URL = 'https://api.github.com';
export const DEFAULT_GITHUB_TOPICS = ['mcp-server', 'model-context-protocol', 'modelcontextprotocol'];

const PackageJsonSchema = z.looseObject({
  name: z.string().min(1),
  private: z.boolean().optional(),
  description: z.string().optional(),
});

/** The fields of a `search/repositories` item the crawler reads. */
const RepositorySchema = z.looseObject({
  full_name: z.string(),
  name: z.string(),
  owner: z.looseObject({ login: z.string() }).nullable(),
  html_url: z.string(),
  archived: z.boolean().optional(),
  fork: z.boolean().optional(),
});

export interface GithubSourceOptions {
  /** The REST API base URL (default api.github.com; GitHub Enterprise or a test server otherwise). */
  baseUrl?: string;
  /** A token raises the rate limits; discovery works without one, slowly. */
  token?: string;
  /** Topics searched as `topic:NAME`. */
  topics?: string[];
  /** Search pages per topic (GitHub serves at most 1,000 results, 10 pages of 100). */
  maxPages?: number;
  /** Results per search page. */
  pageSize?: number;
  /** Repositories read at once. */
  concurrency?: number;
  /** How many times a rate-limited request is retried before giving up. */
  rateLimitRetries?: number;
  /** The longest rate-limit wait accepted, in seconds; a longer one fails the request instead of stalling. */
  maxRateLimitWaitSeconds?: number;
  /** Milliseconds per second of `Retry-After`; tests shrink it. */
  retryAfterBaseValue?: number;
  /** The least time between two search requests (GitHub asks for 2 s); tests shrink it. */
  searchIntervalMs?: number;
  /** octokit's custom fetch, for recorded responses. */
  fetch?: typeof fetch;
  now?: () => Date;
}

function decodeContent(data: unknown): string | undefined {
  const file = data as { type?: string; encoding?: string; content?: string };
  if (file.type !== 'file' || typeof file.content !== 'string') return undefined;
  if (file.encoding === 'base64') return Buffer.from(file.content, 'base64').toString('utf8');
  return file.encoding === 'utf-8' ? file.content : undefined;
}

/** GitHub through octokit: repositories by topic, then each one's server.json, else its package.json. */
export function createGithubSource(options: GithubSourceOptions = {}): Source {
  const retries = options.rateLimitRetries ?? 3;
  const maxWait = options.maxRateLimitWaitSeconds ?? 300;
  const shouldRetry = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < retries && retryAfter <= maxWait;
  const octokit = new Octokit({
    baseUrl: (options.baseUrl ?? GITHUB_API_URL).replace(/\/+$/, ''),
    ...(options.token && { auth: options.token }),
    request: { ...(options.fetch && { fetch: options.fetch }) },
    throttle: {
      onRateLimit: shouldRetry,
      onSecondaryRateLimit: shouldRetry,
      ...(options.retryAfterBaseValue !== undefined && { retryAfterBaseValue: options.retryAfterBaseValue }),
      // The source's own search limiter: octokit's default one is shared by every instance in the process.
      search: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.searchIntervalMs ?? 2_000 }),
    },
    retry: { retries, ...(options.retryAfterBaseValue !== undefined && { retryAfterBaseValue: options.retryAfterBaseValue }) },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });

  async function readFile(owner: string, repo: string, path: string): Promise<string | undefined> {
    try {
      const response = await octokit.rest.repos.getContent({ owner, repo, path });
      return decodeContent(response.data);
    } catch (error) {
      if (error instanceof RequestError && error.status === 404) return undefined;
      throw error;
    }
  }

  return {
    name: 'github',
    async discover(signal) {
      const discoveredAt = (options.now?.() ?? new Date()).toISOString();
      const malformed = new MalformedLog();
      const repositories = new Map<string, z.infer<typeof RepositorySchema>>();
      let truncated = false;
      for (const topic of options.topics ?? DEFAULT_GITHUB_TOPICS) {
        const maxPages = options.maxPages ?? 10;
        for (let page = 1; ; page++) {
          if (page > maxPages) {
            truncated = true;
            break;
          }
          signal?.throwIfAborted();
          const response = await octokit.rest.search.repos({ q: `topic:${topic}`, sort: 'stars', order: 'desc', per_page: options.pageSize ?? 100, page }).catch((error: unknown) => {
            const status = error instanceof RequestError ? `HTTP ${error.status}: ${error.message}` : String(error);
            throw new McpRiskError('io', `GitHub repository search for topic:${topic} (page ${page}) failed: ${status}.`, {
              hint: 'Set GITHUB_TOKEN for higher rate limits, or run again later.',
              cause: error,
            });
          });
          if (response.data.incomplete_results) truncated = true;
          response.data.items.forEach((item, index) => {
            const parsed = RepositorySchema.safeParse(item);
            if (!parsed.success) return malformed.add(`search topic:${topic} page ${page} item ${index}`, describeFirstIssue(parsed.error));
            if (!parsed.data.archived && !parsed.data.fork) repositories.set(parsed.data.full_name, parsed.data);
          });
          const seen = (page - 1) * (options.pageSize ?? 100) + response.data.items.length;
          if (response.data.items.length === 0 || seen >= response.data.total_count) break;
        }
      }

      const limit = pLimit(options.concurrency ?? 4);
      const found = await Promise.all([...repositories.values()].map((repository) => limit(async (): Promise<CrawlTarget | undefined> => {
        signal?.throwIfAborted();
        const owner = repository.owner?.login ?? repository.full_name.split('/')[0] ?? '';
        const where = repository.html_url;
        try {
          const serverJsonText = await readFile(owner, repository.name, 'server.json');
          if (serverJsonText !== undefined) {
            const parsed = ServerJsonSchema.safeParse(JSON.parse(serverJsonText));
            if (parsed.success) return { ...targetFromServerJson(parsed.data, 'github'), repository: repository.html_url };
            malformed.add(`${where}/server.json`, describeFirstIssue(parsed.error));
          }
          const packageJsonText = await readFile(owner, repository.name, 'package.json');
          if (packageJsonText === undefined) return undefined;
          const parsed = PackageJsonSchema.safeParse(JSON.parse(packageJsonText));
          if (!parsed.success) {
            malformed.add(`${where}/package.json`, describeFirstIssue(parsed.error));
            return undefined;
          }
          if (parsed.data.private) return undefined;
          return {
            key: parsed.data.name,
            package: { name: parsed.data.name },
            ...(parsed.data.description && { description: parsed.data.description }),
            repository: repository.html_url,
            sources: ['github'],
          };
        } catch (error) {
          // A repository that cannot be read is one malformed entry, not a failed discovery.
          malformed.add(where, error instanceof Error ? error.message : String(error));
          return undefined;
        }
      })));
      const byKey = new Map<string, CrawlTarget>();
      for (const target of found) if (target && !byKey.has(target.key)) byKey.set(target.key, target);
      const targets = [...byKey.values()];
      return { targets, report: { source: 'github', discoveredAt, count: targets.length, truncated, malformed: malformed.entries } } satisfies Discovery;
    },
  };
}
