// npm run bench:site — generates a synthetic catalogue of 5,000 servers and 35,000 tools shaped like
// real scan records (assessed by the real classifier) in a temporary directory, builds the site from
// it with `mcp-risk site build` in a child process (pages, downloads and the Pagefind index), and
// prints seconds, pages per second and the peak memory of the whole process tree. Target: ≤ 90 s.
import { spawn } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEntry, ServerFile } from '../schemas/catalogue.ts';
import type { ScanStatus } from '../schemas/scan-record.ts';
import { ClassifierInputSchema, type ToolDefinition } from '../schemas/tool.ts';
import { buildServerFile, writeCatalogue } from '../scripts/catalogue-builder.ts';

const SERVERS = Number(process.env.BENCH_SERVERS ?? 5000);
const TOOLS = Number(process.env.BENCH_TOOLS ?? 35_000);
const TARGET_SECONDS = 90;
const root = fileURLToPath(new URL('..', import.meta.url));

async function loadSeeds(): Promise<ToolDefinition[]> {
  const seeds: ToolDefinition[] = [];
  for (const file of ['../shared/datasets/dev.jsonl', 'examples/sample-tools.jsonl']) {
    const text = await readFile(join(root, file), 'utf8').catch(() => '');
    for (const line of text.split('\n').filter(Boolean)) {
      const parsed = ClassifierInputSchema.safeParse(JSON.parse(line));
      if (!parsed.success) continue;
      const { name, description, annotations, inputSchema } = parsed.data;
      seeds.push({
        name,
        ...(description && { description }),
        ...(annotations && { annotations }),
        inputSchema: inputSchema && inputSchema.type === 'object' ? (inputSchema as ToolDefinition['inputSchema']) : syntheticSchema(name),
      });
    }
  }
  if (!seeds.length) throw new Error('bench:site: no seed tools found');
  return seeds;
}

/** An input schema of the size real ones have: a few typed, described properties. */
function syntheticSchema(name: string): ToolDefinition['inputSchema'] {
  const words = name.split(/[_\-.]|(?=[A-Z])/).filter(Boolean);
  const properties: Record<string, object> = {};
  for (const [index, word] of [...words, 'limit', 'cursor'].entries()) {
    properties[word.toLowerCase()] = index % 3 === 2 ? { type: 'number', description: `How many ${word} items to return (default 20).` } : { type: 'string', description: `The ${word} to act on, as its identifier or URL.` };
  }
  return { type: 'object', properties, required: [Object.keys(properties)[0]!] };
}

const FILLER = [
  'Returns the result as JSON.',
  'Requires an API token with the right scope.',
  'Use the cursor from the previous call to page through results.',
  'The operation is applied to the workspace configured for this server.',
  'Errors are returned with a message and a status code.',
];
const FAILED: ScanStatus[] = ['needs_credentials', 'timeout', 'crashed', 'install_failed', 'protocol_error'];

function toolCounts(): number[] {
  // Uneven like the real catalogue: many small servers, a few large ones; summing exactly to TOOLS over the servers that scanned.
  const ok = Math.round(SERVERS * 0.85);
  const weights = Array.from({ length: ok }, (_, index) => 1 + ((index * 7919) % 13) + (index % 50 === 0 ? 40 : 0));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const counts = weights.map((weight) => Math.max(1, Math.floor((weight / total) * TOOLS)));
  let remainder = TOOLS - counts.reduce((sum, count) => sum + count, 0);
  for (let index = 0; remainder > 0; index = (index + 1) % counts.length, remainder--) counts[index]!++;
  return counts;
}

