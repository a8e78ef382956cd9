import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { memoryIo } from '../helpers/memory-io.ts';
import { binPath, fixtureServer, repositoryRoot } from './helpers.ts';

describe('guard log', () => {
  test('the first start says where the audit log is; `guard log SERVER` shows its decisions as a table', async () => {
    const stateHome = mkdtempSync(join(tmpdir(), 'guard-log-'));
    let stderr = '';
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [binPath, 'guard', '--server-key=notes', '--', process.execPath, fixtureServer('guard-tools.mjs')],
      cwd: repositoryRoot,
      env: { ...(process.env as Record<string, string>), XDG_STATE_HOME: stateHome },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'guard-log-test', version: '1.0.0' });
    await client.connect(transport);
    await client.callTool({ name: 'read_notes', arguments: { name: 'a' } });
    await client.callTool({ name: 'delete_all_notes', arguments: {} });
    await client.close();
    const auditPath = join(stateHome, 'mcp-risk', 'guard', 'notes.audit.jsonl');
    expect(stderr).toContain(`the audit log is ${auditPath}`);

    const previous = process.env.XDG_STATE_HOME;
    process.env.XDG_STATE_HOME = stateHome;
    try {
      const io = memoryIo();
      expect(await main(['guard', 'log', 'notes'], io)).toBe(0);
      const rows = io.out().trimEnd().split('\n');
      expect(rows[0]).toMatch(/^TIME\s+SERVER\s+EVENT\s+TOOL\s+DECISION\s+OUTCOME\s+DETAIL$/);
      expect(rows.find((row) => row.includes('read_notes'))).toMatch(/call\s+read_notes\s+allowed\s+ok/);
      expect(rows.find((row) => row.includes('delete_all_notes') && row.includes(' call '))).toMatch(/refused|denied/);
      expect(rows.some((row) => /session\s+start/.test(row))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.XDG_STATE_HOME;
      else process.env.XDG_STATE_HOME = previous;
    }
  }, 30_000);
});
