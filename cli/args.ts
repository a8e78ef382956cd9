import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { McpRiskError } from '../core/errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with usage errors turned into McpRiskError('usage') that name the command. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new McpRiskError('usage', `${command}: ${message}`, { hint: `Run \`mcp-risk ${command} --help\` for usage.` });
  }
}

/** Checks that a flag's value is one of the allowed choices. */
export function requireChoice<T extends string>(command: string, flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new McpRiskError('usage', `${command}: expected --${flag} to be one of ${choices.join(', ')}, got "${value}".`);
}

/** Parses a flag that takes a whole number ≥ 1; undefined when the flag was not given. */
export function parsePositiveInteger(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new McpRiskError('usage', `${command}: expected --${flag} to be a whole number ≥ 1, got "${value}".`);
  }
  return Number(value);
}

/** A path the user gave, made absolute against the command's working directory (an absolute path stays as given). */
export function absolutePath(path: string, cwd: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}
