// Gathers and checks data/labelled/gathered.jsonl, the whole-server tool set that annotators label.
//   tsx scripts/gather-labelled.ts check owner/repo[=server-name] ...   which candidates are allowed
//   tsx scripts/gather-labelled.ts build RAW.jsonl                      normalise extracted rows into the set
//   tsx scripts/gather-labelled.ts validate [FILE]                      check the set (ids, fields, exclusions)
// Exclusions: servers and repositories in ../shared/datasets/{dev,dev4,dev-unlabelled}.jsonl, and any name or
// repository whose lower-cased sha256 is a line of ../shared/sealed/excluded.sha256 (the sealed sets').
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatheredToolSchema, type GatheredTool } from '../schemas/gathered-tool.ts';

export const GATHERED_FILE = 'data/labelled/gathered.jsonl';
export const MAX_TOOLS_PER_SERVER = 30;
export const SAMPLE_SEED = 20;
const SHARED_DATASETS = ['dev.jsonl', 'dev4.jsonl', 'dev-unlabelled.jsonl'];

/** Where the team's shared folder is: $MCP_RISK_SHARED, else ../shared (a clone beside it), else ../../shared (a worktree). */
export function findSharedDir(): string | undefined {
  const candidates = [process.env.MCP_RISK_SHARED, '../shared', '../../shared'].filter((dir): dir is string => Boolean(dir));
  return candidates.find((dir) => existsSync(path.join(dir, 'sealed', 'excluded.sha256')));
}

export interface Exclusions {
  /** Lower-cased server names and repositories already in the shared datasets. */
  known: Set<string>;
  /** sha256 hex digests of the sealed sets' lower-cased server names and repositories. */
  sealedHashes: Set<string>;
}

