import { describe, expect, test } from 'vitest';
import { ServerFileSchema } from '../../schemas/catalogue.ts';
import { SecurityRecordSchema } from '../../schemas/security-record.ts';
import { renderChangesFeed, xmlText } from '../../site/build/changes-feed.ts';
import { securityRecordOf } from '../../site/build/security-record.ts';
import { readCatalogue } from '../../site/lib/catalogue.ts';
import { diffRows, summarizeFields } from '../../site/lib/changes.ts';
import { buildModel, needsReview, policyOf, relatedTools } from '../../site/lib/model.ts';
import { buildNameShards, nameShard, normalizeName, searchNamesOf } from '../../site/lib/search-names.ts';
import { SERVER_LISTINGS } from '../../site/lib/server-listings.ts';

const fixture = new URL('../fixtures/catalogue/', import.meta.url).pathname;
const model = buildModel(await readCatalogue(fixture));

describe('the site model', () => {
  test('servers are named by their package, with the name they report beside it, and link only http(s) repositories', () => {
    const docker = model.serverBySlug.get('acme--docker-mcp')!;
    expect(docker.name).toBe('@acme/docker-mcp');
    expect(docker.selfName).toBe('Acme Docker');
    expect(docker.links).toEqual({ npm: 'https://www.npmjs.com/package/@acme/docker-mcp', repository: 'https://github.com/acme/docker-mcp' });
    const hostile = model.serverBySlug.get('script-alert-1-script_5c140d35dc')!;
    expect(hostile.links).toEqual({});
    expect(hostile.unlinkedRepository).toBe('javascript:alert(document.domain)');
  });

  test('tools with confidence below 0.5 need review and are listed', () => {
    expect(model.toolsNeedingReview.length).toBeGreaterThan(0);
    for (const view of model.tools) expect(model.toolsNeedingReview.includes(view)).toBe(view.tool.assessment.confidence < 0.5);
    expect(model.toolsNeedingReview.every((view) => needsReview(view.tool))).toBe(true);
    const listing = SERVER_LISTINGS.find((item) => item.slug === 'needs-review')!.select(model);
    expect(listing.map((server) => server.slug).sort()).toEqual([...new Set(model.toolsNeedingReview.map((view) => view.server.slug))].sort());
  });

  test('other tools of the same category list the same server first, then other servers, capped', () => {
    for (const view of model.tools) {
      const related = relatedTools(model, view, 6);
      expect(related.length).toBeLessThanOrEqual(6);
      expect(related).not.toContain(view);
      const sameServer = view.server.tools.filter((other) => other !== view && other.tool.assessment.category === view.tool.assessment.category);
      expect(related.slice(0, Math.min(6, sameServer.length))).toEqual(sameServer.slice(0, 6));
      for (const other of related) expect(other.tool.assessment.category).toBe(view.tool.assessment.category);
    }
  });

  test('changes across the catalogue are listed newest first with an anchor on the server page', () => {
    expect(model.changes.map((change) => [change.server.slug, change.entry.at, change.url])).toEqual([
      ['pay--payments-mcp', '2026-11-05T12:00:00.000Z', '/servers/pay--payments-mcp/#change-1'],
      ['acme--docker-mcp', '2026-11-03T10:00:00.000Z', '/servers/acme--docker-mcp/#change-2'],
      ['mcp-server-files', '2026-11-02T09:00:00.000Z', '/servers/mcp-server-files/#change-1'],
      ['acme--docker-mcp', '2026-10-01T10:00:00.000Z', '/servers/acme--docker-mcp/#change-1'],
    ]);
  });

  test('server listings keep every server once in each order', () => {
    for (const listing of SERVER_LISTINGS.filter((item) => item.group === 'order')) expect(new Set(listing.select(model)).size).toBe(model.servers.length);
  });
});

describe('field-level diffs', () => {
  test('say which parts changed and cap the values', () => {
    expect(summarizeFields([{ path: '/description', before: 'a', after: 'b' }, { path: '/inputSchema/properties/x', after: { type: 'string' } }])).toBe('description and input schema changed');
    const { rows, omitted } = diffRows(Array.from({ length: 9 }, (_, index) => ({ path: `/description${index}`, before: 'x'.repeat(5000), after: 'y' })), { rows: 6, characters: 100 });
    expect(rows).toHaveLength(6);
    expect(omitted).toBe(3);
    expect(rows[0]).toMatchObject({ before: 'x'.repeat(100), after: 'y', cut: true });
  });
});

