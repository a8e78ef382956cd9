// Builds valid catalogue files (data/servers/<slug>.json and data/index.json) from tool definitions,
// assessed by the real classifier and checked against the schemas, for the site's test fixture
// (scripts/write-site-fixture.ts) and the site benchmark (bench/site.ts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CLASSIFIER_VERSION } from '../classifier/version.ts';
import { buildIndex } from '../crawler/catalogue-index.ts';
import { slugFor } from '../core/slug.ts';
import { assessTools } from '../classifier/assess-tool.ts';
import { CatalogueIndexSchema, ServerFileSchema, type HistoryEntry, type ServerFile } from '../schemas/catalogue.ts';
import type { ScanStatus } from '../schemas/scan-record.ts';
import type { ToolDefinition } from '../schemas/tool.ts';

/** What a test or benchmark says about one server; everything else gets a realistic default. */
export interface ServerSpec {
  /** Registry or npm name; the slug is computed from it as the crawler does. */
  key: string;
  /** What the server calls itself in `initialize`. */
  serverName?: string;
  title?: string;
  instructions?: string;
  version?: string;
  status?: ScanStatus;
  detail?: string;
  stderrExcerpt?: string;
  scannedAt?: string;
  tools?: ToolDefinition[];
  history?: HistoryEntry[];
  truncatedTools?: boolean;
  malformedTools?: { index: number; name?: string; reason: string }[];
  environment?: ServerFile['environment'];
  supplyChain?: ServerFile['supplyChain'];
}

const LIMITS = {
  startTimeoutMs: 30_000,
  requestTimeoutMs: 10_000,
  memoryBytes: 536_870_912,
  maxProcesses: 64,
  maxMessageBytes: 4_194_304,
  maxStdoutBytes: 16_777_216,
  maxPages: 20,
  maxItems: 1000,
};

/** A server file as the crawler would store it, validated by ServerFileSchema. */
export function buildServerFile(spec: ServerSpec): ServerFile {
  const status = spec.status ?? 'ok';
  const version = spec.version ?? '1.0.0';
  const packageName = spec.key.startsWith('@') || /^[a-z0-9][a-z0-9._-]*$/.test(spec.key) ? spec.key : undefined;
  const tools = status === 'ok' ? (spec.tools ?? []) : [];
  const file: ServerFile = {
    schemaVersion: 1,
    target: packageName ? `npm:${packageName}@${version}` : spec.key,
    targetKind: packageName ? 'npm' : 'server-json',
    ...(packageName && { package: { registry: 'npm' as const, name: packageName, version } }),
    scannerVersion: '0.1.0',
    classifierVersion: CLASSIFIER_VERSION,
    scannedAt: spec.scannedAt ?? '2026-11-01T12:00:00.000Z',
    sandbox: { backend: 'bubblewrap', limits: LIMITS },
    limitsHit: spec.truncatedTools ? ['maxItems:tools'] : [],
    timings: { installMs: 7200, startMs: 340, listMs: 30, totalMs: 7600 },
    status,
    detail: spec.detail ?? (status === 'ok' ? `listed ${tools.length} tools` : `the scan ended with ${status}`),
    ...(spec.stderrExcerpt !== undefined && { stderrExcerpt: spec.stderrExcerpt }),
    environment: spec.environment ?? [],
    ...(status === 'ok' && {
      server: {
        name: spec.serverName ?? spec.key,
        version,
        ...(spec.title !== undefined && { title: spec.title }),
        protocolVersion: '2025-06-18',
        capabilities: { tools: { listChanged: false } },
        ...(spec.instructions !== undefined && { instructions: spec.instructions }),
      },
    }),
    tools: assessTools(tools).map((assessed, index) => {
      if (!assessed.ok) throw new Error(`fixture tool ${tools[index]!.name} is malformed: ${assessed.problem}`);
      return assessed.value;
    }),
    prompts: [],
    resources: [],
    malformed: (spec.malformedTools ?? []).map((item) => ({ list: 'tools' as const, ...item })),
    truncated: spec.truncatedTools ? ['tools'] : [],
    ...(spec.supplyChain && { supplyChain: spec.supplyChain }),
    slug: slugFor(spec.key),
    key: spec.key,
    version,
    history: spec.history ?? [],
  };
  return ServerFileSchema.parse(file);
}

/** Writes `servers/<slug>.json` for each file and `index.json` into a data directory. */
export async function writeCatalogue(directory: string, files: ServerFile[], options: { pretty?: boolean } = {}): Promise<void> {
  await mkdir(join(directory, 'servers'), { recursive: true });
  const indent = options.pretty ? 2 : undefined;
  const slugs = new Set<string>();
  for (const file of files) {
    if (slugs.has(file.slug)) throw new Error(`two servers share the slug ${file.slug}`);
    slugs.add(file.slug);
    await writeFile(join(directory, 'servers', `${file.slug}.json`), `${JSON.stringify(file, null, indent)}\n`);
  }
  const index = CatalogueIndexSchema.parse(buildIndex(files));
  await writeFile(join(directory, 'index.json'), `${JSON.stringify(index, null, indent)}\n`);
}
