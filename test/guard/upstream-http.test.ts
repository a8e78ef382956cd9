import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { binPath, repositoryRoot, textOf } from './helpers.ts';
// @ts-expect-error a fixture written in JavaScript
import { startOversizeFixture } from '../fixtures/servers/remote-oversize.mjs';

let remote: { url: string; close(): Promise<void> };
let client: Client;
let stderr = '';

beforeAll(async () => {
  remote = await startOversizeFixture();
  const directory = mkdtempSync(join(tmpdir(), 'guard-http-'));
  const rules = join(directory, 'rules.json');
  writeFileSync(rules, JSON.stringify({ version: 1, rules: [{ match: { tool: '*' }, action: 'allow' }] }));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath, 'guard', '--upstream', remote.url, '--max-message-bytes', '1000000', '--rules', rules, '--audit', join(directory, 'audit.jsonl'), '--state', join(directory, 'state.json')],
    cwd: repositoryRoot,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  client = new Client({ name: 'guard-http-test', version: '1.0.0' });
  await client.connect(transport);
}, 30_000);

afterAll(async () => {
  await client?.close();
  await remote?.close();
});

describe('--upstream has the same size limit as stdio', () => {
  test('an answer larger than --max-message-bytes is cut off and the caller gets an error, not the body', async () => {
    const outcome = await client.callTool({ name: 'big', arguments: {} }).then(() => 'answered', (error: Error) => error.message);
    expect(outcome).toMatch(/over the guard's limit of 1000000/);
    expect(stderr).toContain('--max-message-bytes');
    // The session goes on.
    expect(textOf(await client.callTool({ name: 'small', arguments: {} }))).toBe('small');
  }, 30_000);

  test('an event that never ends is cut off at the limit and the caller gets an error', async () => {
    const outcome = await client.callTool({ name: 'stream', arguments: {} }, undefined, { timeout: 20_000 }).then(() => 'answered', (error: Error) => error.message);
    expect(outcome).toMatch(/over the guard's limit of 1000000/);
    expect(textOf(await client.callTool({ name: 'small', arguments: {} }))).toBe('small');
  }, 30_000);
});
