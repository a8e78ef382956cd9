import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { isTemporaryFile, removeTemporaryFiles, writeFileAtomic } from '../../core/atomic-file.ts';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { slugFor } from '../../core/slug.ts';
import { CatalogueIndexSchema, ServerFileSchema } from '../../schemas/catalogue.ts';
import { fixtureTargets } from './helpers/fixture-scanner.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const child = fileURLToPath(new URL('helpers/crawl-child.ts', import.meta.url));

describe('writeFileAtomic', () => {
  test('replaces a file whole and leaves no temporary file', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-atomic-'));
    const path = join(directory, 'a.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(directory)).toEqual(['a.json']);
  });

  test('cleans temporary files a killed writer left', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-atomic-'));
    await writeFile(join(directory, '.a.json.tmp-123-abcd'), '{"torn');
    await writeFile(join(directory, 'a.json'), '{}');
    expect(isTemporaryFile('.a.json.tmp-123-abcd')).toBe(true);
    expect(await removeTemporaryFiles(directory)).toBe(1);
    expect(await readdir(directory)).toEqual(['a.json']);
  });
});

interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  finished: number;
}

/** Runs the crawl in a child process; kills it with SIGKILL once `killAfter` targets finished (or after `killAfterMs`). */
function runChild(dataDirectory: string, launchLog: string, kill: { afterDone?: number; afterMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, dataDirectory, launchLog], { cwd: root, env: { ...process.env, LAUNCH_MS: '25', CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let finished = 0;
    let stderr = '';
    const timer = kill.afterMs === undefined ? undefined : setTimeout(() => process_.kill('SIGKILL'), kill.afterMs);
    process_.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      finished = (stderr.match(/^\[\d+\/\d+\] /gm) ?? []).length;
      if (kill.afterDone !== undefined && finished >= kill.afterDone) process_.kill('SIGKILL');
    });
    process_.stdout.resume();
    process_.on('error', reject);
    process_.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === null && code !== 0) reject(new Error(`the crawl exited with ${code}: ${stderr}`));
      else resolve({ code, signal, finished });
    });
  });
}

/** Every server file parses (none torn); returns their contents by slug. */
async function readCatalogue(directory: string): Promise<Map<string, string>> {
  const names = await readdir(join(directory, 'servers'));
  const files = new Map<string, string>();
  for (const name of names.filter((name) => !isTemporaryFile(name))) {
    const text = await readFile(join(directory, 'servers', name), 'utf8');
    ServerFileSchema.parse(JSON.parse(text));
    files.set(name.replace(/\.json$/, ''), text);
  }
  return files;
}

describe('a crawl killed with SIGKILL', () => {
  test('loses no finished scan, leaves no torn file, and continues where it stopped', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'mcp-risk-resume-'));
    const launchLog = join(directory, 'launches.log');
    await writeFile(launchLog, '');
    const targets = fixtureTargets(36);
    await new CatalogueStore(directory).writeTargets({ schemaVersion: 1, sources: [], targets });

    const kills = [{ afterDone: 3 }, { afterMs: 900 }, { afterDone: 14 }];
    let kept = new Map<string, string>();
    for (const kill of kills) {
      const launchesBefore = (await readFile(launchLog, 'utf8')).split('\n').filter(Boolean).length;
      const result = await runChild(directory, launchLog, kill);
      const catalogue = await readCatalogue(directory);
      // Every scan finished before this run is still there, untouched and not launched again.
      for (const [slug, text] of kept) expect(catalogue.get(slug)).toBe(text);
      const launchedNow = (await readFile(launchLog, 'utf8')).split('\n').filter(Boolean).slice(launchesBefore);
      for (const key of launchedNow) expect(kept.has(slugFor(key))).toBe(false);
      expect(result.signal === 'SIGKILL' || result.code === 0).toBe(true);
      kept = catalogue;
    }

    const final = await runChild(directory, launchLog);
    expect(final.code).toBe(0);
    const catalogue = await readCatalogue(directory);
    expect([...catalogue.keys()].sort()).toEqual(targets.map((target) => slugFor(target.key)).sort());
    for (const [slug, text] of kept) expect(catalogue.get(slug)).toBe(text);
    expect((await readdir(join(directory, 'servers'))).filter(isTemporaryFile)).toEqual([]);
    const index = CatalogueIndexSchema.parse(JSON.parse(await readFile(join(directory, 'index.json'), 'utf8')));
    expect(index.servers).toHaveLength(targets.length);

    // Each target was launched once, plus those in flight at a kill: three launching and a few writing.
    const launches = (await readFile(launchLog, 'utf8')).split('\n').filter(Boolean);
    expect(new Set(launches).size).toBe(targets.length);
    expect(launches.length - targets.length).toBeLessThanOrEqual(kills.length * 6);
  }, 120_000);
});
