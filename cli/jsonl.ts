import type { z } from 'zod';
import { describeFirstIssue } from '../core/parse.ts';

/** One line of a JSON Lines file: its parsed value, or why it could not be used. */
export type JsonLine<T> =
  | { lineNumber: number; ok: true; value: T }
  | { lineNumber: number; ok: false; error: string };

/** Parses JSON Lines against a schema, keeping good lines and describing bad ones; blank lines are skipped. */
export function parseJsonLines<T>(text: string, schema: z.ZodType<T>): JsonLine<T>[] {
  return [...iterateJsonLines(text, schema)];
}

/** parseJsonLines one line at a time, so a caller can stream a large input without holding every parsed line. */
export function* iterateJsonLines<T>(text: string, schema: z.ZodType<T>): Generator<JsonLine<T>> {
  let lineNumber = 0;
  for (let start = 0; start < text.length;) {
    const end = text.indexOf('\n', start);
    const stop = end === -1 ? text.length : end;
    lineNumber++;
    const line = text.slice(start, stop).trim();
    start = stop + 1;
    if (line === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      yield { lineNumber, ok: false, error: `not valid JSON (${(error as Error).message})` };
      continue;
    }
    const parsed = schema.safeParse(json);
    yield parsed.success
      ? { lineNumber, ok: true, value: parsed.data }
      : { lineNumber, ok: false, error: describeFirstIssue(parsed.error) };
  }
}
