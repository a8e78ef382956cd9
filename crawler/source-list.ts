import { readFile } from 'node:fs/promises';
import { McpRiskError } from '../core/errors.ts';
import { isExactVersion, parseNpmSpec } from '../scanner/npm-spec.ts';
import type { CrawlTarget } from '../schemas/catalogue.ts';
import { MalformedLog, type Discovery, type Source } from './source.ts';

// An argument on a list line: printable, no quotes or shell characters (nothing runs through a shell, but a
// list is read by people too), at most 200 characters.
const ARGUMENT = /^[\w@%+=:,./~-]{1,200}$/;

/** One parsed list line: the package, its version when pinned, the file to run when the server is not its bin, and the arguments the server needs. */
export interface ListLine {
  name: string;
  version?: string;
  entry?: string;
  arguments?: string[];
}

// A script inside the package (`dist/index.js`): relative, no `..`, JavaScript.
const ENTRY = /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w@+.\/-]{1,200}\.(?:c|m)?js$/;

/**
 * Parses one list line: `npm:NAME[@VERSION]` or `NAME[@VERSION]`, optionally `:PATH` when the MCP server is a script
 * in the package rather than its bin (as its README launches it), then the server's arguments if it needs any to
 * start (`@azure/mcp server start`); `#` starts a comment.
 */
export function parseListLine(line: string): ListLine | { error: string } | undefined {
  const text = line.replace(/#.*$/, '').trim();
  if (text === '') return undefined;
  const [word = '', ...args] = text.split(/\s+/);
  const unprefixed = word.startsWith('npm:') ? word.slice(4) : word;
  const colon = unprefixed.indexOf(':');
  const first = colon === -1 ? unprefixed : unprefixed.slice(0, colon);
  const entry = colon === -1 ? undefined : unprefixed.slice(colon + 1);
  if (entry !== undefined && !ENTRY.test(entry)) return { error: `expected a relative .js path inside the package after ":", got ${JSON.stringify(entry)}` };
  const spec = parseNpmSpec(first);
  if (!spec) return { error: `expected an npm package name like "@scope/name" or "name@1.2.3", got ${JSON.stringify(first)}` };
  const { name } = spec;
  const version = spec.versionSpec === 'latest' ? undefined : spec.versionSpec;
  if (version !== undefined && !isExactVersion(version)) {
    return { error: `expected an exact version after "@", got ${JSON.stringify(version)}` };
  }
  const bad = args.find((argument) => !ARGUMENT.test(argument));
  if (bad !== undefined || args.length > 20) {
    return { error: `expected at most 20 plain arguments after the package (letters, digits and @%+=:,./~_-), got ${JSON.stringify(bad ?? args.join(' '))}` };
  }
  return { name, ...(version !== undefined && { version }), ...(entry !== undefined && { entry }), ...(args.length > 0 && { arguments: args }) };
}

/**
 * The server.json a list line with arguments (or an entry) stands for: one stdio npm package with positional
 * arguments, so the scanner launches it the way it launches a registry entry. `entry` is this project's own field.
 */
export function serverJsonForListLine(line: ListLine): Record<string, unknown> {
  return {
    name: line.name,
    packages: [{
      registryType: 'npm',
      identifier: line.name,
      ...(line.version !== undefined && { version: line.version }),
      ...(line.entry !== undefined && { entry: line.entry }),
      transport: { type: 'stdio' },
      packageArguments: (line.arguments ?? []).map((value) => ({ type: 'positional', value })),
    }],
  };
}

export interface ListSourceOptions {
  /** The list file: one target per line. */
  path: string;
  now?: () => Date;
}

/** A plain list file of npm targets, e.g. a curated catalogue. Versions left out are resolved at crawl time; arguments become a server.json. */
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
      const firstLine = new Map<string, number>();
      text.split(/\r?\n/).forEach((line, index) => {
        const parsed = parseListLine(line);
        if (parsed === undefined) return;
        if ('error' in parsed) return malformed.add(`${options.path}:${index + 1}`, parsed.error);
        // The first line wins; a later one for the same package is reported, never silently replaces it.
        const first = firstLine.get(parsed.name);
        if (first !== undefined) return malformed.add(`${options.path}:${index + 1}`, `${parsed.name} is already listed on line ${first}; this line is ignored`);
        firstLine.set(parsed.name, index + 1);
        byName.set(parsed.name, {
          key: parsed.name,
          ...(parsed.version && { version: parsed.version }),
          package: { name: parsed.name },
          ...((parsed.arguments || parsed.entry) && { serverJson: serverJsonForListLine(parsed) }),
          sources: ['list'],
        });
      });
      const targets = [...byName.values()];
      return { targets, report: { source: 'list', discoveredAt, count: targets.length, truncated: false, malformed: malformed.entries } } satisfies Discovery;
    },
  };
}
