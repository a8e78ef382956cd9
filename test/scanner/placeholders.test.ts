import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { describeRanWith, revisePlan, startPlan } from '../../scanner/launch-plan.ts';
import { enginesNeedNewerNode, failureNeedsNewerNode, scannerNode } from '../../scanner/node-runtime.ts';
import { filesAskedFor, JWT_PLACEHOLDER, placeholderForName, prefixesNamed, variablesReadBy } from '../../scanner/placeholders.ts';

describe('placeholders from a variable name', () => {
  test.each([
    ['WEATHER_API_KEY', 'generic', 'mcp-risk-placeholder-weather-api-key'],
    ['GITHUB_PERSONAL_ACCESS_TOKEN', 'token', 'ghp_mcpRiskPlaceholder000000000000000000'],
    ['SLACK_BOT_TOKEN', 'token', 'xoxb-mcpRiskPlaceholder00000000000000000'],
    ['SUPABASE_JWT', 'jwt', JWT_PLACEHOLDER],
    ['ES_URL', 'url', 'http://127.0.0.1:18080'],
    ['API_ENDPOINT', 'url', 'http://127.0.0.1:18080'],
    ['REDIS_URL', 'url', 'redis://127.0.0.1:6379'],
    ['DOCKER_HOST', 'socket', 'unix:///var/run/docker.sock'],
    ['MYSQL_HOST', 'host', '127.0.0.1'],
    ['DB_PORT', 'port', '18080'],
    ['UPSTASH_EMAIL', 'email', 'mcp-risk-placeholder@example.com'],
    ['MEMORY_FILE_PATH', 'file', '/tmp/mcp-risk-placeholders/memory_file_path'],
    ['GOOGLE_APPLICATION_CREDENTIALS', 'file', '/tmp/mcp-risk-placeholders/google_application_credentials.json'],
    ['OUTPUT_DIR', 'directory', '/tmp/mcp-risk-placeholders/output_dir'],
  ])('%s → %s', (name, kind, value) => {
    expect(placeholderForName(name)).toEqual({ kind, value });
  });

  test('a JWT placeholder has three base64url parts and says what it is', () => {
    const [header, payload, signature] = JWT_PLACEHOLDER.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString()).sub).toBe('mcp-risk-placeholder');
    expect(signature).toMatch(/^[\w-]+$/);
  });
});

describe('what a refusal asks for', () => {
  test.each([
    ['Invalid API key format. Expected sk_* (secret key) or rk_* (restricted key).', ['sk_', 'rk_']],
    ['Error: token must start with "xoxb-"', ['xoxb-']],
    ['the key should begin with sk- and be 51 characters', ['sk-']],
    ['keys are prefixed with `pk_`', ['pk_']],
    ['invalid API key', []],
    ['see docs/*.md and ./*', []],
  ])('prefixes named in %j', (text, prefixes) => {
    expect(prefixesNamed(text)).toEqual(prefixes);
  });

  test.each([
    ['Error: OAuth keys file not found. Please place gcp-oauth.keys.json in current directory', ['/scratch/gcp-oauth.keys.json']],
    ['Uncaught exception: Error: No config file found at /home/sandbox/.config/tool/default.toml', ['/home/sandbox/.config/tool/default.toml']],
    ['Fatal error: No configuration found.\n\nSet variables\nor create a config file at: ~/.config/x/config.toml', ['/home/sandbox/.config/x/config.toml']],
    ["Error: ENOENT: no such file or directory, open '/etc/passwd.json'", []],
    ['Error: cannot find /home/sandbox/../../etc/x.json', []],
    ["Cannot find module '/var/cache/x/node_modules/y/index.js'", []],
    ['config.json loaded', []],
  ])('files asked for in %j', (text, paths) => {
    expect(filesAskedFor(text, '/scratch', '/home/sandbox').map((file) => file.path)).toEqual(paths);
  });
});