describe('the changes feed', () => {
  test('escapes markup and drops characters XML cannot hold', () => {
    expect(xmlText('<script>&"\'\u0000\u0007\ud800ok')).toBe('&lt;script&gt;&amp;&quot;&apos;ok');
    const feed = renderChangesFeed(model);
    expect(feed).not.toContain('<script>');
    expect(feed.match(/<entry>/g)).toHaveLength(4);
    expect(feed).toContain('<title>@pay/payments-mcp: reassessed by classifier 2.0.0: 2 verdicts changed</title>');
    expect(feed).toContain('<title>@acme/docker-mcp: 1 changed</title>');
  });
});

describe('the security record', () => {
  test('validates for every server and carries the policy action and scan pin', () => {
    for (const server of model.servers) {
      const record = SecurityRecordSchema.parse(securityRecordOf(server));
      const policy = policyOf(server);
      expect(record.scanPin).toBe(policy.server.scanPin);
      expect(record.tools).toHaveLength(server.file.tools.length);
      for (const tool of record.tools) expect(tool.action).toBe(policy.tools.find((item) => item.name === tool.name)!.action);
      expect(record.truncated).toBe(server.file.truncated.includes('tools'));
    }
  });

  test('carries the supply-chain facts as recorded, and says unknown when none were gathered', () => {
    const docker = SecurityRecordSchema.parse(securityRecordOf(model.serverBySlug.get('acme--docker-mcp')!));
    expect(docker.schemaVersion).toBe(2);
    expect(docker.supplyChain).toEqual(model.serverBySlug.get('acme--docker-mcp')!.file.supplyChain);
    expect(docker.supplyChain).toMatchObject({ advisories: { counts: { critical: 1 } }, provenance: { attested: true, workflow: '.github/workflows/publish.yml' } });
    const files = SecurityRecordSchema.parse(securityRecordOf(model.serverBySlug.get('mcp-server-files')!));
    expect(files.supplyChain).toMatchObject({ repository: null, advisories: { unknown: expect.stringContaining('npm audit') } });
    expect(SecurityRecordSchema.parse(securityRecordOf(model.serverBySlug.get('acme--github-mcp')!)).supplyChain).toEqual({ unknown: 'no supply-chain facts were gathered at this scan' });
    expect(SecurityRecordSchema.parse(securityRecordOf(model.serverBySlug.get('io-github-archive-records_d0bf92809d')!)).supplyChain).toEqual({ unknown: 'not an npm package: no supply-chain facts are gathered for it' });
    expect(SecurityRecordSchema.safeParse({ ...docker, schemaVersion: 1 }).success).toBe(false);
    expect(SecurityRecordSchema.safeParse({ ...docker, supplyChain: {} }).success).toBe(false);
  });

  test('servers with a critical advisory, or with no repository anywhere, are supply-chain findings', () => {
    expect(model.supplyChainFindings.criticalAdvisory.map((server) => server.slug)).toEqual(['acme--docker-mcp']);
    expect(model.supplyChainFindings.noRepository.map((server) => server.slug)).toEqual(['foo']);
  });

  test('is small enough to attach to a registry entry', () => {
    const record = securityRecordOf(model.serverBySlug.get('acme--docker-mcp')!);
    expect(JSON.stringify(record).length).toBeLessThan(4_000);
    expect(ServerFileSchema.safeParse(record).success).toBe(false);
  });
});

describe('exact-name search', () => {
  test('a server is found by its package name with or without scope, its key and the name it reports', () => {
    expect(searchNamesOf({ key: '@acme/docker-mcp', packageName: '@acme/docker-mcp', selfName: 'Acme Docker' })).toEqual(['@acme/docker-mcp', 'docker-mcp', 'acme docker']);
    const shards = buildNameShards([{ key: '@acme/docker-mcp', packageName: '@acme/docker-mcp', selfName: 'Acme Docker', url: '/servers/acme--docker-mcp/', title: '@acme/docker-mcp' }]);
    const name = normalizeName(' Docker-MCP ');
    expect(shards.get(nameShard(name))?.[name]).toEqual([{ url: '/servers/acme--docker-mcp/', title: '@acme/docker-mcp' }]);
  });

  test('shard names are two hex digits and a name like __proto__ is only data', () => {
    expect(nameShard('anything')).toMatch(/^[0-9a-f]{2}$/);
    const shards = buildNameShards([{ key: '__proto__', url: '/servers/x/', title: 'x' }]);
    expect(Object.getPrototypeOf(shards.get(nameShard('__proto__'))!)).toBeNull();
  });
});
