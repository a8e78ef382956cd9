import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(join(root, directory), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
}

function importedModules(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? '');
}

describe('guard/ boundaries', () => {
  test('guard/ imports only scanner/, policy/, classifier/, schemas/, core/, itself, node: and packages — never cli/', async () => {
    const violations: string[] = [];
    for (const file of await sourceFiles('guard')) {
      for (const module of importedModules(await readFile(file, 'utf8'))) {
        if (!module.startsWith('.')) continue;
        if (!/^(\.\/|\.\.\/(scanner|policy|classifier|schemas|core|guard)\/)/.test(module)) violations.push(`${relative(root, file)} imports ${module}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('the SDK is imported by one guard module only', async () => {
    const importers: string[] = [];
    for (const file of await sourceFiles('guard')) {
      if (importedModules(await readFile(file, 'utf8')).some((module) => module.startsWith('@modelcontextprotocol/sdk'))) importers.push(relative(root, file));
    }
    expect(importers).toEqual(['guard/mcp-sdk.ts']);
  });

  test('nothing outside tests imports guard/ except cli/commands/guard.ts', async () => {
    const importers: string[] = [];
    for (const directory of ['bin', 'cli', 'classifier', 'core', 'crawler', 'policy', 'scanner', 'schemas', 'scripts', 'bench']) {
      for (const file of await sourceFiles(directory)) {
        if (importedModules(await readFile(file, 'utf8')).some((module) => /(^|\/)guard\//.test(module))) importers.push(relative(root, file));
      }
    }
    expect(importers).toEqual(['cli/commands/guard.ts']);
  });
});
