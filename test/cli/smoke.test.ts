/**
 * What users run: the compiled build through bin/mcp-risk.js (never tsx), on a configuration like a new user's,
 * and the packed tarball installed into an empty prefix. Builds dist/ first when it is stale (git-ignored).
 */
import { execFile, type ExecFileOptions } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeStaleBuild } from '../../bin/build-freshness.js';
import type { ScanRecord } from '../../schemas/scan-record.ts';
// @ts-expect-error a fixture written in JavaScript
import { startRemoteFixture } from '../fixtures/servers/remote-http.mjs';
import { buildTestWheel, PYTHON_SERVER, servePythonIndex } from '../helpers/python-index.ts';

const root = new URL('../..', import.meta.url).pathname;
const bin = join(root, 'bin', 'mcp-risk.js');
const work = mkdtempSync(join(tmpdir(), 'mcp-risk-smoke-'));
chmodSync(work, 0o755);
const docs = join(work, 'docs');
mkdirSync(docs, { mode: 0o755 });
writeFileSync(join(docs, 'readme.txt'), 'hello\n');
const TOOL = '{"name":"delete_file","description":"Delete a file from disk.","inputSchema":{"type":"object"}}\n';

/** Runs a command to its end, failed or not: its exit code and output. */
function run(command: string, args: string[], options: ExecFileOptions & { input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { maxBuffer: 64 * 1024 * 1024, timeout: 240_000, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.end(options.input ?? '');
  });
}

let index: { url: string; server: Server };
let remote: { url: string; close(): Promise<void> };
let config: string;

beforeAll(async () => {
  if (describeStaleBuild(root) !== undefined) {
    const build = await run('npm', ['run', '--silent', 'build'], { cwd: root });
    expect(build.code, build.stderr).toBe(0);
  }
  expect(describeStaleBuild(root)).toBeUndefined();
  index = await servePythonIndex(work, buildTestWheel(work));
  remote = (await startRemoteFixture()) as typeof remote;
  config = join(work, '.mcp.json');
  // Claude Code's .mcp.json as a new user writes it: real values in env, which the scan must never use.
  writeFileSync(config, JSON.stringify({
    mcpServers: {
      filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', docs] },
      memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { MEMORY_FILE_PATH: '/home/me/memory.json' } },
      notes: { command: 'uvx', args: ['--index-url', index.url, PYTHON_SERVER.name], env: { NOTES_API_KEY: 'real-secret-value' } },
      github: { command: 'docker', args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_real' } },
      remote: { type: 'http', url: `${remote.url}/mcp` },
    },
  }, null, 2));
}, 300_000);

afterAll(async () => {
  index?.server.close();
  await remote?.close();
  rmSync(work, { recursive: true, force: true });
}, 300_000);

describe('the compiled CLI, as users run it', () => {
  test('help, help scan and classify run from dist/ with no warning', async () => {
    const help = await run(process.execPath, [bin, 'help', 'scan']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: mcp-risk scan TARGET/);
    const classify = await run(process.execPath, [bin, 'classify'], { input: TOOL });
    expect(classify).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(classify.stdout)).toMatchObject({ name: 'delete_file', category: 'destructive' });
  });

  test('a Claude Code configuration (npx with a folder, an env block, uvx, docker run, a remote URL) scans entry by entry', async () => {
    const scan = await run(process.execPath, [bin, 'scan', '--format', 'json', config], { cwd: work });
    expect(scan.stderr).not.toMatch(/TypeScript sources|failed inside mcp-risk/);
    const records = JSON.parse(scan.stdout) as ScanRecord[];
    const status = Object.fromEntries(records.map((record) => [record.serverName, record.status]));
    expect(status).toMatchObject({ filesystem: 'ok', memory: 'ok', notes: 'ok', remote: 'ok' });
    const github = records.find((record) => record.serverName === 'github')!;
    if (github.status === 'unsupported') {
      expect(github.detail).toMatch(/^no container engine: `docker run -i --rm -e GITHUB_PERSONAL_ACCESS_TOKEN ghcr\.io\/github\/github-mcp-server`/);
      expect(scan.code).toBe(3);
      expect(scan.stderr).toMatch(/^mcp-risk scan: github: unsupported — no container engine/m);
    }
    expect(JSON.stringify(records)).not.toMatch(/real-secret-value|ghp_real|\/home\/me\/memory/);
  }, 300_000);
});

describe('the packed package', () => {
  test('npm pack, installed into an empty prefix: --help, classify, scan and guard --help work from there', async () => {
    const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root });
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
    const prefix = join(work, 'prefix');
    mkdirSync(prefix);
    // Dependencies come from npm's cache, as they are all there already; the registry only when one is missing.
    const install = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: work, timeout: 600_000 });
    expect(install.code, install.stderr).toBe(0);
    const installed = join(prefix, 'bin', 'mcp-risk');
    const help = await run(installed, ['--help'], { cwd: work });
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('scan');
    expect((await run(installed, ['guard', '--help'], { cwd: work })).stdout).toMatch(/^Usage: mcp-risk guard/);
    const classify = await run(installed, ['classify'], { cwd: work, input: TOOL });
    expect(classify).toMatchObject({ code: 0, stderr: '' });
    const scan = await run(installed, ['scan', '--format', 'json', '--index-url', index.url, `pypi:${PYTHON_SERVER.name}@${PYTHON_SERVER.version}`], { cwd: work });
    expect(scan.stderr).toBe('');
    expect(JSON.parse(scan.stdout)).toMatchObject({ status: 'ok', package: { registry: 'pypi', version: PYTHON_SERVER.version } });
  }, 900_000);
});
