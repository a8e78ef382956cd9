import type { Io } from '../core/io.ts';

/** One subcommand of `mcp-risk`. `run` returns the exit code; it throws McpRiskError for bad usage. */
export interface Command {
  name: string;
  /** One line for `mcp-risk --help`. */
  summary: string;
  /** The full help text for `mcp-risk NAME --help`. */
  usage: string;
  run(argv: string[], io: Io): Promise<number>;
}
