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
  test('the SDK is imported by one guard module only', async () => {
    const importers: string[] = [];
    for (const file of await sourceFiles('guard')) {
      if (importedModules(await readFile(file, 'utf8')).some((module) => module.startsWith('@modelcontextprotocol/sdk'))) importers.push(relative(root, file));
    }
    expect(importers).toEqual(['guard/mcp-sdk.ts']);
  });
});
