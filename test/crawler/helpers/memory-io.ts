import { Readable } from 'node:stream';
import type { Io } from '../../../core/io.ts';

/** An in-memory Io for calling `main` in-process; `out()` and `err()` return what was written. */
export function memoryIo(cwd: string, stdin = ''): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdin: Readable.from([stdin]),
    stdout: { write: (text: string) => (out += text), isTTY: false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    cwd,
    out: () => out,
    err: () => err,
  };
}
