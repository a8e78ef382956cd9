import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { commands } from '../../cli/main.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

describe('the mcp-risk binary', () => {
  test('`npx mcp-risk --help` lists every command, with no build step', async () => {
    const { stdout } = await run('npx', ['--no-install', 'mcp-risk', '--help'], { cwd: root });
    for (const command of commands) expect(stdout).toContain(command.name);
  });
  test('an unknown command exits 2 and names the known ones', async () => {
    const error = await run(process.execPath, ['bin/mcp-risk.js', 'nope'], { cwd: root }).catch((failure: { code: number; stderr: string }) => failure);
    expect(error).toMatchObject({ code: 2 });
    expect((error as { stderr: string }).stderr).toContain('unknown command "nope"');
  });
});
