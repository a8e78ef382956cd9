import { readFileSync } from 'node:fs';

/**
 * The project's version, read from package.json so there is one place to bump it. The file is looked up
 * from here upwards, because compiled JavaScript sits one folder deeper (dist/core) than its source (core).
 */
function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const parsed = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'mcp-risk' && typeof parsed.version === 'string') return parsed.version;
    } catch {
      // not here; try one folder up
    }
  }
  return '0.0.0';
}

export const version: string = readVersion();
