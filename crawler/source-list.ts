import { readFile } from 'node:fs/promises';
import { McpRiskError } from '../cli/errors.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import { MalformedLog, type Discovery, type Source } from './source.ts';

// npm's rules for a package name: optional @scope/, lower case, URL-safe, at most 214 characters.
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Parses one list line: `npm:NAME[@VERSION]` or `NAME[@VERSION]`; `#` starts a comment. */
export function parseListLine(line: string): { name: string; version?: string } | { error: string } | undefined {
  const text = line.replace(/#.*$/, '').trim();
  if (text === '') return undefined;
  const spec = text.startsWith('npm:') ? text.slice(4) : text;
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const version = at === -1 ? undefined : spec.slice(at + 1);
  if (!NPM_NAME.test(name) || name.length > 214) {
    return { error: `expected an npm package name like "@scope/name" or "name", got ${JSON.stringify(name)}` };
  }
  if (version !== undefined && !/^[0-9A-Za-z.+-]+$/.test(version)) {
    return { error: `expected an exact version after "@", got ${JSON.stringify(version)}` };
  }
  return version === undefined || version === 'latest' ? { name } : { name, version };
}

export interface ListSourceOptions {
  /** The list file: one target per line. */
  path: string;
  now?: () => Date;
}

/** A plain list file of npm targets, e.g. a curated catalogue. Versions left out are resolved at crawl time. */
export function createListSource(options: ListSourceOptions): Source {
  return {
    name: 'list',
    async discover() {
      const discoveredAt = (options.now?.() ?? new Date()).toISOString();
      let text: string;
      try {
        text = await readFile(options.path, 'utf8');
      } catch (error) {
        throw new McpRiskError('io', `cannot read the target list ${options.path}: ${(error as NodeJS.ErrnoException).code ?? error}.`, { cause: error });
      }
      const malformed = new MalformedLog();
      const byName = new Map<string, CrawlTarget>();
      text.split(/\r?\n/).forEach((line, index) => {
        const parsed = parseListLine(line);
        if (parsed === undefined) return;
        if ('error' in parsed) return malformed.add(`${options.path}:${index + 1}`, parsed.error);
        byName.set(parsed.name, {
          key: parsed.name,
          ...(parsed.version && { version: parsed.version }),
          package: { name: parsed.name },
          sources: ['list'],
        });
      });
      const targets = [...byName.values()];
      return { targets, report: { source: 'list', discoveredAt, count: targets.length, truncated: false, malformed: malformed.entries } } satisfies Discovery;
    },
  };
}
