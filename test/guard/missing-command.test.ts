import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, test } from 'vitest';
import { binPath, listFixtureTools, policyWith, repositoryRoot } from './helpers.ts';

const directory = mkdtempSync(join(tmpdir(), 'guard-missing-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('a guarded server whose command is missing', () => {
  test('the client\'s initialize gets the reason as an error, not only "Connection closed"', async () => {
    const policyFile = join(directory, 'policy.json');
    writeFileSync(policyFile, JSON.stringify(policyWith(await listFixtureTools(), {})));
    const args = ['guard', '--policy', policyFile, '--audit', join(directory, 'audit.jsonl'), '--state', join(directory, 'state.json'), '--', '/nonexistent/mcp-server', 'stdio'];
    const transport = new StdioClientTransport({ command: process.execPath, args: [binPath, ...args], cwd: repositoryRoot, env: process.env as Record<string, string>, stderr: 'pipe' });
    const client = new Client({ name: 'guard-missing-test', version: '1.0.0' });
    const error = await client.connect(transport).then(() => undefined, (caught: unknown) => caught as Error);
    await client.close().catch(() => undefined);
    expect(error?.message).toMatch(/could not start \/nonexistent\/mcp-server/);
  });
});
