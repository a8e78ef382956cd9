import type { CommandEntry } from './command.ts';
import { describeError, exitCodeFor, EXIT_OK, EXIT_USAGE } from '../core/errors.ts';
import { toTerminalText } from '../core/terminal-text.ts';
import { processIo, type Io } from '../core/io.ts';
import { version } from '../core/version.ts';

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const commands: CommandEntry[] = [
  { name: 'classify', summary: 'classify MCP tool definitions (JSON Lines) by category and risk', load: async () => (await import('./commands/classify.ts')).classifyCommand },
  { name: 'inspect', summary: 'check JSON-RPC frames (NDJSON) as the guard does: pass, warn or block, with findings', load: async () => (await import('./commands/inspect.ts')).inspectCommand },
  { name: 'eval', summary: 'score the classifier against a labelled dataset', load: async () => (await import('./commands/eval.ts')).evalCommand },
  { name: 'policy', summary: 'recommend a policy for scanned servers, for mcp-risk or a client or gateway', load: async () => (await import('./commands/policy.ts')).policyCommand },
  { name: 'discover', summary: 'find MCP servers (registry, npm, GitHub, a list) and write data/targets.json', load: async () => (await import('./commands/discover.ts')).discoverCommand },
  { name: 'crawl', summary: 'scan every discovered server into the catalogue (data/), incrementally', load: async () => (await import('./commands/crawl.ts')).crawlCommand },
  { name: 'merge', summary: 'merge sharded crawl outputs into one catalogue', load: async () => (await import('./commands/merge.ts')).mergeCommand },
  { name: 'scan', summary: 'launch an MCP server in a sandbox and record its tools with their risk', load: async () => (await import('./commands/scan.ts')).scanCommand },
  { name: 'hook', summary: 'a Claude Code PreToolUse hook that applies a policy, argument rules included', load: async () => (await import('./commands/hook.ts')).hookCommand },
  { name: 'guard', summary: 'run an MCP server behind a policy: filter tools, ask, deny, rate-limit, audit every call', load: async () => (await import('./commands/guard.ts')).guardCommand },
  { name: 'site', summary: 'build the catalogue site from data/, or serve it on 127.0.0.1', load: async () => (await import('./commands/site.ts')).siteCommand },
];

function renderHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return [
    `mcp-risk ${version} — know what an MCP server's tools can do before an agent calls them.`,
    '',
    'Usage: mcp-risk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `mcp-risk <command> --help` for a command\'s options.',
    'Exit codes: 0 done; 1 a check found something (--fail-on); 2 bad usage; 3 a failure (unreadable input, a scan that did not succeed).',
    '',
  ].join('\n');
}

/** Edits (insert, delete, substitute, swap two neighbours) between two words. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, index) => [index, ...Array<number>(b.length).fill(0)]);
  for (let column = 1; column <= b.length; column++) rows[0]![column] = column;
  for (let row = 1; row <= a.length; row++) {
    for (let column = 1; column <= b.length; column++) {
      const cost = a[row - 1] === b[column - 1] ? 0 : 1;
      let best = Math.min(rows[row - 1]![column]! + 1, rows[row]![column - 1]! + 1, rows[row - 1]![column - 1]! + cost);
      if (row > 1 && column > 1 && a[row - 1] === b[column - 2] && a[row - 2] === b[column - 1]) best = Math.min(best, rows[row - 2]![column - 2]! + 1);
      rows[row]![column] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** The command a mistyped name most likely meant: at most two edits away (one for short names), else none. */
function closestCommand(typed: string): string | undefined {
  const ranked = commands.map((command) => ({ name: command.name, distance: editDistance(typed.toLowerCase(), command.name) })).sort((a, b) => a.distance - b.distance);
  const best = ranked[0];
  return best && best.distance <= (typed.length <= 4 ? 1 : 2) ? best.name : undefined;
}

/** "mcp-risk scan: …": messages that already start with the command's name ("scan: expected …") keep theirs, once. */
function prefixError(commandName: string, text: string): string {
  const firstWord = commandName.split(' ')[0]!;
  return text.startsWith(`${firstWord}:`) || text.startsWith(`${firstWord} `) ? `mcp-risk ${text}` : `mcp-risk ${commandName}: ${text}`;
}

/** The CLI entry point: runs one subcommand and returns its exit code. Tests call this in-process. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  // `mcp-risk help scan` is `mcp-risk scan --help`.
  if (argv[0] === 'help' && argv[1] !== undefined) return main([argv[1], '--help'], io);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(renderHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (!entry) {
    const guess = closestCommand(name);
    io.stderr.write(`mcp-risk: unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Known commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    // Flags after `--` belong to the command being wrapped (`guard -- server --help`), not to mcp-risk.
    const ownArguments = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (ownArguments.includes('--help') || ownArguments.includes('-h')) {
      io.stdout.write(`${command.usage.trimEnd()}\n`);
      return EXIT_OK;
    }
    return await command.run(rest, io);
  } catch (error) {
    // Messages quote input (a file's bad JSON, a server's name): each line is escaped for the terminal.
    const message = describeError(error).split('\n').map((line) => toTerminalText(line, 2_000)).join('\n');
    io.stderr.write(`${prefixError(name, message)}\n`);
    return exitCodeFor(error);
  }
}
