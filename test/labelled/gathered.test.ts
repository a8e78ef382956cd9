import { describe, expect, it } from 'vitest';
import {
  GATHERED_FILE,
  MAX_TOOLS_PER_SERVER,
  exclusionReasons,
  findSharedDir,
  loadExclusions,
  normalise,
  readJsonLines,
  sampleKeepingOrder,
  sha256Hex,
  validate,
} from '../../scripts/gather-labelled.ts';
import { GatheredToolSchema } from '../../schemas/gathered-tool.ts';

const sharedDir = findSharedDir();
if (!sharedDir) throw new Error('these tests need the shared folder (../shared, or MCP_RISK_SHARED) for the exclusion lists');
const exclusions = loadExclusions(sharedDir);
const gathered = readJsonLines(GATHERED_FILE);
const tools = gathered.map((row) => GatheredToolSchema.parse(row));

describe('data/labelled/gathered.jsonl', () => {
  it('passes every check of the gather script', () => {
    expect(validate(gathered, exclusions)).toEqual([]);
  });

  it('holds no server of the sealed sets, by name or repository', () => {
    const sealed = tools.filter((tool) =>
      [tool.server, tool.repo].some((name) => exclusions.sealedHashes.has(sha256Hex(name.toLowerCase()))),
    );
    expect(sealed.map((tool) => tool.server)).toEqual([]);
  });

  it('holds no server or repository of dev.jsonl, dev4.jsonl or dev-unlabelled.jsonl', () => {
    const known = tools.filter((tool) => exclusions.known.has(tool.server.toLowerCase()) || exclusions.known.has(tool.repo.toLowerCase()));
    expect(known.map((tool) => tool.server)).toEqual([]);
  });

  it('keeps the source of every row and at most 30 tools a server', () => {
    for (const tool of tools) {
      expect(tool.repo).toMatch(/^[^/]+\/[^/]+$/);
      expect(tool.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(tool.file.length).toBeGreaterThan(0);
    }
    const perServer = new Map<string, number>();
    for (const tool of tools) perServer.set(tool.server, (perServer.get(tool.server) ?? 0) + 1);
    expect(Math.max(...perServer.values())).toBeLessThanOrEqual(MAX_TOOLS_PER_SERVER);
  });
});

describe('the gather script', () => {
  it('refuses a server whose name or repository is sealed or already in the shared datasets', () => {
    const sealedTool = tools[0]!;
    const withSealedName = { ...exclusions, sealedHashes: new Set([...exclusions.sealedHashes, sha256Hex(sealedTool.server)]) };
    expect(validate([sealedTool], withSealedName)).not.toEqual([]);
    const withKnownRepo = { ...exclusions, known: new Set([...exclusions.known, sealedTool.repo.toLowerCase()]) };
    expect(exclusionReasons(sealedTool.repo, sealedTool.server, withKnownRepo)).not.toEqual([]);
  });

  it('checks the bare product name too, so acme-mcp-server is refused when acme is sealed', () => {
    const withAcme = { ...exclusions, sealedHashes: new Set([sha256Hex('acme')]) };
    expect(exclusionReasons('someone/acme-mcp-server', 'acme-mcp-server', withAcme)).toEqual(['sealed: acme']);
  });

  it('finds repeated ids and tools, rows without a source, and servers over 30 tools', () => {
    const row = tools[0]!;
    expect(validate([row, row], exclusions).join('\n')).toMatch(/id lab-\d+ repeated/);
    expect(validate([{ ...row, commit: 'HEAD' }], exclusions).join('\n')).toMatch(/commit/);
    const many = Array.from({ length: 31 }, (_, index) => ({ ...row, id: `lab-${9000 + index}`, name: `tool_${index}` }));
    expect(validate(many, exclusions).join('\n')).toMatch(/31 tools, more than 30/);
  });

  it('samples 30 of a larger server the same way every time, keeping one row per tool name', () => {
    const row = { ...tools[0]!, server: 'big' } as Record<string, unknown>;
    delete row.id;
    const raw = Array.from({ length: 45 }, (_, index) => ({ ...row, name: `tool_${index}` })) as Parameters<typeof normalise>[0];
    const first = normalise([...raw, raw[0]!]);
    const second = normalise(raw);
    expect(first.tools).toHaveLength(MAX_TOOLS_PER_SERVER);
    expect(first.tools.map((tool) => tool.name)).toEqual(second.tools.map((tool) => tool.name));
    expect(first.sampled.get('big')).toBe(45);
    expect(sampleKeepingOrder([1, 2, 3], 30, 1)).toEqual([1, 2, 3]);
  });
});
