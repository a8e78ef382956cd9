import { countOf } from '../../core/terminal-text.ts';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BuildOptions, BuildSummary } from '../../site/build/build-site.ts';
import { startStaticServer } from '../../site/build/serve-static.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';

const DEFAULT_PORT = 4321;

const usage = `Usage: mcp-risk site build [--data DIR] [--out DIR]
       mcp-risk site serve [--port N] [--data DIR] [--out DIR] [--rebuild]

build  Builds the catalogue site from DIR (default data/: index.json and servers/) into the out
       directory (default site/dist/): every server and tool page, the listings, the downloads
       (policies and exports per server, catalogue.json, JSON Schemas, llms.txt) and the Pagefind
       search index. A malformed data file stops the build, naming the file and the field.
serve  Builds first when the out directory is missing or older than the data or the site's
       sources (or with --rebuild), then serves it on http://127.0.0.1:PORT/ (default ${DEFAULT_PORT})
       and prints the URL. When the environment variable CI is set, it checks that the home page
       answers over HTTP, prints the URL and exits 0 instead of serving until interrupted.
`;

function describeBuild(summary: BuildSummary): string {
  const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)} s`;
  return `built ${countOf(summary.pages, 'page')} and ${countOf(summary.downloads, 'download')} for ${countOf(summary.servers, 'server')} and ${countOf(summary.tools, 'tool')} in ${seconds(summary.milliseconds)} (pages ${seconds(summary.phases.pages)}, search ${seconds(summary.phases.search)} alongside, downloads ${seconds(summary.phases.downloads)})\n`;
}

type SiteBuildModule = typeof import('../../site/build/build-site.ts');

/**
 * Astro and Pagefind load only when a build runs, so other commands start fast. The build finds the site's
 * folder from its own module's location, so compiled JavaScript (dist/) loads it from the TypeScript
 * sources through tsx; the build takes seconds, so tsx's start-up cost does not show.
 */
async function loadSiteBuild(): Promise<SiteBuildModule> {
  if (!import.meta.url.endsWith('.js')) return import('../../site/build/build-site.ts');
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(new URL('../../../site/build/build-site.ts', import.meta.url).href)) as SiteBuildModule;
}

async function buildSite(options: BuildOptions): Promise<BuildSummary> {
  const { buildSite: build } = await loadSiteBuild();
  return build(options);
}

async function isCurrent(outDirectory: string, dataDirectory: string): Promise<boolean> {
  try {
    const { BUILD_STAMP, fingerprintData } = await loadSiteBuild();
    const stamp = JSON.parse(await readFile(join(outDirectory, BUILD_STAMP), 'utf8')) as { dataDirectory?: string; fingerprint?: string };
    return stamp.dataDirectory === dataDirectory && stamp.fingerprint === (await fingerprintData(dataDirectory));
  } catch {
    return false;
  }
}

/** How often the server checks that whoever started it (npm start, a shell) is still there. */
const PARENT_CHECK_MS = 500;

/** Shells that npm (and others) put between themselves and the command, which outlive a killed npm. */
const INTERMEDIATE_SHELLS = new Set(['sh', 'dash', 'bash']);

/** A process's parent and command name from /proc (Linux); undefined when it is gone or /proc is not there. */
function readParent(pid: number): { ppid: number; command: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const end = stat.lastIndexOf(')');
    return { command: stat.slice(stat.indexOf('(') + 1, end), ppid: Number(stat.slice(end + 2).split(' ')[1]) };
  } catch {
    return undefined;
  }
}

/**
 * Resolves on Ctrl-C, SIGTERM or SIGHUP, or when whoever started the server is gone: `npm start` killed
 * by its process id cannot pass a signal on, and the server must not outlive it. npm runs the command
 * through `sh -c`, and that shell survives a killed npm, so when the parent is a shell its parent is
 * watched too (a process whose parent dies is handed to another, so a changed parent id means it died).
 */
export function waitForStop(parentCheckMs = PARENT_CHECK_MS): Promise<string> {
  const parent = process.ppid;
  const parentInfo = readParent(parent);
  const grandparent = parentInfo && INTERMEDIATE_SHELLS.has(parentInfo.command) && parentInfo.ppid > 1 ? parentInfo.ppid : undefined;
  return new Promise((resolvePromise) => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const stop = (reason: string) => {
      clearInterval(watch);
      for (const signal of signals) process.off(signal, onSignal);
      resolvePromise(reason);
    };
    const onSignal = () => stop('signal');
    for (const signal of signals) process.once(signal, onSignal);
    const watch = setInterval(() => {
      if (process.ppid !== parent) stop(`the process that started it (pid ${parent}) has exited`);
      else if (grandparent !== undefined && readParent(parent)?.ppid !== grandparent) stop(`the process that started it (pid ${grandparent}, through ${parentInfo!.command} ${parent}) has exited`);
    }, parentCheckMs);
  });
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new McpRiskError('usage', `site serve: expected --port to be a whole number from 0 to 65535, got "${text}".`);
  return port;
}

async function runBuild(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('site build', argv, { data: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length) throw new McpRiskError('usage', `site build: expected no arguments besides options, got "${positionals.join(' ')}".`);
  const summary = await buildSite({
    dataDirectory: resolve(io.cwd, values.data ?? 'data'),
    outDirectory: resolve(io.cwd, values.out ?? 'site/dist'),
    log: (line) => io.stderr.write(`${line}\n`),
  });
  io.stdout.write(describeBuild(summary));
  return EXIT_OK;
}

async function runServe(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('site serve', argv, {
    port: { type: 'string' },
    data: { type: 'string' },
    out: { type: 'string' },
    rebuild: { type: 'boolean' },
  });
  if (positionals.length) throw new McpRiskError('usage', `site serve: expected no arguments besides options, got "${positionals.join(' ')}".`);
  const port = parsePort(values.port);
  const dataDirectory = resolve(io.cwd, values.data ?? 'data');
  const outDirectory = resolve(io.cwd, values.out ?? 'site/dist');
  if (values.rebuild || !(await isCurrent(outDirectory, dataDirectory))) {
    io.stderr.write(`site: building ${outDirectory} from ${dataDirectory}\n`);
    io.stderr.write(describeBuild(await buildSite({ dataDirectory, outDirectory, log: (line) => io.stderr.write(`${line}\n`) })));
  }
  const server = await startStaticServer({ directory: outDirectory, port });
  io.stdout.write(`mcp-risk catalogue: ${server.url}\n`);
  if (process.env.CI) {
    // CI runs the README's commands with no one to press Ctrl-C: prove the site answers, then stop.
    try {
      const response = await fetch(server.url);
      const body = await response.text();
      if (!response.ok || !body.includes('<h1')) {
        io.stderr.write(`site serve: expected the home page at ${server.url} to answer 200 with a page, got ${response.status}\n`);
        return EXIT_FAILURE;
      }
      io.stderr.write('site serve: CI is set, the home page answered; stopping instead of serving until interrupted.\n');
      return EXIT_OK;
    } finally {
      await server.close();
    }
  }
  io.stderr.write('Press Ctrl-C to stop.\n');
  const reason = await waitForStop();
  if (reason !== 'signal') io.stderr.write(`site serve: ${reason}; stopping the server.\n`);
  await server.close();
  return EXIT_OK;
}

export const siteCommand: Command = {
  name: 'site',
  usage,
  async run(argv, io) {
    const [subcommand, ...rest] = argv;
    if (subcommand === 'build') return runBuild(rest, io);
    if (subcommand === 'serve') return runServe(rest, io);
    throw new McpRiskError('usage', `site: expected "build" or "serve", got ${subcommand === undefined ? 'nothing' : `"${subcommand}"`}.`, { hint: 'Run `mcp-risk site --help` for usage.' });
  },
};
