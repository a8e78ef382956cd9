import type { Command } from './command.ts';
import { classifyCommand } from './commands/classify.ts';
import { crawlCommand } from './commands/crawl.ts';
import { discoverCommand } from './commands/discover.ts';
import { evalCommand } from './commands/eval.ts';
import { guardCommand } from './commands/guard.ts';
import { mergeCommand } from './commands/merge.ts';
import { policyCommand } from './commands/policy.ts';
import { scanCommand } from './commands/scan.ts';
import { siteCommand } from './commands/site.ts';
import { describeError, exitCodeFor, EXIT_OK, EXIT_USAGE } from '../core/errors.ts';
import { processIo, type Io } from '../core/io.ts';
import { version } from '../core/version.ts';

/** Every subcommand, in the order `--help` lists them. Add new commands here. */
export const commands: Command[] = [classifyCommand, evalCommand, policyCommand, discoverCommand, crawlCommand, mergeCommand, scanCommand, guardCommand, siteCommand];

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
    '',
  ].join('\n');
}

/** The CLI entry point: runs one subcommand and returns its exit code. Tests call this in-process. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(renderHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(`mcp-risk: unknown command "${name}". Known commands: ${commands.map((c) => c.name).join(', ')}.\n`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr.write(`mcp-risk ${command.name}: ${describeError(error)}\n`);
    return exitCodeFor(error);
  }
}