function generate(seeds: ToolDefinition[]): ServerFile[] {
  const counts = toolCounts();
  const files: ServerFile[] = [];
  let seedIndex = 0;
  for (let index = 0; index < SERVERS; index++) {
    const key = index % 3 === 0 ? `@org${index % 97}/mcp-server-${index}` : index % 3 === 1 ? `mcp-${index}-server` : `io.github.user${index}/server-${index}`;
    const scannedAt = new Date(Date.UTC(2026, 9, 1) + index * 517_000).toISOString();
    const toolCount = counts[index];
    if (toolCount === undefined) {
      const status = FAILED[index % FAILED.length]!;
      files.push(buildServerFile({ key, status, scannedAt, detail: `synthetic ${status} outcome`, stderrExcerpt: 'Error: missing API_KEY' }));
      continue;
    }
    const tools: ToolDefinition[] = [];
    const names = new Set<string>();
    for (let position = 0; position < toolCount; position++) {
      const seed = seeds[seedIndex++ % seeds.length]!;
      let name = seed.name;
      for (let suffix = 2; names.has(name); suffix++) name = `${seed.name}_${suffix}`;
      names.add(name);
      const extra = FILLER.slice(0, (seedIndex % FILLER.length) + 1).join(' ');
      tools.push({ ...seed, name, description: `${seed.description ?? ''} ${extra}`.trim() });
    }
    // One server in ten gained a tool at its last rescan and one in ten had a tool redefined, so the
    // Changes sections, the Recent changes pages and the feed are as full as a real catalogue's.
    const history: HistoryEntry[] = index % 10 === 0 && tools[0]
      ? [{ at: scannedAt, fromVersion: '0.9.0', toVersion: '1.0.0', added: [{ name: tools[0].name, pin: 'a'.repeat(64) }], removed: [], changed: [] }]
      : index % 10 === 5 && tools[0]
        ? [{
          at: scannedAt, fromVersion: '0.9.0', toVersion: '1.0.0', added: [], removed: [],
          changed: [{ name: tools[0].name, fromPin: 'b'.repeat(64), toPin: 'c'.repeat(64), fields: [{ path: '/description', before: 'An older description.', after: tools[0].description ?? '' }, { path: '/inputSchema/properties/force', after: { type: 'boolean' } }] }],
        }]
        : [];
    files.push(buildServerFile({ key, serverName: `server-${index}`, title: `Synthetic server ${index}`, scannedAt, tools, history }));
  }
  return files;
}

/** Resident memory of a process and all its descendants, from /proc (Linux). */
async function treeRss(pid: number): Promise<number> {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const resident = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024;
    rss.set(Number(entry), resident);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const current = stack.pop()!;
    total += rss.get(current) ?? 0;
    stack.push(...(children.get(current) ?? []));
  }
  return total;
}

// `npm run bench:site -- DIR` keeps the catalogue and the site in DIR and reuses a catalogue already there.
const keep = process.argv[2];
const work = keep ?? (await mkdtemp(join(tmpdir(), 'mcp-risk-bench-site-')));
try {
  const existing = keep ? await readFile(join(work, 'data', 'index.json'), 'utf8').catch(() => undefined) : undefined;
  if (existing === undefined) {
    const generationStarted = performance.now();
    const files = generate(await loadSeeds());
    await writeCatalogue(join(work, 'data'), files);
    const toolTotal = files.reduce((sum, file) => sum + file.tools.length, 0);
    console.log(`bench:site: generated ${files.length} servers and ${toolTotal} tools in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s (not counted)`);
  }

  // A kept directory's previous site is removed before the clock starts: the figure is the build's.
  await rm(join(work, 'site'), { recursive: true, force: true });
  const started = performance.now();
  const child = spawn(process.execPath, [join(root, 'bin/mcp-risk.js'), 'site', 'build', '--data', join(work, 'data'), '--out', join(work, 'site')], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let peak = 0;
  const sampler = setInterval(() => {
    void treeRss(child.pid!).then((rss) => (peak = Math.max(peak, rss)));
  }, 250);
  const code = await new Promise<number>((resolvePromise) => child.on('close', (exit) => resolvePromise(exit ?? 1)));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(output);
  if (code !== 0) throw new Error(`site build exited with ${code}`);
  const pages = Number(/built (\d+) pages/.exec(output)?.[1] ?? 0);
  console.log(`\nbench:site: ${seconds.toFixed(1)} s for ${pages} pages (${(pages / seconds).toFixed(0)} pages/s, target ≤ ${TARGET_SECONDS} s), peak memory ${(peak / 1024 ** 3).toFixed(2)} GB (build process and Pagefind)`);
  process.exitCode = seconds <= TARGET_SECONDS ? 0 : 1;
} finally {
  if (!keep) await rm(work, { recursive: true, force: true });
}
