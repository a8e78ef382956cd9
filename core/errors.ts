/** Why a command stopped: bad usage, unreadable input, or a bug. Expected scan failures are data, not errors. */
export type ErrorCode = 'usage' | 'input' | 'io' | 'internal';

/**
 * Marks an McpRiskError whichever copy of this module made it. The compiled CLI (dist/) loads the site build from the
 * TypeScript sources through tsx, so two copies of this class meet in one process; `instanceof` checks the mark.
 */
const ERROR_MARK = Symbol.for('mcp-risk.McpRiskError');

/** The project's one error class: a string code, a message saying what was expected and got, and an optional hint. */
export class McpRiskError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly [ERROR_MARK] = true;

  constructor(code: ErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'McpRiskError';
    this.code = code;
    this.hint = options.hint;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_MARK] === true;
  }
}

/** Exit codes: 1 is reserved for "the check found something" (for example `--fail-on`). */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 3;

export function exitCodeFor(error: unknown): number {
  if (error instanceof McpRiskError) return error.code === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
  return EXIT_FAILURE;
}

export function describeError(error: unknown): string {
  if (error instanceof McpRiskError) {
    return error.hint ? `${error.message}\n${error.hint}` : error.message;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error (please report it): ${message}`;
}
