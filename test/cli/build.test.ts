import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { assetFiles, describeStaleBuild } from '../../bin/build-freshness.js';
import { LAUNCHER_FILES } from '../../scanner/stubs/plan.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'mcp-risk-build-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A project with the real bin/ and a one-line main in cli/main.ts and dist/cli/main.js that says which ran. */
function makeProject(name: string): string {
  const project = join(scratch, name);
  mkdirSync(join(project, 'bin'), { recursive: true });
  mkdirSync(join(project, 'cli'));
  mkdirSync(join(project, 'dist', 'cli'), { recursive: true });
  for (const file of ['mcp-risk.js', 'build-freshness.js']) copyFileSync(join(root, 'bin', file), join(project, 'bin', file));
  writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, 'cli', 'main.ts'), 'export async function main(): Promise<number> { console.log("from sources"); return 0; }\n');
  writeFileSync(join(project, 'dist', 'cli', 'main.js'), 'export async function main() { console.log("from dist"); return 0; }\n');
  return project;
}

const past = new Date(Date.now() - 60_000);
const now = new Date();

describe('the compiled build', () => {
  test('the bin runs dist/ when every source has an older compiled twin', async () => {
    const project = makeProject('fresh');
    utimesSync(join(project, 'cli', 'main.ts'), past, past);
    const { stdout, stderr } = await run(process.execPath, [join(project, 'bin', 'mcp-risk.js')]);
    expect(stdout).toBe('from dist\n');
    expect(stderr).toBe('');
  });

  test('the bin falls back to the sources with a warning when a source is newer than dist/', async () => {
    const project = makeProject('stale');
    utimesSync(join(project, 'dist', 'cli', 'main.js'), past, past);
    utimesSync(join(project, 'cli', 'main.ts'), now, now);
    const { stdout, stderr } = await run(process.execPath, [join(project, 'bin', 'mcp-risk.js')]);
    expect(stdout).toBe('from sources\n');
    expect(stderr).toMatch(/warning: cli\/main\.ts changed after dist\/ was built; running the TypeScript sources through tsx.*npm run build/);
  });

  test('a source with no compiled twin (a new file, or no build at all) is stale', () => {
    const project = makeProject('missing');
    utimesSync(join(project, 'cli', 'main.ts'), past, past);
    expect(describeStaleBuild(project)).toBeUndefined();
    writeFileSync(join(project, 'cli', 'args.ts'), 'export {};\n');
    expect(describeStaleBuild(project)).toBe('cli/args.ts has no compiled JavaScript in dist/');
    rmSync(join(project, 'dist'), { recursive: true });
    expect(describeStaleBuild(project)).toMatch(/has no compiled JavaScript/);
  });

  test('an asset the code reads at run time (a stub service) missing from dist/ makes the build stale', () => {
    const project = makeProject('asset');
    utimesSync(join(project, 'cli', 'main.ts'), past, past);
    mkdirSync(join(project, 'scanner', 'stubs'), { recursive: true });
    writeFileSync(join(project, 'scanner', 'stubs', 'launcher.mjs'), '// launcher\n');
    writeFileSync(join(project, 'scanner', 'stubs', 'launcher.d.mts'), 'export {};\n');
    expect(describeStaleBuild(project)).toBe('scanner/stubs/launcher.mjs was not copied into dist/');
    mkdirSync(join(project, 'dist', 'scanner', 'stubs'), { recursive: true });
    copyFileSync(join(project, 'scanner', 'stubs', 'launcher.mjs'), join(project, 'dist', 'scanner', 'stubs', 'launcher.mjs'));
    expect(describeStaleBuild(project)).toBeUndefined();
  });

  test('every file the code reads beside its sources is an asset the build copies', () => {
    const assets = assetFiles(root);
    for (const name of LAUNCHER_FILES) expect(assets).toContain(`scanner/stubs/${name}`);
    expect(assets).toContain('site/build/render-pages.mjs');
    expect(assets.filter((path) => /\.d\.m?ts$/.test(path))).toEqual([]);
  });
});

describe('errors from the compiled CLI', () => {
  // The site build loads from the TypeScript sources (through tsx) while the CLI runs from dist/: two copies
  // of the error class. A refusal from the sources must still print as a refusal, not as an internal error.
  test('`site build --out .` through bin/mcp-risk.js on the compiled build prints the refusal, exit 2 (bad usage)', async () => {
    if (describeStaleBuild(root) !== undefined) await run('npm', ['run', 'build'], { cwd: root });
    const folder = mkdtempSync(join(scratch, 'site-out-'));
    mkdirSync(join(folder, 'data'));
    const error = await run(process.execPath, [join(root, 'bin', 'mcp-risk.js'), 'site', 'build', '--out', '.'], { cwd: folder }).catch((failure: { code: number; stderr: string }) => failure);
    expect(error).toMatchObject({ code: 2 });
    const stderr = (error as { stderr: string }).stderr;
    expect(stderr).not.toContain('warning:');
    expect(stderr).not.toContain('internal error');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).toContain('expected --out to name a directory of the site');
  }, 120_000);
});
