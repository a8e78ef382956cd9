import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const fixture = new URL('../fixtures/catalogue/', import.meta.url).pathname;
const work = await mkdtemp(join(tmpdir(), 'mcp-risk-site-command-'));
afterAll(() => rm(work, { recursive: true, force: true }));

describe('mcp-risk site', () => {
  test('serve builds when needed, answers on 127.0.0.1, prints the URL and exits under CI', async () => {
    const previous = process.env.CI;
    process.env.CI = 'true';
    try {
      const io = memoryIo();
      const code = await main(['site', 'serve', '--data', fixture, '--out', join(work, 'site'), '--port', '0'], io);
      expect(code, io.err()).toBe(0);
      expect(io.out()).toMatch(/^mcp-risk catalogue: http:\/\/127\.0\.0\.1:\d+\/\n$/);
      expect(io.err()).toContain('built ');
      expect(await readFile(join(work, 'site', 'index.html'), 'utf8')).toContain('<h1>');
      const again = memoryIo();
      expect(await main(['site', 'serve', '--data', fixture, '--out', join(work, 'site'), '--port', '0'], again)).toBe(0);
      expect(again.err()).not.toContain('built ');
    } finally {
      if (previous === undefined) delete process.env.CI;
      else process.env.CI = previous;
    }
  }, 180_000);

  test('serve stops when the process that started it is killed (npm start killed by its pid)', async () => {
    // A stand-in for npm: it starts the server and is then killed outright, so it cannot pass a signal on.
    const bin = new URL('../../bin/mcp-risk.js', import.meta.url).pathname;
    // Like npm, it runs the command through `sh -c`, a shell that outlives a killed npm.
    const command = [process.execPath, bin, 'site', 'serve', '--data', fixture, '--out', join(work, 'site'), '--port', '0'].map((part) => `'${part}'`).join(' ');
    const launcher = `const child = require('node:child_process').spawn('sh', ['-c', ${JSON.stringify(`${command}; exit $?`)}], { stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.on('data', (chunk) => { if (String(chunk).includes('mcp-risk catalogue:')) console.log(require('node:child_process').execFileSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).trim()); });`;
    const environment = { ...process.env };
    delete environment.CI;
    const npm = spawn(process.execPath, ['-e', launcher], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    const serverPid = await new Promise<number>((resolvePid, reject) => {
      npm.stdout.on('data', (chunk: Buffer) => resolvePid(Number(String(chunk).trim())));
      npm.on('exit', () => reject(new Error('the launcher exited before the server started')));
    });
    expect(existsSync(`/proc/${serverPid}`)).toBe(true);
    npm.kill('SIGKILL');
    const deadline = Date.now() + 5_000;
    while (existsSync(`/proc/${serverPid}`) && readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(' ')[2] !== 'Z' && Date.now() < deadline) await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    const alive = existsSync(`/proc/${serverPid}`) && readFileSync(`/proc/${serverPid}/stat`, 'utf8').split(' ')[2] !== 'Z';
    if (alive) process.kill(serverPid, 'SIGKILL');
    expect(alive).toBe(false);
  }, 120_000);

  test('build stops on a malformed catalogue and says which file', async () => {
    const io = memoryIo();
    expect(await main(['site', 'build', '--data', join(work, 'nowhere'), '--out', join(work, 'bad')], io)).toBe(3);
    expect(io.err()).toMatch(/expected the catalogue index at .*nowhere\/index\.json, got ENOENT/);
  });

  test('rejects an unknown subcommand and a bad port', async () => {
    expect(await main(['site', 'deploy'], memoryIo())).toBe(2);
    expect(await main(['site', 'serve', '--port', 'x'], memoryIo())).toBe(2);
  });
});
