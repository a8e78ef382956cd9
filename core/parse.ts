import type { z } from 'zod';
import { McpRiskError } from './errors.ts';

/** A value that passed its schema, or the one-line reason it did not. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Where a zod issue points: the dotted field path, or "(top level)". */
function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.length ? issue.path.map(String).join('.') : '(top level)';
}

/** The first problem of a failed parse as "field: problem", the form every one-line report uses. */
export function describeFirstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${fieldOf(issue)}: ${issue.message}` : 'invalid';
}

/** Every problem (up to `limit`) as "SOURCE: field: problem" lines, for errors a person must fix by hand. */
export function describeIssues(source: string, error: z.ZodError, limit = 5): string {
  const lines = error.issues.slice(0, limit).map((issue) => `${source}: ${fieldOf(issue)}: ${issue.message}`);
  if (error.issues.length > limit) lines.push(`… and ${error.issues.length - limit} more`);
  return lines.join('\n');
}

/** Checks a value against a schema without throwing: for untrusted lists, where bad items are recorded and skipped. */
export function checkWith<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: describeFirstIssue(parsed.error) };
}

/** Parses JSON text and checks it against a schema without throwing; the problem says which step failed. */
export function checkJsonWith<S extends z.ZodType>(schema: S, text: string): Checked<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not JSON: ${(error as Error).message}` };
  }
  return checkWith(schema, value);
}

export interface ParseContext {
  /** Where the value came from (a file path or URL), named first in every problem line. */
  source: string;
  /** What the value should be ("a scan record"), for the message's "expected …". */
  what: string;
  /** What to do about it. */
  hint?: string;
}

/** Parses a value with a schema or throws the project's input error naming the source, the field and the problem. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, context: ParseContext): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new McpRiskError('input', `expected ${context.what} in ${context.source}, got one with invalid fields:\n${describeIssues(context.source, parsed.error)}`, {
    ...(context.hint !== undefined && { hint: context.hint }),
  });
}

/** Parses text (JSON by default) and then the schema, throwing one input error for either failure. */
export function parseTextWith<S extends z.ZodType>(schema: S, text: string, context: ParseContext, parseText: (text: string) => unknown = JSON.parse): z.output<S> {
  let value: unknown;
  try {
    value = parseText(text);
  } catch (error) {
    throw new McpRiskError('input', `expected ${context.what} in ${context.source}, got text that does not parse: ${(error as Error).message}`, {
      ...(context.hint !== undefined && { hint: context.hint }),
      cause: error,
    });
  }
  return parseWith(schema, value, context);
}
