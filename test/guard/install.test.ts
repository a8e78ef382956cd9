import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { installGuard, isGuarded, REMOTE_VARIABLE, uninstallGuard } from '../../guard/config-rewrite.ts';
import { stripJsonComments } from '../../core/json-comments.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const claudeDesktop = {
  mcpServers: {
    filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/me/notes'] },
    github: { command: 'docker', args: ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_secret' } },
  },
  globalShortcut: 'Ctrl+Space',
};

const claudeCodeProject = {
  mcpServers: {
    memory: { type: 'stdio', command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: {} },
    linear: { type: 'http', url: 'https://mcp.linear.app/mcp', headers: { Authorization: 'Bearer ${LINEAR_TOKEN}' } },
    events: { type: 'sse', url: 'https://example.com/sse' },
  },
};

const claudeCodeUser = {
  numStartups: 12,
  mcpServers: { time: { type: 'stdio', command: 'uvx', args: ['mcp-server-time'] } },
  projects: { '/home/me/app': { allowedTools: [], mcpServers: { db: { type: 'stdio', command: 'node', args: ['./db-server.js'], env: { DB_URL: 'postgres://x' } } } } },
};

const cursor = {
  mcpServers: {
    playwright: { command: 'npx', args: ['@playwright/mcp@latest'] },
    remote: { url: 'https://api.example.com/mcp', headers: { 'X-Api-Key': 'k-secret' } },
  },
};

const vscodeText = `{
  // Servers for this workspace
  "inputs": [{ "type": "promptString", "id": "token", "description": "Token", "password": true }],
  "servers": {
    "fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch"] },
    "api": { "type": "http", "url": "https://api.example.com/mcp", "headers": { "Authorization": "Bearer \${input:token}" } },
  },
}
`;

const formats: [string, string][] = [
  ['Claude Desktop', JSON.stringify(claudeDesktop, null, 2)],
  ['Claude Code .mcp.json', JSON.stringify(claudeCodeProject, null, 2)],
  ['Claude Code ~/.claude.json', JSON.stringify(claudeCodeUser, null, 2)],
  ['Cursor', JSON.stringify(cursor, null, 4)],
  ['VS Code mcp.json (JSONC)', vscodeText],
  ['VS Code settings.json (mcp.servers)', JSON.stringify({ 'editor.fontSize': 14, mcp: { servers: { local: { type: 'stdio', command: 'node', args: ['server.js'], env: { MODE: 'x' } } } } }, null, 2)],
];

function serversOf(document: Record<string, any>): [string, Record<string, any>][] {
  const lists = [document.mcpServers, document.servers, document.mcp?.servers, ...Object.values(document.projects ?? {}).map((project: any) => project.mcpServers)].filter(Boolean);
  return lists.flatMap((list) => Object.entries(list)) as [string, Record<string, any>][];
}

describe('guard install and uninstall', () => {
  test.each(formats)('%s: install puts every server behind the guard, uninstall restores it', async (_name, text) => {
    const file = join(mkdtempSync(join(tmpdir(), 'guard-install-')), 'config.json');
    writeFileSync(file, text);
    const original = JSON.parse(stripJsonComments(text));

    const dry = memoryIo();
    expect(await main(['guard', 'install', '--live', file, '--dry-run'], dry)).toBe(0);
    expect(dry.out()).toMatch(/^--- /);
    expect(dry.out()).toContain('+');
    expect(readFileSync(file, 'utf8')).toBe(text);

    const install = memoryIo();
    expect(await main(['guard', 'install', '--live', file], install)).toBe(0);
    expect(readFileSync(`${file}.mcp-risk-backup`, 'utf8')).toBe(text);
    const installed = JSON.parse(readFileSync(file, 'utf8'));
    for (const [name, entry] of serversOf(installed)) {
      const before = serversOf(original).find(([other]) => other === name)![1];
      if (before.type === 'sse') {
        expect(entry).toEqual(before);
        expect(install.err()).toContain('an SSE server');
        continue;
      }
      expect(isGuarded(entry)).toBe(true);
      expect(entry.command).toBe(process.execPath);
      expect(entry.args).toEqual(expect.arrayContaining(['guard', `--server-key=${name}`]));
      if (before.url) {
        expect(entry.args.at(-1)).toBe('--upstream-env');
        expect(JSON.parse(entry.env[REMOTE_VARIABLE]).url).toBe(before.url);
        expect(JSON.stringify(entry.args)).not.toMatch(/secret|Bearer/);
        expect(JSON.parse(entry.env[REMOTE_VARIABLE]).headers).toEqual(before.headers);
      } else {
        expect(entry.args.slice(entry.args.indexOf('--') + 1)).toEqual([before.command, ...(before.args ?? [])]);
        expect(entry.env).toEqual(before.env);
      }
    }

    // Installing twice changes nothing.
    const again = memoryIo();
    expect(await main(['guard', 'install', '--live', file], again)).toBe(0);
    expect(again.err()).toContain('already behind the guard');

    const uninstall = memoryIo();
    expect(await main(['guard', 'uninstall', file], uninstall)).toBe(0);
    // Nothing else changed since install: the original bytes, comments included.
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  test('key order survives the round trip, so the diff is only the changed lines', () => {
    const document = { mcpServers: { a: { command: 'node', args: ['x.js'], env: { A: '1' }, disabled: false } } };
    const installed = installGuard(document, { command: '/usr/bin/node', args: ['/opt/mcp-risk/bin/mcp-risk.js', 'guard'] });
    expect(Object.keys((installed.document.mcpServers as any).a)).toEqual(['command', 'args', 'env', 'disabled']);
    const restored = uninstallGuard(installed.document);
    expect(JSON.stringify(restored.document)).toBe(JSON.stringify(document));
  });

  test('a file without servers is refused with what was expected', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'guard-install-')), 'settings.json');
    writeFileSync(file, '{"editor.fontSize": 14}');
    const io = memoryIo();
    expect(await main(['guard', 'install', '--live', file], io)).toBe(3);
    expect(io.err()).toContain('expected a client configuration with `mcpServers`');
  });
});
