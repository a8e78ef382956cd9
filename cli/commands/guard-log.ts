import { open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';
import type { Io } from '../../core/io.ts';
import { auditTableHeader, auditTableRow } from '../../guard/audit-table.ts';
import { defaultStatePaths } from '../../guard/run-guard.ts';
import { parseCommandArgs } from '../args.ts';

const FOLLOW_INTERVAL_MS = 500;

/** Reads a file from an offset; returns the complete lines and the offset after the last one. */
async function readLinesFrom(path: string, offset: number): Promise<{ lines: string[]; offset: number }> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return { lines: [], offset };
  }
  try {
    const { size } = await handle.stat();
    // Rotated (the file is new and shorter): start again from its beginning.
    const from = size < offset ? 0 : offset;
    const buffer = Buffer.alloc(size - from);
    await handle.read(buffer, 0, buffer.length, from);
    const end = buffer.lastIndexOf(10);
    if (end === -1) return { lines: [], offset: from };
    return { lines: buffer.subarray(0, end).toString('utf8').split('\n'), offset: from + end + 1 };
  } finally {
    await handle.close();
  }
}

/** The audit logs to show: the one given, SERVER's default, or every server's in the default folder. */
async function auditFiles(server: string | undefined, audit: string | undefined, cwd: string): Promise<string[]> {
  if (audit !== undefined) return [isAbsolute(audit) ? audit : resolve(cwd, audit)];
  if (server !== undefined) return [defaultStatePaths(server, process.env).audit];
  const folder = dirname(defaultStatePaths('x', process.env).audit);
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.audit.jsonl')).sort().map((name) => join(folder, name));
}

/** `guard log [SERVER] [--follow] [--audit FILE]`: the audit log's decisions as a table. */
export async function runGuardLog(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('guard log', argv, { follow: { type: 'boolean' }, audit: { type: 'string' } });
  if (positionals.length > 1) throw new McpRiskError('usage', `guard log: expected at most one SERVER, got ${positionals.length}.`);
  const server = positionals[0];
  const files = await auditFiles(server, values.audit, io.cwd);
  if (!files.length) throw new McpRiskError('input', `guard log: expected audit logs in ${dirname(defaultStatePaths('x', process.env).audit)}, found none.`, { hint: 'The guard writes one per server once it has started; pass --audit FILE for another place.' });
  io.stdout.write(`${auditTableHeader()}\n`);
  const offsets = new Map<string, number>();
  const show = async () => {
    for (const file of files) {
      const { lines, offset } = await readLinesFrom(file, offsets.get(file) ?? 0);
      offsets.set(file, offset);
      for (const line of lines) {
        const row = auditTableRow(line, values.audit !== undefined ? server : undefined);
        if (row !== undefined) io.stdout.write(`${row}\n`);
      }
    }
  };
  await show();
  if (!values.follow) return EXIT_OK;
  // Until interrupted: new decisions as they are written.
  await new Promise<void>((resolveFollow) => {
    const timer = setInterval(() => void show(), FOLLOW_INTERVAL_MS);
    const stop = () => {
      clearInterval(timer);
      resolveFollow();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT_OK;
}
