import { ListShapeError, walkList } from '../../scanner/list-walk.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { McpRiskError } from '../../core/errors.ts';
import { buildServerEnvironment } from '../../scanner/environment.ts';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { npmErrorLine } from '../../scanner/install-npm.ts';
import { describeClientFailure } from '../../scanner/mcp-client.ts';
import { classifyFailure, firstMeaningfulLine, mentionsMissingCredentials, requestedVariableNames } from '../../scanner/outcome.ts';
import { canonicalJson, pinTool } from '../../core/pin.ts';
import { parseNpmSpec } from '../../scanner/npm-spec.ts';
import { stripJsonComments } from '../../core/json-comments.ts';
import { resolveTargets } from '../../scanner/targets.ts';
import { recordFileStem } from '../../cli/write-scan-records.ts';

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
    ['~tilde', undefined],
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

  test('a server.json package may name the script to run when its MCP server is not its bin; a path that leaves the package is refused', async () => {
    const path = writeJson('entry.server.json', {
      name: 'example',
      packages: [
        { registryType: 'npm', identifier: '@example/cli-and-server', version: '2.0.4', entry: 'dist/index.js' },
        { registryType: 'npm', identifier: '@example/evil', version: '1.0.0', entry: '../../../etc/passwd.js' },
        { registryType: 'npm', identifier: '@example/evil', version: '1.0.0', entry: '/usr/bin/env.js' },
      ],
    });
    const jobs = await resolveTargets(path, directory);
    expect(jobs[0]?.launch).toMatchObject({ kind: 'npm', name: '@example/cli-and-server', entry: 'dist/index.js' });
    expect(jobs.slice(1).map((job) => job.launch.kind)).toEqual(['unsupported', 'unsupported']);
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
    expect(jobs.map((job) => [job.serverName, job.launch.kind])).toEqual([['memory', 'npm'], ['local', 'command'], ['remote', 'remote'], ['python', 'pypi']]);
    expect(JSON.stringify(jobs)).not.toContain('ghp_real_secret');
    expect(jobs[1]?.launch).toMatchObject({ cwd: directory });
  });

  test('Claude Desktop mcpServers are read too', async () => {
    const jobs = await resolveTargets(writeJson('claude.json', { mcpServers: { a: { command: 'node', args: ['a.js'] } } }), directory);
    expect(jobs).toHaveLength(1);
  });

  test.each([
    ['npm:--evil', /npm:NAME/],
    ['./does-not-exist.json', /which is not a file/],
    ['server-memory', /which is not a file/],
  ])('bad target %s is a usage error', async (target, message) => {
    await expect(resolveTargets(target, directory)).rejects.toThrow(message);
    await expect(resolveTargets(target, directory)).rejects.toMatchObject({ code: 'usage' });
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
    ['Error: No access token was provided.', true],
    ['No API key found. Get a fresh key at https://example.com', true],
    ['Error: OAuth keys file not found. Please place gcp-oauth.keys.json in current directory', true],
    ['No tools found', false],
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
    [{ phase: 'list' as const, failure: { kind: 'server_error' as const, message: 'MCP error -32603: fetch failed' } }, 'protocol_error'],
  ])('%j → %s', (evidence, status) => {
    const outcome = classifyFailure(evidence);
    expect(outcome.status).toBe(status);
    expect(outcome.detail).not.toContain('\n');
  });
});

describe('a server whose native module was never built (install scripts are off)', () => {
  const stderr = [
    '/var/cache/mcp-risk/npm/x/node_modules/bindings/bindings.js:126',
    "  err = new Error(",
    '  ^',
    '',
    'Error: Could not locate the bindings file. Tried:',
    ' → /var/cache/mcp-risk/npm/x/node_modules/better-sqlite3/build/better_sqlite3.node',
    '    at bindings (/var/cache/mcp-risk/npm/x/node_modules/bindings/bindings.js:126:9)',
  ].join('\n');
  test.each([
    ['bindings', stderr],
    ['node-gyp-build', 'Error: No native build was found for platform=linux arch=x64 runtime=node abi=115'],
    ['a different Node', "Error: The module '/x/sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 108."],
  ])('%s: the detail says so, not `err = new Error(`', (_, text) => {
    const outcome = classifyFailure({ phase: 'start', failure: { kind: 'closed', message: 'Connection closed' }, exit: { code: 1, signal: null }, stderr: text });
    expect(outcome.status).toBe('crashed');
    expect(outcome.detail).toMatch(/needs a native module that was never built \(.+\): mcp-risk installs packages with install scripts disabled/);
    expect(outcome.detail).not.toContain('err = new Error(');
  });
});

describe('client failures', () => {
  test.each([
    // The SDK's own errors…
    [new McpError(ErrorCode.RequestTimeout, 'Request timed out', { timeout: 100 }), 'timeout'],
    [new McpError(ErrorCode.ConnectionClosed, 'Connection closed'), 'closed'],
    // …and a server's answers that happen to use the same codes.
    [new McpError(ErrorCode.ConnectionClosed, '21st MCP endpoint unreachable (https://21st.dev/api/mcp): fetch failed'), 'server_error'],
    [new McpError(ErrorCode.RequestTimeout, 'Not authenticated - your API key is missing'), 'server_error'],
    [new McpError(ErrorCode.InternalError, 'fetch failed'), 'server_error'],
  ])('%s → %s', (error, kind) => {
    expect(describeClientFailure(error).kind).toBe(kind);
  });

  test('an error the server answered with is named in the detail, not reported as a crash', () => {
    const outcome = classifyFailure({ phase: 'start', failure: { kind: 'server_error', message: 'MCP error -32000: endpoint unreachable: fetch failed' } });
    expect(outcome).toEqual({ status: 'protocol_error', detail: 'the server answered initialize with an error: MCP error -32000: endpoint unreachable: fetch failed' });
  });
});

