import type { z } from 'zod';
import { describeFirstIssue } from '../core/parse.ts';

/** One line of a JSON Lines file: its parsed value, or why it could not be used. */
export type JsonLine<T> =
  | { lineNumber: number; ok: true; value: T }
  | { lineNumber: number; ok: false; error: string };

/** Parses JSON Lines against a schema, keeping good lines and describing bad ones; blank lines are skipped. */
export function parseJsonLines<T>(text: string, schema: z.ZodType<T>): JsonLine<T>[] {
  const results: JsonLine<T>[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const lineNumber = index + 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      results.push({ lineNumber, ok: false, error: `not valid JSON (${(error as Error).message})` });
      continue;
    }
    const parsed = schema.safeParse(json);
    results.push(parsed.success
      ? { lineNumber, ok: true, value: parsed.data }
      : { lineNumber, ok: false, error: describeFirstIssue(parsed.error) });
  }
  return results;
}