export function loadExclusions(sharedDir: string): Exclusions {
  const known = new Set<string>();
  for (const file of SHARED_DATASETS) {
    for (const line of readFileSync(path.join(sharedDir, 'datasets', file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { server?: string; repo?: string };
      if (row.server) known.add(row.server.toLowerCase());
      if (row.repo) known.add(row.repo.toLowerCase());
    }
  }
  const sealedHashes = new Set(
    readFileSync(path.join(sharedDir, 'sealed', 'excluded.sha256'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => /^[0-9a-f]{64}$/.test(line)),
  );
  return { known, sealedHashes };
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The names a candidate is checked under: the repository, its name, the server name given to it, and the bare
 * product name left when a `mcp` prefix or suffix is taken off (so `acme-mcp-server` is checked as `acme` too).
 */
export function namesToCheck(repo: string, server: string): string[] {
  const lowerRepo = repo.toLowerCase();
  const repoName = lowerRepo.split('/')[1] ?? lowerRepo;
  const names = new Set<string>([lowerRepo, repoName, server.toLowerCase()]);
  for (const name of [repoName, server.toLowerCase()]) {
    names.add(name.replace(/[-_.]mcp([-_.]server)?$/, ''));
    names.add(name.replace(/^mcp[-_.](server[-_.])?/, ''));
    names.add(name.replace(/[-_.]server$/, ''));
  }
  return [...names].filter(Boolean);
}

/** Why a candidate may not be gathered, or an empty list when it may. */
export function exclusionReasons(repo: string, server: string, exclusions: Exclusions): string[] {
  const reasons: string[] = [];
  for (const name of namesToCheck(repo, server)) {
    if (exclusions.sealedHashes.has(sha256Hex(name))) reasons.push(`sealed: ${name}`);
    if (exclusions.known.has(name)) reasons.push(`in the shared datasets: ${name}`);
  }
  return reasons;
}

/** A seeded generator (mulberry32), so the 30-of-N sample is the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `limit` items, chosen at random with the seed when there are more, kept in their original order. */
export function sampleKeepingOrder<T>(items: T[], limit: number, seed: number): T[] {
  if (items.length <= limit) return items;
  const random = seededRandom(seed);
  const indexes = items.map((_, index) => index);
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  const chosen = new Set(indexes.slice(0, limit));
  return items.filter((_, index) => chosen.has(index));
}

type RawTool = Omit<GatheredTool, 'id'>;

/** How much a duplicate row says: a description, then the number of described properties. */
function richness(tool: RawTool): number {
  const properties = (tool.inputSchema?.properties ?? {}) as Record<string, { description?: unknown }>;
  const described = Object.values(properties).filter((property) => property && property.description).length;
  return (tool.description ? 1000 : 0) + described;
}

/**
 * Rows in, the set out: one row per server and tool name (the richest duplicate), at most 30 tools a server
 * (sampled with the seed, per server), servers in first-seen order, ids numbered from lab-0001.
 */
export function normalise(rows: RawTool[]): { tools: GatheredTool[]; sampled: Map<string, number> } {
  const byServer = new Map<string, Map<string, RawTool>>();
  for (const row of rows) {
    const tools = byServer.get(row.server) ?? new Map<string, RawTool>();
    byServer.set(row.server, tools);
    const existing = tools.get(row.name);
    if (!existing || richness(row) > richness(existing)) tools.set(row.name, row);
  }
  const tools: GatheredTool[] = [];
  const sampled = new Map<string, number>();
  for (const [server, byName] of byServer) {
    const all = [...byName.values()];
    if (all.length > MAX_TOOLS_PER_SERVER) sampled.set(server, all.length);
    for (const tool of sampleKeepingOrder(all, MAX_TOOLS_PER_SERVER, SAMPLE_SEED)) {
      tools.push({ id: `lab-${String(tools.length + 1).padStart(4, '0')}`, ...tool });
    }
  }
  return { tools, sampled };
}

/** Every problem with the set: bad rows, repeated ids or tools, too many tools a server, excluded servers. */
export function validate(tools: unknown[], exclusions: Exclusions): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  const toolKeys = new Set<string>();
  const perServer = new Map<string, number>();
  const repoOfServer = new Map<string, string>();
  tools.forEach((raw, index) => {
    const parsed = GatheredToolSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(`row ${index + 1}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      return;
    }
    const tool = parsed.data;
    if (ids.has(tool.id)) problems.push(`row ${index + 1}: id ${tool.id} repeated`);
    ids.add(tool.id);
    const key = `${tool.server}\u0000${tool.name}`;
    if (toolKeys.has(key)) problems.push(`row ${index + 1}: ${tool.server} / ${tool.name} repeated`);
    toolKeys.add(key);
    perServer.set(tool.server, (perServer.get(tool.server) ?? 0) + 1);
    const repo = repoOfServer.get(tool.server);
    if (repo && repo !== tool.repo) problems.push(`row ${index + 1}: server ${tool.server} comes from two repositories`);
    repoOfServer.set(tool.server, tool.repo);
    // A zod shape the reader did not turn into JSON Schema is not what the server sends.
    if (JSON.stringify([tool.inputSchema, tool.annotations]).includes('"__zod"')) problems.push(`row ${index + 1}: ${tool.name} holds an unconverted zod shape`);
  });
  for (const [server, count] of perServer) {
    if (count > MAX_TOOLS_PER_SERVER) problems.push(`${server}: ${count} tools, more than ${MAX_TOOLS_PER_SERVER}`);
  }
  for (const [server, repo] of repoOfServer) {
    for (const reason of exclusionReasons(repo, server, exclusions)) problems.push(`${server} (${repo}) is excluded, ${reason}`);
  }
  return problems;
}

export function readJsonLines(file: string): unknown[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as unknown);
}

function requireExclusions(): Exclusions {
  const sharedDir = findSharedDir();
  if (!sharedDir) throw new Error('the shared folder (../shared with sealed/excluded.sha256) was not found; set MCP_RISK_SHARED');
  return loadExclusions(sharedDir);
}

function main(argv: string[]): number {
  const [command, ...args] = argv;
  if (command === 'check') {
    const exclusions = requireExclusions();
    let excluded = 0;
    for (const arg of args) {
      const [repo = '', server = repo.split('/')[1]?.toLowerCase() ?? repo] = arg.split('=');
      const reasons = exclusionReasons(repo, server, exclusions);
      if (reasons.length) excluded++;
      console.log(`${repo} ${reasons.length ? `EXCLUDED (${reasons.join(', ')})` : 'ok'}`);
    }
    return excluded ? 1 : 0;
  }
  if (command === 'build') {
    const [input, output = GATHERED_FILE] = args;
    if (!input) throw new Error('build needs the raw extracted rows: tsx scripts/gather-labelled.ts build RAW.jsonl');
    const { tools, sampled } = normalise(readJsonLines(input) as RawTool[]);
    const problems = validate(tools, requireExclusions());
    if (problems.length) {
      console.error(problems.join('\n'));
      return 1;
    }
    writeFileSync(output, tools.map((tool) => JSON.stringify(tool)).join('\n') + '\n');
    console.log(`${tools.length} tools from ${new Set(tools.map((tool) => tool.server)).size} servers written to ${output}`);
    for (const [server, count] of sampled) console.log(`  ${server}: ${MAX_TOOLS_PER_SERVER} of ${count} tools (seed ${SAMPLE_SEED})`);
    return 0;
  }
  if (command === 'validate') {
    const problems = validate(readJsonLines(args[0] ?? GATHERED_FILE), requireExclusions());
    console.log(problems.length ? problems.join('\n') : 'ok');
    return problems.length ? 1 : 0;
  }
  console.error('usage: tsx scripts/gather-labelled.ts check owner/repo[=server] ... | build RAW.jsonl [OUT] | validate [FILE]');
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
