import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { gatherSupplyChain, parseAudit } from '../../scanner/supply-chain.ts';
import { SupplyChainSchema } from '../../schemas/supply-chain.ts';

/** An SLSA provenance statement as npm's GitHub Actions provenance writes it. */
const statement = {
  _type: 'https://in-toto.io/Statement/v1',
  predicateType: 'https://slsa.dev/provenance/v1',
  predicate: { buildDefinition: { externalParameters: { workflow: { ref: 'refs/tags/v1.0.0', repository: 'https://github.com/demo/demo-server', path: '.github/workflows/release.yml' } } } },
};

/** A registry on 127.0.0.1: the packument, the attestation bundle and the bulk advisory endpoint npm audit posts the tree to. */
function startRegistry(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const json = (body: unknown) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/demo-server') {
      return json({
        name: 'demo-server',
        time: { '1.0.0': '2026-11-01T00:00:00.000Z' },
        versions: { '1.0.0': { name: 'demo-server', version: '1.0.0', dist: { signatures: [{ keyid: 'SHA256:x', sig: 'y' }], attestations: { url: '/-/npm/v1/attestations/demo-server@1.0.0', provenance: { predicateType: 'https://slsa.dev/provenance/v1' } } } } },
      });
    }
    if (request.method === 'GET' && request.url === '/-/npm/v1/attestations/demo-server@1.0.0') {
      return json({ attestations: [{ predicateType: 'https://slsa.dev/provenance/v1', bundle: { dsseEnvelope: { payload: Buffer.from(JSON.stringify(statement)).toString('base64') } } }] });
    }
    if (request.method === 'POST' && request.url?.startsWith('/-/npm/v1/security/advisories/bulk')) {
      request.resume();
      return request.on('end', () => json({
        'left-pad': [{ id: 1, url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc', title: 'Everything is padded', severity: 'critical', vulnerable_versions: '<2.0.0', cwe: [], cvss: { score: 9.8 } }],
      }));
    }
    response.writeHead(404).end('{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests })));
}

/** An install as the scanner leaves it: a private prefix with the package and one dependency, and its lockfile. */
async function writeInstall(directory: string): Promise<void> {
  const lock = {
    name: 'install', lockfileVersion: 3, requires: true,
    packages: {
      '': { dependencies: { 'demo-server': '1.0.0' } },
      'node_modules/demo-server': { version: '1.0.0', resolved: 'http://127.0.0.1/demo-server/-/demo-server-1.0.0.tgz', integrity: 'sha512-AAAA', dependencies: { 'left-pad': '^1.0.0' } },
      'node_modules/left-pad': { version: '1.3.0', resolved: 'http://127.0.0.1/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-BBBB' },
    },
  };
  await writeFile(join(directory, 'package.json'), JSON.stringify({ private: true, dependencies: { 'demo-server': '1.0.0' } }));
  await writeFile(join(directory, 'package-lock.json'), JSON.stringify(lock));
  await mkdir(join(directory, 'node_modules', 'demo-server'), { recursive: true });
  await mkdir(join(directory, 'node_modules', 'left-pad'), { recursive: true });
  await writeFile(join(directory, 'node_modules', 'demo-server', 'package.json'), JSON.stringify({
    name: 'demo-server', version: '1.0.0', description: 'A demo MCP server', license: 'MIT',
    repository: { type: 'git', url: 'git+https://github.com/demo/demo-server.git' }, homepage: 'javascript:alert(1)',
    scripts: { postinstall: 'node steal.js', test: 'vitest' }, dependencies: { 'left-pad': '^1.0.0' },
  }));
  await writeFile(join(directory, 'node_modules', 'left-pad', 'package.json'), JSON.stringify({ name: 'left-pad', version: '1.3.0' }));
}

let registry: Awaited<ReturnType<typeof startRegistry>>;
let install: string;
beforeAll(async () => {
  registry = await startRegistry();
  install = await mkdtemp(join(tmpdir(), 'mcp-risk-supply-chain-'));
  await writeInstall(install);
});
afterAll(async () => {
  registry.server.close();
  await rm(install, { recursive: true, force: true });
});

describe('supply-chain facts of an installed package', () => {
  test('come from its package.json and lockfile, the registry\'s packument and attestation, and npm audit of its tree', async () => {
    const facts = await gatherSupplyChain({ name: 'demo-server', version: '1.0.0', directory: install }, { registry: registry.url, now: () => new Date('2026-12-08T00:00:00.000Z') });
    // npm counts vulnerable packages: left-pad, and (depending on whether it resolves a fix) the package that depends on it.
    expect(facts.advisories).toMatchObject({ counts: { info: 0, low: 0, moderate: 0, high: 0 }, ids: ['GHSA-aaaa-bbbb-cccc'] });
    expect(facts.advisories).toHaveProperty('counts.critical', expect.any(Number));
    expect((facts.advisories as { counts: { critical: number } }).counts.critical).toBeGreaterThanOrEqual(1);
    const { advisories: _advisories, ...rest } = SupplyChainSchema.parse(facts);
    expect(rest).toEqual({
      schemaVersion: 1,
      checkedAt: '2026-12-08T00:00:00.000Z',
      description: 'A demo MCP server',
      license: 'MIT',
      repository: 'git+https://github.com/demo/demo-server.git',
      homepage: 'javascript:alert(1)',
      installScripts: ['postinstall'],
      dependencies: { direct: 1, installed: 1 },
      publishedAt: '2026-11-01T00:00:00.000Z',
      provenance: { signatures: 1, attested: true, repository: 'https://github.com/demo/demo-server', workflow: '.github/workflows/release.yml' },
    });
    expect(registry.requests.some((request) => request.startsWith('POST /-/npm/v1/security/advisories/bulk'))).toBe(true);
  }, 60_000);

  test('a registry that does not answer leaves its facts unknown, never empty', async () => {
    const closed = await startRegistry();
    closed.server.close();
    const facts = await gatherSupplyChain({ name: 'demo-server', version: '1.0.0', directory: install }, { registry: closed.url, timeoutMs: 20_000 });
    expect(facts.license).toBe('MIT');
    expect(facts.publishedAt).toEqual({ unknown: expect.stringMatching(/^the registry did not answer for demo-server: /) });
    expect(facts.provenance).toEqual({ unknown: expect.stringMatching(/^the registry did not answer/) });
    expect(facts.advisories).toEqual({ unknown: expect.stringMatching(/^npm audit gave no report: /) });
  }, 60_000);

  test('npm audit\'s report is read for counts per severity and advisory ids', () => {
    const report = { auditReportVersion: 2, vulnerabilities: { a: { via: [{ url: 'https://github.com/advisories/GHSA-1111-2222-3333' }, 'b'] }, b: { via: [{ url: 'https://example.com/advisory/9' }] } }, metadata: { vulnerabilities: { info: 0, low: 1, moderate: 0, high: 2, critical: 0, total: 3 } } };
    expect(parseAudit(JSON.stringify(report))).toEqual({ counts: { info: 0, low: 1, moderate: 0, high: 2, critical: 0 }, ids: ['GHSA-1111-2222-3333', 'https://example.com/advisory/9'] });
  });
});
