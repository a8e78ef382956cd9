import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { McpRiskError } from '../core/errors.ts';
import type { Io } from '../core/io.ts';

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a file named on the command line, or standard input for `-`. */
export async function readTextInput(file: string, io: Io): Promise<string> {
  if (file === '-') return readStream(io.stdin);
  const path = resolve(io.cwd, file);
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw new McpRiskError('io', `cannot read ${file}: ${reason}.`, { cause: error });
  }
}