describe('variables a server asks for', () => {
  test.each([
    ['Error: BRAVE_API_KEY environment variable is required', ['BRAVE_API_KEY']],
    ['Please set SLACK_BOT_TOKEN and SLACK_TEAM_ID environment variables', ['SLACK_BOT_TOKEN', 'SLACK_TEAM_ID']],
    // The variable can be on a line after the complaint.
    ['Error: No access token was provided.\nRun `x auth login` first, or pass `--access-token` / `SENTRY_ACCESS_TOKEN`.\nUsage: x [--host=<host>]', ['SENTRY_ACCESS_TOKEN']],
    // Names away from any complaint, and Node's error codes, are not requests.
    ['Loaded FEATURE_FLAGS\nstarting\nok\nready\nError: API key is missing (ERR_MISSING_ARGS)', []],
    ['TypeError: x is undefined\n  code: ERR_INVALID_ARG_TYPE', []],
  ])('%j → %j', (text, names) => {
    expect(requestedVariableNames(text)).toEqual(names);
  });
});

describe('one-line details', () => {
  test.each([
    ['Server error: [\n  {\n    "message": "Elasticsearch URL cannot be empty",', '"message": "Elasticsearch URL cannot be empty",'],
    ['[Redis Retry] Attempt 1/5 failed\n[Redis Error] Error: getaddrinfo EAI_AGAIN localhost', '[Redis Error] Error: getaddrinfo EAI_AGAIN localhost'],
    ['Usage telemetry enabled.\n[INFO] HTTP server listening on port 3333', '[INFO] HTTP server listening on port 3333'],
    ['Starting\nTypeError: boom', 'TypeError: boom'],
  ])('stderr %j → %j', (stderr, line) => {
    expect(firstMeaningfulLine(stderr)).toBe(line);
  });

  test('a timeout says what the server last said', () => {
    const outcome = classifyFailure({ phase: 'start', failure: { kind: 'timeout', message: 'Request timed out' }, timeoutMs: 100, stderr: '[INFO] HTTP server listening on port 3333' });
    expect(outcome).toEqual({ status: 'timeout', detail: 'no answer to initialize within 100 ms; the process tree was killed. It said: [INFO] HTTP server listening on port 3333' });
  });

  test.each([
    [
      'npm warn Unknown user config "nodedir".\nnpm error code ENOTFOUND\nnpm error syscall getaddrinfo\nnpm error errno ENOTFOUND\nnpm error network request to https://codeload.github.com/x/y/tar.gz/abc failed, reason: getaddrinfo ENOTFOUND codeload.github.com\nnpm error network This is a problem related to network connectivity.\nnpm error A complete log of this run can be found in: /root/.npm/_logs/x.log',
      'network request to https://codeload.github.com/x/y/tar.gz/abc failed, reason: getaddrinfo ENOTFOUND codeload.github.com',
    ],
    [
      "npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/no-such-mcp - Not found\nnpm error 404\nnpm error 404  'no-such-mcp@1.0.0' is not in this registry.\nnpm error A complete log of this run can be found in: /x.log",
      '404 Not Found - GET https://registry.npmjs.org/no-such-mcp - Not found',
    ],
  ])('npm stderr → the line that says what failed (%#)', (stderr, line) => {
    expect(npmErrorLine(stderr)).toBe(line);
  });
});

describe('record file names', () => {
  test('traversal in a target or server name cannot leave the output folder', () => {
    const stem = recordFileStem({ target: '../../../etc/passwd', serverName: '../../x' });
    expect(stem).not.toContain('/');
    expect(stem.startsWith('.')).toBe(false);
  });
});

describe('the one list walk (scanner probe and guard)', () => {
  const pages = (answers: unknown[]) => {
    let index = 0;
    return async () => answers[Math.min(index++, answers.length - 1)];
  };

  test.each([
    ['a repeated cursor', [{ tools: [{}], nextCursor: 'a' }, { tools: [{}], nextCursor: 'a' }], { maxPages: 10, maxItems: 100 }, 2, 'repeatedCursor:tools'],
    ['the item cap', [{ tools: [{}, {}, {}], nextCursor: 'a' }, { tools: [{}, {}, {}] }], { maxPages: 10, maxItems: 4 }, 4, 'maxItems:tools'],
    ['the page cap', [{ tools: [{}], nextCursor: 'a' }, { tools: [{}], nextCursor: 'b' }, { tools: [{}] }], { maxPages: 2, maxItems: 100 }, 2, 'maxPages:tools'],
  ])('stops at %s and says so', async (_, answers, caps, kept, limit) => {
    const walk = await walkList(pages(answers), 'tools', caps);
    expect(walk).toEqual({ items: Array.from({ length: kept }, () => ({})), truncated: true, limitsHit: [limit] });
  });

  test('a null nextCursor ends the list; a page without the array or with a numeric cursor is a shape error', async () => {
    expect(await walkList(pages([{ tools: [{}], nextCursor: null }]), 'tools', { maxPages: 5, maxItems: 5 })).toEqual({ items: [{}], truncated: false, limitsHit: [] });
    await expect(walkList(pages([{ nope: [] }]), 'tools', { maxPages: 5, maxItems: 5 })).rejects.toThrow(ListShapeError);
    await expect(walkList(pages([{ tools: [], nextCursor: 5 }]), 'tools', { maxPages: 5, maxItems: 5 })).rejects.toThrow(ListShapeError);
  });
});
