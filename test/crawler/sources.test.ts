import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { createGithubSource } from '../../crawler/source-github.ts';
import { createListSource, parseListLine, serverJsonForListLine } from '../../crawler/source-list.ts';
import { parseNpmSpec } from '../../scanner/npm-spec.ts';
import { createNpmSource } from '../../crawler/source-npm.ts';
import { createRegistrySource } from '../../crawler/source-registry.ts';
import { startFixtureServer, type FixtureServer } from './helpers/fixture-server.ts';

const now = () => new Date('2025-11-20T12:00:00.000Z');
let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('official registry source', () => {
  test('walks cursor pages, keeps valid entries, records malformed ones and skips deleted servers', async () => {
    server = await startFixtureServer((url) => {
      if (url.pathname !== '/v0.1/servers') return undefined;
      return { file: url.searchParams.get('cursor') === 'com.example/weather:1.4.0' ? 'registry/servers-page-2.json' : 'registry/servers-page-1.json' };
    });
    const { targets, report } = await createRegistrySource({ baseUrl: server.url, now }).discover();
    expect(targets.map((target) => target.key)).toEqual(['io.github.modelcontextprotocol/server-filesystem', 'com.example/weather', 'io.github.acme/github-tools']);
    expect(targets[0]).toMatchObject({ version: '2025.8.21', package: { name: '@modelcontextprotocol/server-filesystem' }, repository: 'https://github.com/modelcontextprotocol/servers', sources: ['registry'] });
    expect(targets[1]).toMatchObject({ version: '1.4.0', serverJson: { remotes: [{ type: 'streamable-http' }] } });
    expect(targets[1]!.package).toBeUndefined();
    expect(report).toMatchObject({ source: 'registry', count: 3, truncated: false, discoveredAt: '2025-11-20T12:00:00.000Z' });
    expect(report.malformed).toHaveLength(1);
    expect(report.malformed[0]!.reason).toMatch(/name/);
    expect(server.requests).toEqual(['/v0.1/servers?limit=100&version=latest', '/v0.1/servers?limit=100&version=latest&cursor=com.example%2Fweather%3A1.4.0']);
  });

  test('passes updated_since for an incremental sync', async () => {
    server = await startFixtureServer(() => ({ file: 'registry/servers-page-2.json' }));
    await createRegistrySource({ baseUrl: server.url, updatedSince: '2025-10-01T00:00:00Z' }).discover();
    expect(new URL(server.requests[0]!, server.url).searchParams.get('updated_since')).toBe('2025-10-01T00:00:00Z');
  });

  test('marks the walk truncated at the page cap', async () => {
    server = await startFixtureServer(() => ({ file: 'registry/servers-page-1.json' }));
    const { report } = await createRegistrySource({ baseUrl: server.url, maxPages: 1 }).discover();
    expect(report.truncated).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  test('stops on a repeated cursor instead of looping forever', async () => {
    server = await startFixtureServer(() => ({ file: 'registry/servers-page-1.json' }));
    const { report } = await createRegistrySource({ baseUrl: server.url }).discover();
    expect(server.requests).toHaveLength(2);
    expect(report.truncated).toBe(true);
    expect(report.malformed.at(-1)!.reason).toMatch(/repeated the cursor/);
  });

  test('waits out a 429 with Retry-After, then continues', async () => {
    let calls = 0;
    server = await startFixtureServer(() => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' }, json: { error: 'rate limited' } } : { file: 'registry/servers-page-2.json' }));
    const waits: number[] = [];
    const { targets } = await createRegistrySource({ baseUrl: server.url, backoffMs: 1, sleep: async (milliseconds) => void waits.push(milliseconds) }).discover();
    expect(waits).toEqual([1000]);
    expect(targets.map((target) => target.key)).toEqual(['io.github.acme/github-tools']);
    expect(server.requests).toHaveLength(2);
  });
});

describe('npm search source', () => {
  test('pages with from/size and lists each package once across keywords', async () => {
    server = await startFixtureServer((url) => {
      if (url.pathname !== '/-/v1/search') return undefined;
      return { file: url.searchParams.get('from') === '0' ? 'npm/search-keywords-mcp.json' : 'npm/search-keywords-mcp-page-2.json' };
    });
    const { targets, report } = await createNpmSource({ baseUrl: server.url, keywords: ['mcp', 'modelcontextprotocol'], pageSize: 2, now }).discover();
    expect(targets.map((target) => target.key)).toEqual(['@modelcontextprotocol/server-filesystem', 'mcp-server-kubernetes', '@acme/github-tools-mcp']);
    expect(targets[1]).toEqual({
      key: 'mcp-server-kubernetes',
      version: '2.9.0',
      package: { name: 'mcp-server-kubernetes' },
      description: 'MCP server for interacting with Kubernetes clusters via kubectl',
      repository: 'git+https://github.com/Flux159/mcp-server-kubernetes.git',
      sources: ['npm'],
    });
    expect(report.malformed).toHaveLength(2);
    expect(server.requests).toEqual([
      '/-/v1/search?text=keywords%3Amcp&size=2&from=0',
      '/-/v1/search?text=keywords%3Amcp&size=2&from=2',
      '/-/v1/search?text=keywords%3Amodelcontextprotocol&size=2&from=0',
      '/-/v1/search?text=keywords%3Amodelcontextprotocol&size=2&from=2',
    ]);
  });

  test('fails with the URL and the status after its retries run out', async () => {
    server = await startFixtureServer(() => ({ status: 503, json: { error: 'down' } }));
    await expect(createNpmSource({ baseUrl: server.url, keywords: ['mcp'], retries: 2, backoffMs: 1 }).discover()).rejects.toThrow(/search\?text=keywords%3Amcp.*HTTP 503/);
    expect(server.requests).toHaveLength(3);
  });
});

describe('GitHub source', () => {
  const route = (limited: { remaining: number }) => (url: URL) => {
    if (url.pathname === '/search/repositories') {
      if (limited.remaining-- > 0) return { status: 403, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '4000' }, file: 'github/secondary-rate-limit.json' };
      return { file: 'github/search-repositories-topic-mcp-server.json' };
    }
    const files: Record<string, string> = {
      '/repos/acme/weather-mcp/contents/server.json': 'github/contents-acme-weather-mcp-server.json.json',
      '/repos/octo/notes-mcp/contents/package.json': 'github/contents-octo-notes-mcp-package.json.json',
      '/repos/octo/private-thing/contents/package.json': 'github/contents-octo-private-thing-package.json.json',
    };
    const file = files[url.pathname];
    return file ? { file } : undefined;
  };

  test('searches repositories by topic, then reads server.json or package.json from each', async () => {
    server = await startFixtureServer(route({ remaining: 0 }));
    const { targets, report } = await createGithubSource({ baseUrl: server.url, searchIntervalMs: 1, topics: ['mcp-server'], now }).discover();
    expect(targets).toEqual([
      expect.objectContaining({ key: 'io.github.acme/weather-mcp', version: '1.2.0', package: { name: '@acme/weather-mcp' }, repository: 'https://github.com/acme/weather-mcp', sources: ['github'] }),
      { key: 'notes-mcp', package: { name: 'notes-mcp' }, description: 'Notes for your agent', repository: 'https://github.com/octo/notes-mcp', sources: ['github'] },
    ]);
    expect(report).toMatchObject({ source: 'github', count: 2, truncated: false, malformed: [] });
    expect(server.requests[0]).toBe('/search/repositories?q=topic%3Amcp-server&sort=stars&order=desc&per_page=100&page=1');
    // The archived repository is never read.
    expect(server.requests.some((path) => path.includes('abandoned'))).toBe(false);
  });

  test('retries a secondary rate limit after its Retry-After', async () => {
    server = await startFixtureServer(route({ remaining: 1 }));
    const { targets } = await createGithubSource({ baseUrl: server.url, searchIntervalMs: 1, topics: ['mcp-server'], retryAfterBaseValue: 50 }).discover();
    expect(targets).toHaveLength(2);
    expect(server.requests.filter((path) => path.startsWith('/search/'))).toHaveLength(2);
  });

  test('passes requests through a custom fetch', async () => {
    server = await startFixtureServer(route({ remaining: 0 }));
    const seen: string[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      seen.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    await createGithubSource({ baseUrl: server.url, searchIntervalMs: 1, topics: ['mcp-server'], fetch: recordingFetch }).discover();
    expect(seen.length).toBe(server.requests.length);
  });
});

describe('list source', () => {
  test.each([
    ['@modelcontextprotocol/server-memory', { name: '@modelcontextprotocol/server-memory' }],
    ['npm:@playwright/mcp@0.0.41', { name: '@playwright/mcp', version: '0.0.41' }],
    ['mcp-server-kubernetes@latest  # resolved at crawl time', { name: 'mcp-server-kubernetes' }],
    ['   # a comment', undefined],
    ['', undefined],
    ['../../etc/passwd', { error: expect.stringMatching(/npm package name/) }],
    ['Upper-Case', { error: expect.stringMatching(/npm package name/) }],
    ['left-pad@^1.0.0', { error: expect.stringMatching(/exact version/) }],
    ['foo@--inspect', { error: expect.stringMatching(/npm package name/) }],
    ['~tilde', { error: expect.stringMatching(/npm package name/) }],
    ['@azure/mcp server start  # needs its subcommand', { name: '@azure/mcp', arguments: ['server', 'start'] }],
    ['figma-developer-mcp@0.13.2 --stdio', { name: 'figma-developer-mcp', version: '0.13.2', arguments: ['--stdio'] }],
    ['pg-server postgresql://localhost/db', { name: 'pg-server', arguments: ['postgresql://localhost/db'] }],
    ['@0xshariq/docker-mcp-server:dist/index.js', { name: '@0xshariq/docker-mcp-server', entry: 'dist/index.js' }],
    ['npm:cli-and-server@1.2.3:build/server.mjs --stdio', { name: 'cli-and-server', version: '1.2.3', entry: 'build/server.mjs', arguments: ['--stdio'] }],
    ['pkg:../../etc/passwd.js', { error: expect.stringMatching(/relative \.js path/) }],
    ['pkg:/usr/bin/node.js', { error: expect.stringMatching(/relative \.js path/) }],
    ['pkg:dist/index.sh', { error: expect.stringMatching(/relative \.js path/) }],
    ['evil $(rm -rf ~)', { error: expect.stringMatching(/plain arguments/) }],
    ["evil 'quoted'", { error: expect.stringMatching(/plain arguments/) }],
  ])('parses %j', (line, expected) => {
    expect(parseListLine(line)).toEqual(expected);
  });

  test('reads a file, keeping good lines and reporting bad ones with their line numbers', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-list-'));
    const path = join(directory, 'targets.txt');
    await writeFile(path, '# curated\n@modelcontextprotocol/server-memory\nNot A Name\nmcp-server-kubernetes@2.9.0\nargocd-mcp stdio\n');
    const { targets, report } = await createListSource({ path }).discover();
    expect(targets.map((target) => [target.key, target.version])).toEqual([['@modelcontextprotocol/server-memory', undefined], ['mcp-server-kubernetes', '2.9.0'], ['argocd-mcp', undefined]]);
    // A line with arguments becomes a server.json the scanner launches like a registry entry.
    expect(targets[2]?.serverJson).toEqual({ name: 'argocd-mcp', packages: [{ registryType: 'npm', identifier: 'argocd-mcp', transport: { type: 'stdio' }, packageArguments: [{ type: 'positional', value: 'stdio' }] }] });
    expect(targets[0]?.serverJson).toBeUndefined();
    expect(serverJsonForListLine({ name: 'cli-and-server', entry: 'dist/index.js' })).toEqual({ name: 'cli-and-server', packages: [{ registryType: 'npm', identifier: 'cli-and-server', entry: 'dist/index.js', transport: { type: 'stdio' }, packageArguments: [] }] });
    expect(report.malformed).toEqual([{ where: `${path}:3`, reason: expect.stringMatching(/npm package name/) }]);
  });

  test('a package listed twice is kept once, from its first line, and the later lines are reported', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-list-'));
    const path = join(directory, 'targets.txt');
    await writeFile(path, 'argocd-mcp@1.0.0\nother-mcp\nargocd-mcp stdio\nnpm:argocd-mcp\n');
    const { targets, report } = await createListSource({ path }).discover();
    expect(targets.map((target) => [target.key, target.version])).toEqual([['argocd-mcp', '1.0.0'], ['other-mcp', undefined]]);
    expect(report.malformed).toEqual([
      { where: `${path}:3`, reason: expect.stringMatching(/argocd-mcp is already listed on line 1/) },
      { where: `${path}:4`, reason: expect.stringMatching(/argocd-mcp is already listed on line 1/) },
    ]);
  });

  test.each(['npm:foo@--inspect', 'foo@-1.0.0', 'foo@1.0.0 extra@--inspect', 'npm:@scope/x@1.0.0'])('accepts %j only if the scanner accepts the same package spec', (line) => {
    const parsed = parseListLine(line);
    const spec = line.split(/\s+/)[0]!.replace(/^npm:/, '');
    if (parsed && !('error' in parsed)) expect(parseNpmSpec(spec)).toBeDefined();
    if (!parseNpmSpec(spec)) expect(parsed).toEqual({ error: expect.any(String) });
  });
});

describe('GitHub source failures', () => {
  test('a search that stays rate-limited fails with a message naming the topic and what to do', async () => {
    server = await startFixtureServer(() => ({ status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600) }, json: { message: 'API rate limit exceeded for 127.0.0.1.' } }));
    await expect(createGithubSource({ baseUrl: server.url, searchIntervalMs: 1, topics: ['mcp-server'], maxRateLimitWaitSeconds: 10 }).discover()).rejects.toThrow(/topic:mcp-server \(page 1\) failed: HTTP 403/);
  });
});
