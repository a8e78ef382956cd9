import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { installNpmPackage } from '../../scanner/install-npm.ts';
import { createScratchDirectory } from '../../scanner/scratch.ts';
import { createRunDirectory, privateTemporaryRoot, removeStaleDirectories } from '../../scanner/temporary-root.ts';
import { newMarker, processesWithMarker, waitForNoProcesses } from './helpers.ts';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const sandboxDirectory = mkdtempSync(join(tmpdir(), 'mcp-risk-temporaries-'));
afterAll(() => rmSync(sandboxDirectory, { recursive: true, force: true }));

/** The id of a process that has exited, so no process has it now (short of reuse within the test). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid!;
}

describe('temporaries a killed run leaves behind', () => {
  test('scratch and crawl folders live in a private folder of this user, named by the process that made them', async () => {
    const root = await privateTemporaryRoot();
    expect(root).toBe(join(tmpdir(), `mcp-risk-${process.getuid!()}`));
    const info = statSync(root);
    expect(info.uid).toBe(process.getuid!());
    expect(info.mode & 0o777).toBe(0o711);
    const scratch = await createScratchDirectory();
    try {
      expect(scratch.path.startsWith(`${root}/scratch-${process.pid}-`)).toBe(true);
    } finally {
      await scratch.remove();
    }
    const crawl = await createRunDirectory('crawl');
    expect(crawl.startsWith(`${root}/crawl-${process.pid}-`)).toBe(true);
    expect(statSync(crawl).mode & 0o077).toBe(0);
    rmSync(crawl, { recursive: true });
  });

  test('the next run removes the folders of processes that are gone, and nothing else', async () => {
    const root = await privateTemporaryRoot();
    const gone = join(root, `scratch-${deadPid()}-AbC123`);
    const goneCrawl = join(root, `crawl-${deadPid()}-XyZ789`);
    const alive = join(root, `scratch-${process.pid}-live01`);
    const foreign = join(root, 'not-ours-123');
    for (const path of [gone, goneCrawl, alive, foreign]) mkdirSync(join(path, 'inside'), { recursive: true });
    try {
      await removeStaleDirectories(root);
      expect(existsSync(gone)).toBe(false);
      expect(existsSync(goneCrawl)).toBe(false);
      expect(existsSync(alive)).toBe(true);
      expect(existsSync(foreign)).toBe(true);
    } finally {
      for (const path of [alive, foreign]) rmSync(path, { recursive: true, force: true });
    }
  });

  test('an install removes the .tmp- folders of installs whose process is gone, and nothing else', async () => {
    const cacheDirectory = join(sandboxDirectory, 'cache');
    const npmRoot = join(cacheDirectory, 'npm');
    // A complete cached package, so no npm runs.
    const cached = join(npmRoot, 'fixture-mcp@1.0.0');
    mkdirSync(join(cached, 'node_modules', 'fixture-mcp'), { recursive: true });
    writeFileSync(join(cached, '.complete'), '');
    writeFileSync(join(cached, 'package-lock.json'), '{}');
    writeFileSync(join(cached, 'node_modules', 'fixture-mcp', 'package.json'), '{"bin":"index.js"}');
    writeFileSync(join(cached, 'node_modules', 'fixture-mcp', 'index.js'), '');
    const gone = join(npmRoot, `.tmp-${deadPid()}-other@2.0.0-a1b2c3d4e5f6`);
    const alive = join(npmRoot, `.tmp-${process.pid}-other@2.0.0-a1b2c3d4e5f6`);
    const unprovable = join(npmRoot, '.tmp-other@2.0.0-a1b2c3d4e5f6');
    for (const path of [gone, alive, unprovable]) mkdirSync(path, { recursive: true });
    const outcome = await installNpmPackage('fixture-mcp', '1.0.0', { cacheDirectory });
    expect(outcome.ok).toBe(true);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(alive)).toBe(true);
    expect(existsSync(unprovable)).toBe(true);
  });

  test('a command the scanner runs (npm) dies with the scanner, even by SIGKILL', async () => {
    const marker = newMarker('orphan');
    // The marker reaches the parent through its environment, so only the child's command line carries it.
    const script = "import('./scanner/run-command.ts').then((m) => m.runCommand(process.execPath, ['-e', 'setInterval(() => {}, 1000)', process.env.MARKER], { timeoutMs: 60000 }))";
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repository, stdio: 'ignore', env: { ...process.env, MARKER: marker } });
    try {
      const deadline = Date.now() + 10_000;
      while (processesWithMarker(marker).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(processesWithMarker(marker)).toHaveLength(1);
      parent.kill('SIGKILL');
      expect(await waitForNoProcesses(marker)).toEqual([]);
    } finally {
      parent.kill('SIGKILL');
      for (const pid of processesWithMarker(marker)) process.kill(pid, 'SIGKILL');
    }
  }, 20_000);
});

describe('installs never throw', () => {
  test('a cache folder under a regular file: install_failed-style outcome, not an exception', async () => {
    const file = join(sandboxDirectory, 'a-file');
    writeFileSync(file, '');
    const outcome = await installNpmPackage('fixture-mcp', '1.0.0', { cacheDirectory: join(file, 'cache') });
    expect(outcome).toMatchObject({ ok: false, detail: expect.stringMatching(/could not install fixture-mcp@1\.0\.0/) });
  });
});
