import type { Io } from '../core/io.ts';

/** One subcommand of `mcp-risk`. `run` returns the exit code; it throws McpRiskError for bad usage. */
export interface Command {
  name: string;
  /** The full help text for `mcp-risk NAME --help`. */
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}

/**
 * A subcommand as `mcp-risk --help` lists it. Its module loads only when it runs, so `--help` and a
 * small command do not pay for the SDK, Astro or octokit that other commands import.
 */
export interface CommandEntry {
  name: string;
  /** One line for `mcp-risk --help`. */
  summary: string;
  load(): Promise<Command>;
}
