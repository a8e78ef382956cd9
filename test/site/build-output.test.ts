import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { main } from '../../cli/main.ts';
import { BUILD_STAMP, checkOutputDirectory, publishAtomically } from '../../site/build/build-site.ts';
import { memoryIo } from '../helpers/memory-io.ts';

const work = await mkdtemp(join(tmpdir(), 'mcp-risk-site-out-'));
afterAll(() => rm(work, { recursive: true, force: true }));
let counter = 0;

const fixture = new URL('../fixtures/catalogue/', import.meta.url).pathname;

/** A folder shaped like a clone: .git/, a valid data/ catalogue, a README. */
async function makeClone(): Promise<string> {
  const clone = join(work, `clone-${counter++}`);
  await mkdir(join(clone, '.git'), { recursive: true });
  await cp(fixture, join(clone, 'data'), { recursive: true });
  await writeFile(join(clone, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  await writeFile(join(clone, 'README.md'), '# mine\n');
  return clone;
}

async function listing(directory: string): Promise<string[]> {
  return (await readdir(directory, { recursive: true })).sort();
}

describe('site build --out never deletes what the build did not write', () => {
  test.each([
    ['the clone itself (--out .)', (clone: string) => ({ cwd: clone, data: 'data', out: '.' })],
    ['a parent of the data (--data X/data --out X)', (clone: string) => ({ cwd: work, data: join(clone, 'data'), out: clone })],
    ['the data directory', (clone: string) => ({ cwd: clone, data: 'data', out: 'data' })],
    ['a folder inside the data', (clone: string) => ({ cwd: clone, data: 'data', out: 'data/site' })],
  ])('refuses %s and leaves every file in place', async (_, arrange) => {
    const clone = await makeClone();
    const before = await listing(clone);
    const { cwd, data, out } = arrange(clone);
    for (const command of ['build', 'serve']) {
      const io = memoryIo({ cwd });
      expect(await main(['site', command, '--data', data, '--out', out, '--port', '0'].slice(0, command === 'build' ? 6 : 8), io), io.err()).toBe(2);
      expect(io.err()).toMatch(/expected --out to name a directory of the site's own/);
    }
    expect(await listing(clone)).toEqual(before);
  });

  test('refuses the project folder and a folder holding files a build did not write', async () => {
    await expect(checkOutputDirectory(process.cwd(), join(work, 'data'))).rejects.toThrow(/holds the project|holds the working directory/);
    const foreign = join(work, 'foreign');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, 'notes.txt'), 'keep me');
    await expect(checkOutputDirectory(foreign, join(work, 'data'))).rejects.toThrow(/files a site build did not write \(notes\.txt\)/);
    expect(await readFile(join(foreign, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  test('accepts an absent or empty folder, and a previous build with nothing added since', async () => {
    const data = join(work, 'data');
    expect(await checkOutputDirectory(join(work, 'absent'), data)).toBe('absent');
    await mkdir(join(work, 'empty'));
    expect(await checkOutputDirectory(join(work, 'empty'), data)).toBe('empty');
    const previous = join(work, 'previous');
    await mkdir(previous);
    await writeFile(join(previous, 'index.html'), '<h1>old</h1>');
    await writeFile(join(previous, BUILD_STAMP), JSON.stringify({ entries: ['index.html', BUILD_STAMP] }));
    expect(await checkOutputDirectory(previous, data)).toBe('previous-build');
    await writeFile(join(previous, 'added-later.txt'), 'mine');
    await expect(checkOutputDirectory(previous, data)).rejects.toThrow(/the last build did not write \(added-later\.txt\)/);
  });
});

describe('publishAtomically', () => {
  test('a failed build leaves the previous site as it was and no staging folder behind', async () => {
    const site = join(work, 'atomic', 'site');
    await publishAtomically(site, join(work, 'data'), async (staging) => {
      await writeFile(join(staging, 'index.html'), 'first');
      await writeFile(join(staging, BUILD_STAMP), JSON.stringify({ entries: ['index.html', BUILD_STAMP] }));
    });
    await expect(publishAtomically(site, join(work, 'data'), async (staging) => {
      await writeFile(join(staging, 'index.html'), 'half-written');
      throw new Error('Astro failed');
    })).rejects.toThrow('Astro failed');
    expect(await readFile(join(site, 'index.html'), 'utf8')).toBe('first');
    expect(await readdir(join(work, 'atomic'))).toEqual(['site']);
    await publishAtomically(site, join(work, 'data'), async (staging) => {
      await writeFile(join(staging, 'index.html'), 'second');
      await writeFile(join(staging, BUILD_STAMP), JSON.stringify({ entries: ['index.html', BUILD_STAMP] }));
    });
    expect(await readFile(join(site, 'index.html'), 'utf8')).toBe('second');
    expect(await readdir(join(work, 'atomic'))).toEqual(['site']);
  });
});
