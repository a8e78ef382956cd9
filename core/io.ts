import type { Readable } from 'node:stream';

/** A place a command writes text to; process.stdout or an in-memory buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** True when a person is watching (a terminal), which picks human-friendly defaults. */
  isTTY?: boolean;
}

/** The streams a command may use. Tests pass in-memory ones and call `main` in-process. */
export interface Io {
  stdin: Readable;
  stdout: TextSink;
  stderr: TextSink;
  /** The directory relative paths are resolved against. */
  cwd: string;
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
