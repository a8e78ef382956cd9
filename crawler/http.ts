import type { z } from 'zod';
import { McpRiskError } from '../core/errors.ts';
import { checkWith } from '../core/parse.ts';

/** How a live source talks HTTP: the fetch to use and how patiently to retry. */
export interface HttpOptions {
  /** The fetch implementation; tests pass the global one pointed at 127.0.0.1. */
  fetch?: typeof fetch;
  /** Retries after the first attempt, for 429, 5xx and network errors. */
  retries?: number;
  /** The first backoff in milliseconds; doubled on each retry, with jitter. */
  backoffMs?: number;
  /** The longest wait a `Retry-After` may impose; beyond it the request fails instead of stalling a crawl. */
  maxRetryAfterMs?: number;
  /** Milliseconds before one attempt is abandoned. */
  timeoutMs?: number;
  /** Extra request headers (a User-Agent, an Authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Waits between attempts; replaced in tests to observe the delays. */
  sleep?: (milliseconds: number, signal?: AbortSignal) => Promise<void>;
}

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads `Retry-After` as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** GETs a URL and returns the response body as JSON, retrying 429 (honouring `Retry-After`), 5xx and network errors. */
export async function getJson(url: string, options: HttpOptions = {}): Promise<unknown> {
  const fetchImpl = options.fetch ?? fetch;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const wait = options.sleep ?? sleep;
  let lastProblem = '';
  for (let attempt = 0; attempt <= retries; attempt++) {
    let delay = backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
    try {
      const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
      const response = await fetchImpl(url, { headers: { accept: 'application/json', ...options.headers }, signal: AbortSignal.any(signals) });
      if (response.ok) {
        const text = await response.text();
        try {
          return JSON.parse(text) as unknown;
        } catch (error) {
          throw new McpRiskError('input', `Expected JSON from ${url}, got ${JSON.stringify(text.slice(0, 80))}.`, { cause: error });
        }
      }
      await response.body?.cancel();
      lastProblem = `HTTP ${response.status} ${response.statusText}`.trim();
      if (!RETRYABLE_STATUS.has(response.status)) break;
      const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
      if (retryAfter !== undefined) {
        if (retryAfter > maxRetryAfterMs) {
          lastProblem += ` with Retry-After ${Math.round(retryAfter / 1000)}s, longer than the ${Math.round(maxRetryAfterMs / 1000)}s allowed`;
          break;
        }
        delay = retryAfter;
      }
    } catch (error) {
      if (error instanceof McpRiskError) throw error;
      if (options.signal?.aborted) throw error;
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    if (attempt < retries) await wait(delay, options.signal);
  }
  throw new McpRiskError('io', `GET ${url} failed: ${lastProblem}.`, {
    hint: 'Check the URL and the network, or run again later; the service may be rate-limiting.',
  });
}

/** GETs JSON and checks its outer shape with a zod schema, naming the URL and the field on failure. */
export async function getParsed<T extends z.ZodType>(url: string, schema: T, options: HttpOptions = {}): Promise<z.infer<T>> {
  const body = await getJson(url, options);
  const checked = checkWith(schema, body);
  if (checked.ok) return checked.value;
  throw new McpRiskError('input', `Unexpected response from ${url}: ${checked.problem}.`, {
    hint: 'The service may have changed its API; see docs/crawling.md.',
  });
}