describe('revising a launch plan from its failure', () => {
  const where = { workingDirectory: '/scratch', home: '/home/sandbox', runsStubs: true };

  test('names a refusal gives become placeholders; a named prefix reshapes them; a server that says nothing new ends the retries', () => {
    const plan = startPlan([], [], { runtime: scannerNode() });
    expect(revisePlan(plan, { status: 'needs_credentials', text: 'Error: STRIPE_SECRET_KEY is required' }, where)).toEqual(['placeholder STRIPE_SECRET_KEY (generic)']);
    expect(revisePlan(plan, { status: 'needs_credentials', text: 'Invalid API key format. Expected sk_* or rk_*' }, where)).toEqual(['STRIPE_SECRET_KEY reshaped to the prefix sk_ the server named']);
    expect(plan.declared[0]?.placeholder).toBe('sk_mcpRiskPlaceholder0000000000000000000');
    expect(revisePlan(plan, { status: 'crashed', text: 'TypeError: fetch failed' }, where)).toEqual([]);
    expect(describeRanWith(plan, []).placeholders).toEqual([{ name: 'STRIPE_SECRET_KEY', kind: 'prefixed' }]);
  });

  test('a missing daemon, Redis or localhost adds stubs; a missing built-in asks for a newer Node', () => {
    const plan = startPlan([], [], { runtime: scannerNode() });
    expect(revisePlan(plan, { status: 'crashed', text: 'Error: connect ENOENT /var/run/docker.sock' }, where)).toEqual(['stub docker on /var/run/docker.sock']);
    expect(revisePlan(plan, { status: 'timeout', text: '[Redis Error] Error: getaddrinfo EAI_AGAIN localhost' }, where)).toEqual(['stub redis on 6379']);
    expect(revisePlan(plan, { status: 'crashed', text: 'Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite' }, where)).toEqual(['a newer Node']);
    expect(plan.hosts).toBe(true);
  });

  test('a refusal that wants a URL but names no variable gets the URL variables its entry script reads', () => {
    const script = join(mkdtempSync(join(tmpdir(), 'mcp-risk-entry-')), 'index.js');
    writeFileSync(script, 'const url = process.env.ES_URL; const key = process.env["ES_API_KEY"]; const base = process.env.SERVICE_BASE_URL;');
    expect(variablesReadBy(script)).toEqual(['ES_URL', 'ES_API_KEY', 'SERVICE_BASE_URL']);
    expect(variablesReadBy(join(script, 'missing'))).toEqual([]);
    const plan = startPlan([], [], undefined);
    expect(revisePlan(plan, { status: 'crashed', text: '"message": "Elasticsearch URL cannot be empty"' }, { ...where, entryScript: script })).toEqual([
      "placeholder ES_URL (url, read by the server's entry script)",
      "placeholder SERVICE_BASE_URL (url, read by the server's entry script)",
    ]);
    expect(plan.stubs).toEqual([{ service: 'http', listen: 18080 }]);
  });

  test('a sandbox that cannot hold stubs gets none, and no placeholder files', () => {
    const plan = startPlan([], [], undefined);
    expect(revisePlan(plan, { status: 'crashed', text: 'Cannot connect to the Docker daemon. Is the docker daemon running?\nOAuth keys file not found: keys.json' }, { ...where, runsStubs: false })).toEqual([]);
  });

  test('declared variables are shaped by name on the first launch, and URLs bring up the HTTP stub', () => {
    const plan = startPlan([{ name: 'ES_URL', isSecret: false, isRequired: true }, { name: 'ES_API_KEY', isSecret: true, isRequired: true }, { name: 'REGION', isSecret: false, isRequired: false, value: 'eu' }], [], undefined);
    expect(plan.declared.map((variable) => variable.placeholder)).toEqual(['http://127.0.0.1:18080', 'mcp-risk-placeholder-es-api-key', undefined]);
    expect(plan.stubs).toEqual([{ service: 'http', listen: 18080 }]);
  });
});

describe('which Node a server needs', () => {
  test.each([
    ['>=22', true],
    ['>=22.12.0', true],
    ['^22 || ^24', true],
    ['22.x', true],
    ['>= 22.0.0', true],
    ['>=18', false],
    ['>=20.11', false],
    ['>=8.22', false],
    ['>=18 <23', false],
    ['^20.19.0 || >=22.12.0', false],
    ['*', false],
    ['>=24', false],
    [undefined, false],
  ])('engines %j on Node 20 → %s', (range, needs) => {
    expect(enginesNeedNewerNode(range, 20)).toBe(needs);
  });

  test.each([
    ['Error: Apify MCP server requires Node.js 22 or later (you have v20.20.2)', true],
    ['Error [ERR_UNKNOWN_BUILTIN_MODULE]: No such built-in module: node:sqlite', true],
    ['This tool needs Node.js v22 or higher', true],
    ['requires Node 18', false],
    ['TypeError: fetch failed', false],
  ])('failure %j → %s', (text, needs) => {
    expect(failureNeedsNewerNode(text)).toBe(needs);
  });
});
