import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(join(root, directory), { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|js|mjs)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

function importedModules(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3] ?? '');
}

/** Modules the pure classifier must never reach: I/O, processes, network, browsers and the SDK's transports. */
const forbiddenInClassifier = [
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
  /^octokit$/,
  /^@octokit\//,
  /^playwright/,
  /^@playwright\//,
  /^@modelcontextprotocol\/sdk\/(client|server)\//,
];

describe('module boundaries', () => {
  test('classifier/ imports no I/O, process, network, browser or transport module', async () => {
    const violations: string[] = [];
    for (const file of await sourceFiles('classifier')) {
      for (const module of importedModules(await readFile(file, 'utf8'))) {
        if (forbiddenInClassifier.some((pattern) => pattern.test(module))) violations.push(`${relative(root, file)} imports ${module}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('site/ never imports the scanner or the crawler (only its slug helpers) at run time', async () => {
    const siteFiles = (await readdir(join(root, 'site'), { withFileTypes: true, recursive: true }))
      .filter((entry) => entry.isFile() && /\.(ts|js|mjs|astro)$/.test(entry.name) && !entry.parentPath.includes('/dist') && !entry.parentPath.includes('/.astro'))
      .map((entry) => join(entry.parentPath, entry.name));
    expect(siteFiles.length).toBeGreaterThan(10);
    const violations: string[] = [];
    for (const file of siteFiles) {
      for (const module of importedModules(await readFile(file, 'utf8'))) {
        const reachesScanner = /(^|\/)scanner\//.test(module);
        const reachesCrawler = /(^|\/)crawler\//.test(module) && !/(^|\/)crawler\/slug\.ts$/.test(module);
        if (reachesScanner || reachesCrawler) violations.push(`${relative(root, file)} imports ${module}`);
      }
    }
    expect(violations).toEqual([]);
  });

  test('the import scanner sees the forms it must catch', () => {
    expect(importedModules(`import { readFile } from 'node:fs';\nconst x = await import("child_process");\nexport { a } from 'octokit';`))
      .toEqual(['node:fs', 'child_process', 'octokit']);
  });
});
