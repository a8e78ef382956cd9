import { Readable } from 'node:stream';
import type { Io } from '../../core/io.ts';

/** In-memory streams for calling `main` in-process; `stdout()`/`stderr()` return what was written. */
export function memoryIo(options: { stdin?: string; cwd?: string; isTTY?: boolean } = {}) {
  let out = '';
  let err = '';
  const io: Io = {
    stdin: Readable.from([options.stdin ?? '']),
    stdout: { write: (text: string) => (out += text), isTTY: options.isTTY ?? false },
    stderr: { write: (text: string) => (err += text) },
    cwd: options.cwd ?? process.cwd(),
  };
  return { io, stdout: () => out, stderr: () => err };
}
