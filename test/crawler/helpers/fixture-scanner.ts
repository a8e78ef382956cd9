import { createHash } from 'node:crypto';
import { classifyTool } from '../../../classifier/classify.ts';
import { CLASSIFIER_VERSION } from '../../../classifier/version.ts';
import type { CrawlScanner } from '../../../crawler/scanner-port.ts';
import type { CrawlTarget } from '../../../schemas/catalogue.ts';
import type { ScanRecord, ScanStatus, ScannedTool } from '../../../schemas/scan-record.ts';
import type { ToolDefinition } from '../../../schemas/tool.ts';

/** The same canonical-JSON sha256 the scanner pins tools with. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function pinOf(tool: ToolDefinition): string {
  return createHash('sha256').update(canonicalJson({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations })).digest('hex');
}

/** Tools a fixture server lists: a few read and write tools named after the package. */
export function defaultTools(key: string): ToolDefinition[] {
  const base = key.replace(/[^a-z0-9]+/gi, '_');
  return [
    { name: `${base}_list`, description: `List items in ${key}`, inputSchema: { type: 'object', properties: {} } },
    { name: `${base}_delete`, description: `Delete an item from ${key} permanently`, inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
  ];
}

export interface FixtureScannerOptions {
  /** The version `latest` resolves to, per key (default 1.0.0). */
  versions?: Record<string, string>;
  /** The tools listed, per key@version or key (default `defaultTools`). */
  tools?: Record<string, ToolDefinition[]>;
  /** The outcome per key (default ok). */
  statuses?: Record<string, ScanStatus>;
  /** When every scan starts, so records are byte-identical across runs. */
  scannedAt?: string;
  /** Milliseconds each launch takes. */
  launchMs?: number;
  /** Called on each launch, e.g. to log launches to a file a parent process reads. */
  onLaunch?: (target: CrawlTarget) => void;
}

/**
 * A real in-process scanner for crawler tests: it produces valid scan records, with tools assessed
 * by the classifier and pinned like the scanner does, from fixture tool lists instead of processes.
 */
export function createFixtureScanner(options: FixtureScannerOptions = {}) {
  const calls = { resolve: [] as string[], install: [] as string[], launch: [] as string[] };
  const record = (target: CrawlTarget, version: string): ScanRecord => {
    const status = options.statuses?.[target.key] ?? 'ok';
    const definitions = status === 'ok' ? (options.tools?.[`${target.key}@${version}`] ?? options.tools?.[target.key] ?? defaultTools(target.key)) : [];
    const tools: ScannedTool[] = definitions.map((tool) => ({ ...tool, pin: pinOf(tool), assessment: classifyTool(tool) }));
    return {
      schemaVersion: 1,
      target: `npm:${target.package?.name ?? target.key}@${version}`,
      targetKind: 'npm',
      ...(target.package && { package: { registry: 'npm' as const, name: target.package.name, version, integrity: `sha512-${Buffer.from(`${target.key}@${version}`).toString('base64')}` } }),
      scannerVersion: '0.1.0',
      classifierVersion: CLASSIFIER_VERSION,
      scannedAt: options.scannedAt ?? new Date().toISOString(),
      sandbox: { backend: 'bubblewrap', limits: { startTimeoutMs: 20_000, requestTimeoutMs: 10_000, memoryBytes: 1 << 30, maxProcesses: 64, maxMessageBytes: 4 << 20, maxStdoutBytes: 16 << 20, maxPages: 100, maxItems: 5_000 } },
      limitsHit: [],
      timings: { installMs: 1, startMs: 1, listMs: 1, totalMs: 3 },
      status,
      detail: status === 'ok' ? `${tools.length} tools` : `fixture outcome ${status}`,
      environment: [],
      ...(status === 'ok' && { server: { name: target.key, version, protocolVersion: '2025-06-18', capabilities: { tools: {} } } }),
      tools,
      prompts: [],
      resources: [],
      malformed: [],
      truncated: [],
    };
  };
  const scanner: CrawlScanner = {
    async resolve(target) {
      calls.resolve.push(target.key);
      return { version: options.versions?.[target.key] ?? '1.0.0' };
    },
    async install(target, version) {
      calls.install.push(`${target.key}@${version}`);
      return undefined;
    },
    async launch(target, version) {
      calls.launch.push(`${target.key}@${version}`);
      options.onLaunch?.(target);
      if (options.launchMs) await new Promise((resolve) => setTimeout(resolve, options.launchMs));
      return record(target, version);
    },
  };
  return { scanner, calls };
}

/** npm targets named `fixture-server-1` … for crawl tests. */
export function fixtureTargets(count: number, prefix = 'fixture-server'): CrawlTarget[] {
  return Array.from({ length: count }, (_, index) => ({ key: `${prefix}-${index + 1}`, package: { name: `${prefix}-${index + 1}` }, sources: ['list' as const] }));
}
