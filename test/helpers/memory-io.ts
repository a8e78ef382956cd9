import { Readable } from 'node:stream';
import type { Io } from '../../core/io.ts';

/** In-memory streams for calling `main` in-process; `out()` and `err()` return what was written. */
export function memoryIo(options: { stdin?: string; cwd?: string; isTTY?: boolean } = {}): Io & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdin: Readable.from([options.stdin ?? '']),
    stdout: { write: (text: string) => (out += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (err += text), isTTY: false },
    cwd: options.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
