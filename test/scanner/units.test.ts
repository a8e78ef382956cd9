import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { McpRiskError } from '../../cli/errors.ts';
import { buildServerEnvironment } from '../../scanner/environment.ts';
import { classifyFailure, mentionsMissingCredentials } from '../../scanner/outcome.ts';
import { canonicalJson, pinTool } from '../../scanner/pin.ts';
import { parseNpmSpec, resolveTargets, stripJsonComments } from '../../scanner/targets.ts';
import { recordFileStem } from '../../scanner/write-atomic.ts';

const directory = mkdtempSync(join(tmpdir(), 'mcp-risk-targets-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function writeJson(name: string, value: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
}

describe('npm specs', () => {
  test.each([
    ['@modelcontextprotocol/server-memory', { name: '@modelcontextprotocol/server-memory', versionSpec: 'latest' }],
    ['@modelcontextprotocol/server-memory@2026.8.31', { name: '@modelcontextprotocol/server-memory', versionSpec: '2026.8.31' }],
    ['left-pad@^1.3.0', { name: 'left-pad', versionSpec: '^1.3.0' }],
    ['--registry=http://evil', undefined],
    ['name@--ignore-scripts=false', undefined],
    ['../../etc', undefined],
    ['Name With Spaces', undefined],
  ])('%s', (spec, expected) => {
    expect(parseNpmSpec(spec)).toEqual(expected);
  });
});

describe('targets', () => {
  test('a server.json: npm scanned with its arguments and variables, other registries unsupported, remotes kept', async () => {
    const path = writeJson('server.json', {
      name: 'io.github.example/weather',
      packages: [
        {
          registryType: 'npm', identifier: '@example/weather', version: '1.2.3', transport: { type: 'stdio' },
          runtimeArguments: [{ type: 'named', name: '--max-old-space-size', value: '256' }],
          packageArguments: [{ type: 'positional', value: 'stdio' }, { type: 'named', name: '--units', default: 'metric' }],
          environmentVariables: [{ name: 'WEATHER_API_KEY', isRequired: true, isSecret: true }, { name: 'REGION', default: 'eu', isSecret: false }],
        },
        { registryType: 'pypi', identifier: 'weather-mcp', version: '1.0.0' },
        { registryType: 'oci', identifier: 'ghcr.io/example/weather:1' },
      ],
      remotes: [{ type: 'streamable-http', url: 'https://weather.example/mcp' }],
    });
    const jobs = await resolveTargets(path, directory);
    expect(jobs.map((job) => job.launch.kind)).toEqual(['npm', 'unsupported', 'unsupported', 'remote']);
    expect(jobs[0]).toMatchObject({
      targetKind: 'server-json',
      serverName: 'io.github.example/weather',
      launch: {
        name: '@example/weather', versionSpec: '1.2.3', nodeArgs: ['--max-old-space-size', '256'], args: ['stdio', '--units', 'metric'],
        declared: [{ name: 'WEATHER_API_KEY', isSecret: true, isRequired: true }, { name: 'REGION', isSecret: false, isRequired: false, value: 'eu' }],
      },
    });
    expect(jobs[1]?.launch).toMatchObject({ detail: expect.stringContaining('pypi') });
  });

  test('a client configuration (JSONC): every server, npx turned into npm, real env values never kept', async () => {
    const path = writeJson('mcp.json', `{
      // VS Code style
      "servers": {
        "memory": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"], "env": { "GITHUB_TOKEN": "ghp_real_secret" } },
        "local": { "command": "node", "args": ["server.js"] },
        "remote": { "type": "http", "url": "https://example.com/mcp" },
        "python": { "command": "uvx", "args": ["mcp-server-fetch"] },
      },
    }`);
    const jobs = await resolveTargets(path, directory);
    expect(jobs.map((job) => [job.serverName, job.launch.kind])).toEqual([['memory', 'npm'], ['local', 'command'], ['remote', 'remote'], ['python', 'command']]);
    expect(JSON.stringify(jobs)).not.toContain('ghp_real_secret');
    expect(jobs[1]?.launch).toMatchObject({ cwd: directory });
  });

  test('Claude Desktop mcpServers are read too', async () => {
    const jobs = await resolveTargets(writeJson('claude.json', { mcpServers: { a: { command: 'node', args: ['a.js'] } } }), directory);
    expect(jobs).toHaveLength(1);
  });

  test.each([
    ['npm:--evil', /npm:NAME/],
    ['./does-not-exist.json', /not a readable file/],
  ])('bad target %s is a usage error', async (target, message) => {
    await expect(resolveTargets(target, directory)).rejects.toThrow(message);
  });

  test('a JSON file that is neither format says what was expected', async () => {
    const error = await resolveTargets(writeJson('other.json', { hello: 1 }), directory).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(McpRiskError);
    expect((error as Error).message).toMatch(/expected a server.json with `packages` or `remotes`/);
  });

  test('comments inside strings survive comment stripping', () => {
    expect(JSON.parse(stripJsonComments('{"a": "http://x//y", /* c */ "b": [1,],}'))).toEqual({ a: 'http://x//y', b: [1] });
  });
});

describe('environment', () => {
  test('the allowlist and placeholders only: the scanner\'s own variables never pass', () => {
    process.env.GITHUB_TOKEN ??= 'ghp_scanner_token';
    const { env, recorded } = buildServerEnvironment(
      [
        { name: 'API_KEY', isSecret: true, isRequired: true, value: 'should-not-be-used' },
        { name: 'REGION', isSecret: false, isRequired: false, value: 'eu' },
        { name: 'LD_PRELOAD', isSecret: false, isRequired: false, value: '/evil.so' },
        { name: 'NODE_OPTIONS', isSecret: false, isRequired: false, value: '--require /evil' },
      ],
      { path: '/usr/bin', home: '/home/sandbox' },
    );
    expect(env).toEqual({ PATH: '/usr/bin', HOME: '/home/sandbox', LANG: 'C.UTF-8', TERM: 'dumb', API_KEY: 'mcp-risk-placeholder-api-key', REGION: 'eu' });
    expect(recorded.map((entry) => entry.name)).toEqual(['API_KEY', 'REGION']);
  });
});

describe('pins', () => {
  test('key order does not change a pin; any field of the definition does', () => {
    const tool = { name: 'a', description: 'd', inputSchema: { type: 'object' as const, properties: { x: { type: 'string' } } }, annotations: { readOnlyHint: true } };
    const reordered = { annotations: { readOnlyHint: true }, inputSchema: { properties: { x: { type: 'string' } }, type: 'object' as const }, description: 'd', name: 'a' };
    expect(pinTool(reordered)).toBe(pinTool(tool));
    expect(pinTool({ ...tool, description: 'd.' })).not.toBe(pinTool(tool));
    expect(pinTool({ ...tool, annotations: { readOnlyHint: false } })).not.toBe(pinTool(tool));
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
  });
});

describe('outcomes', () => {
  test.each([
    ['Error: OPENAI_API_KEY environment variable is required', true],
    ['missing API key', true],
    ['GITHUB_PERSONAL_ACCESS_TOKEN not set', true],
    ['Please set the environment variable SLACK_BOT_TOKEN', true],
    ['TypeError: Cannot read properties of undefined', false],
    ['Server running on stdio', false],
  ])('%s → needs credentials: %s', (text, expected) => {
    expect(mentionsMissingCredentials(text)).toBe(expected);
  });

  test.each([
    [{ phase: 'start' as const, failure: { kind: 'timeout' as const, message: 'Request timed out' }, timeoutMs: 100 }, 'timeout'],
    [{ phase: 'start' as const, failure: { kind: 'closed' as const, message: 'Connection closed' }, exit: { code: 2, signal: null }, stderr: 'SyntaxError: bad' }, 'crashed'],
    [{ phase: 'start' as const, failure: { kind: 'http' as const, status: 403, message: '' } }, 'auth_required'],
    [{ phase: 'start' as const, failure: { kind: 'unreachable' as const, message: 'ECONNREFUSED' } }, 'unreachable'],
    [{ phase: 'list' as const, failure: { kind: 'protocol' as const, message: 'tools/list answered without a `tools` array' } }, 'protocol_error'],
    [{ phase: 'list' as const, failure: { kind: 'closed' as const, message: '' }, limitsHit: ['memoryBytes'] }, 'crashed'],
    [{ phase: 'start' as const, failure: { kind: 'closed' as const, message: '' }, exit: { code: 1, signal: null }, stderr: 'Error: BRAVE_API_KEY is required' }, 'needs_credentials'],
  ])('%j → %s', (evidence, status) => {
    const outcome = classifyFailure(evidence);
    expect(outcome.status).toBe(status);
    expect(outcome.detail).not.toContain('\n');
  });
});

describe('record file names', () => {
  test('traversal in a target or server name cannot leave the output folder', () => {
    const stem = recordFileStem({ target: '../../../etc/passwd', serverName: '../../x' });
    expect(stem).not.toContain('/');
    expect(stem.startsWith('.')).toBe(false);
  });
});
