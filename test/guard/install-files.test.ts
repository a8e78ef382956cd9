import { execFile } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, realpathSync, statSync, symlinkSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { describeStaleBuild } from '../../bin/build-freshness.js';
import { main } from '../../cli/main.ts';
import { isGuarded, REMOTE_VARIABLE } from '../../guard/config-rewrite.ts';
import { memoryIo } from '../helpers/memory-io.ts';
import { binPath, fixtureServer, repositoryRoot } from './helpers.ts';

const run = promisify(execFile);

/** A configuration whose one server is a real fixture, so install's start check can run its guard. */
function configWith(servers: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'guard-files-')), 'config.json');
  writeFileSync(file, `${JSON.stringify({ ...extra, mcpServers: servers }, null, 2)}\n`);
  return file;
}
const fixture = { command: process.execPath, args: [fixtureServer('guard-tools.mjs')] };

describe('guard install writes files safely', () => {
  test('the rewritten config and its backup are never readable by others, not even for a moment', async () => {
    const file = configWith({ notes: fixture });
    chmodSync(file, 0o600);
    const directory = join(file, '..');
    const seen: string[] = [];
    const watcher = watch(directory, (_event, name) => {
      if (!name) return;
      try {
        const mode = statSync(join(directory, name)).mode & 0o777;
        if (mode & 0o077) seen.push(`${name} ${mode.toString(8)}`);
      } catch {
        // renamed away already
      }
    });
    const io = memoryIo();
    try {
      expect(await main(['guard', 'install', '--live', file], io)).toBe(0);
    } finally {
      watcher.close();
    }
    expect(seen).toEqual([]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(`${file}.mcp-risk-backup`).mode & 0o777).toBe(0o600);
  }, 60_000);

  test('a symlinked config is written through to its target; the link stays a link', async () => {
    const target = configWith({ notes: fixture });
    const link = join(mkdtempSync(join(tmpdir(), 'guard-link-')), 'linked.json');
    symlinkSync(target, link);
    const io = memoryIo();
    expect(await main(['guard', 'install', '--live', link], io)).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(isGuarded(JSON.parse(readFileSync(target, 'utf8')).mcpServers.notes)).toBe(true);
  }, 60_000);

  test('a read-only config is refused, not rewritten', async () => {
    const file = configWith({ notes: fixture });
    chmodSync(file, 0o444);
    const before = readFileSync(file, 'utf8');
    const io = memoryIo();
    expect(await main(['guard', 'install', '--live', file], io)).toBe(3);
    expect(io.err()).toContain('read-only');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.mcp-risk-backup`)).toBe(false);
  });

  test('servers named like options (-v, --) get a guard that starts', async () => {
    const file = configWith({ '-v': fixture, '--': fixture });
    const io = memoryIo();
    expect(await main(['guard', 'install', '--live', file], io)).toBe(0);
    const servers = JSON.parse(readFileSync(file, 'utf8')).mcpServers;
    expect(servers['-v'].args).toContain('--server-key=-v');
    expect(servers['--'].args).toContain('--server-key=--');
    expect(io.err()).toMatch(/checked: 2 guards start/);
  }, 60_000);

  test('a remote URL is kept out of the command line (in the entry\'s env), and uninstall puts it back', async () => {
    const url = 'https://api.example.com/mcp?key=k-secret';
    const file = configWith({ remote: { type: 'http', url, headers: { 'X-Api-Key': 'k-secret' } } });
    const original = readFileSync(file, 'utf8');
    expect(await main(['guard', 'install', '--live', file], memoryIo())).toBe(0);
    const entry = JSON.parse(readFileSync(file, 'utf8')).mcpServers.remote;
    expect(JSON.stringify(entry.args)).not.toContain('example.com');
    expect(JSON.parse(entry.env[REMOTE_VARIABLE]).url).toBe(url);
    expect(await main(['guard', 'uninstall', file], memoryIo())).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
  }, 60_000);
});

describe('guard install writes a guard that starts, and undoes exactly', () => {
  test('from the compiled CLI the command is the real bin/mcp-risk.js, run by this node', async () => {
    if (describeStaleBuild(repositoryRoot) !== undefined) await run('npm', ['run', 'build'], { cwd: repositoryRoot });
    const file = configWith({ notes: fixture });
    const { stderr } = await run(process.execPath, [binPath, 'guard', 'install', '--live', file]);
    expect(stderr).not.toContain('warning:');
    const entry = JSON.parse(readFileSync(file, 'utf8')).mcpServers.notes;
    expect(entry.command).toBe(process.execPath);
    expect(entry.args[0]).toBe(realpathSync(binPath));
    expect(stderr).toMatch(/checked: 1 guard starts/);
  }, 120_000);

  test('a guard that cannot start fails the install loudly and leaves the file as it was', async () => {
    const file = configWith({ notes: fixture });
    const before = readFileSync(file, 'utf8');
    const io = memoryIo();
    expect(await main(['guard', 'install', '--live', file, '--rules', join(tmpdir(), 'no-such-rules.yaml')], io)).toBe(3);
    expect(io.err()).toMatch(/notes.*does not start/s);
    expect(readFileSync(file, 'utf8')).toBe(before);
  }, 60_000);

  test('installing twice keeps the first backup; uninstall gives back the original bytes', async () => {
    const file = configWith({ notes: fixture }, { // a comment-free file, key order of its own
      zeta: 1,
    });
    const original = `// the person's own comment\n${readFileSync(file, 'utf8').replace('"zeta": 1', '"zeta":   1')}`;
    writeFileSync(file, original);
    expect(await main(['guard', 'install', '--live', file], memoryIo())).toBe(0);
    expect(readFileSync(`${file}.mcp-risk-backup`, 'utf8')).toBe(original);
    // A second install (a new server added meanwhile) must not replace the original backup.
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document.mcpServers.second = fixture;
    writeFileSync(file, JSON.stringify(document, null, 2));
    expect(await main(['guard', 'install', '--live', file], memoryIo())).toBe(0);
    expect(readFileSync(`${file}.mcp-risk-backup`, 'utf8')).toBe(original);
    // The person edited the file since: only the guard's entries are edited back, and it says so.
    const edited = memoryIo();
    expect(await main(['guard', 'uninstall', file], edited)).toBe(0);
    expect(edited.err()).toMatch(/changed since/);
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.mcpServers.second).toEqual(fixture);
    expect(isGuarded(after.mcpServers.notes)).toBe(false);
  }, 90_000);

  test('uninstall right after install restores the file byte for byte, comments included', async () => {
    const file = configWith({ notes: fixture });
    const original = `{\n  // keep me\n  "mcpServers": { "notes": ${JSON.stringify(fixture)} },\n}\n`;
    writeFileSync(file, original);
    expect(await main(['guard', 'install', '--live', file], memoryIo())).toBe(0);
    const io = memoryIo();
    expect(await main(['guard', 'uninstall', file], io)).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(original);
    expect(io.err()).toMatch(/byte for byte/);
    expect(existsSync(`${file}.mcp-risk-backup`)).toBe(false);
  }, 60_000);
});
