import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The layers, lowest first: what each top-level folder may import of the project. `core/` imports nothing of
 * the project, `schemas/` only `core/`; nothing imports `cli/`, `bench/`, `scripts/` or `test/`. An allowance
 * nothing uses is left out, so a new one is a decision.
 */
const MAY_IMPORT: Record<string, readonly string[]> = {
  core: ['package.json'],
  schemas: ['core'],
  classifier: ['schemas', 'core'],
  policy: ['schemas', 'core'],
  scanner: ['classifier', 'schemas', 'core'],
  crawler: ['scanner', 'policy', 'classifier', 'schemas', 'core'],  // policy: the history records each tool's recommended action
  site: ['policy', 'schemas', 'core', 'data'],
  guard: ['scanner', 'policy', 'classifier', 'schemas', 'core'],
  cli: ['guard', 'site', 'crawler', 'scanner', 'policy', 'classifier', 'schemas', 'core', 'package.json'],
  bin: ['cli', 'dist'],  // dist/ is cli/ compiled (npm run build)
  bench: ['cli', 'guard', 'site', 'crawler', 'scanner', 'policy', 'classifier', 'schemas', 'core', 'scripts', 'test', 'package.json'],
  scripts: ['cli', 'guard', 'site', 'crawler', 'scanner', 'policy', 'classifier', 'schemas', 'core', 'test', 'bin', 'package.json'],
  test: ['cli', 'guard', 'site', 'crawler', 'scanner', 'policy', 'classifier', 'schemas', 'core', 'scripts', 'bench', 'bin', 'data', 'examples', 'package.json'],
};

/** Modules the pure layers must never reach: I/O, processes, network, browsers and the SDK's transports. */
const FORBIDDEN_IN_PURE_LAYERS = [
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
  /^octokit$/,
  /^@octokit\//,
  /^playwright/,
  /^@playwright\//,
  /^@modelcontextprotocol\/sdk\/(client|server)\//,
];
const PURE_LAYERS = ['classifier', 'policy'];

/** The one module that imports the MCP SDK; tests, benchmarks and fixture servers drive the SDK directly. */
const SDK_MODULE = 'core/mcp-sdk.ts';
const SDK_FREE_LAYERS = Object.keys(MAY_IMPORT).filter((layer) => !['test', 'bench'].includes(layer));

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(join(root, directory), { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs|astro)$/.test(entry.name))
    .filter((entry) => !/\/(dist|\.astro|node_modules)(\/|$)/.test(entry.parentPath) && !/\/dist\./.test(entry.parentPath))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importedModules(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? match[4] ?? '');
}

/** The top-level folder (or root file) a relative import lands in; undefined for packages. */
function layerOf(file: string, module: string): string | undefined {
  if (!module.startsWith('.')) return undefined;
  return relative(root, resolve(dirname(file), module)).split('/')[0];
}

describe('module boundaries', () => {
  test.each(Object.entries(MAY_IMPORT))('%s/ imports only the layers below it', async (layer, allowed) => {
    const violations: string[] = [];
    for (const file of await sourceFiles(layer)) {
      for (const module of importedModules(await readFile(file, 'utf8'))) {
        const target = layerOf(file, module);
        if (target !== undefined && target !== layer && !allowed.includes(target)) violations.push(`${relative(root, file)} imports ${module}`);
        if (PURE_LAYERS.includes(layer) && FORBIDDEN_IN_PURE_LAYERS.some((pattern) => pattern.test(module))) violations.push(`${relative(root, file)} imports ${module}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test(`the MCP SDK is imported by ${SDK_MODULE} only`, async () => {
    const importers: string[] = [];
    for (const layer of SDK_FREE_LAYERS) {
      for (const file of await sourceFiles(layer)) {
        if (importedModules(await readFile(file, 'utf8')).some((module) => module.startsWith('@modelcontextprotocol/sdk'))) importers.push(relative(root, file));
      }
    }
    expect(importers).toEqual([SDK_MODULE]);
  });

  test('every top-level folder with code has a row in the table', async () => {
    const folders = (await readdir(root, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
      .map((entry) => entry.name);
    const withCode: string[] = [];
    for (const folder of folders) if ((await sourceFiles(folder)).length > 0) withCode.push(folder);
    expect(withCode.filter((folder) => !(folder in MAY_IMPORT))).toEqual([]);
  });

  test('the import scanner sees the forms it must catch', () => {
    expect(importedModules(`import { readFile } from 'node:fs';\nconst x = await import("child_process");\nexport { a } from 'octokit';\nimport './side-effect.ts';`))
      .toEqual(['node:fs', 'child_process', 'octokit', './side-effect.ts']);
    expect(layerOf(join(root, 'site/lib/model.ts'), '../../scanner/scan.ts')).toBe('scanner');
  });
});
