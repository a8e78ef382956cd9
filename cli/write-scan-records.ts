import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanRecord } from '../schemas/scan-record.ts';
import { writeFileAtomic } from '../core/atomic-file.ts';

/** A file name for a record that is readable, safe on every filesystem, and distinct per target and server. */
export function recordFileStem(record: Pick<ScanRecord, 'target' | 'serverName'>): string {
  const label = `${record.target}${record.serverName ? `-${record.serverName}` : ''}`;
  const readable = label.replace(/^npm:/, 'npm-').replace(/[^A-Za-z0-9@._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80) || 'scan';
  const hash = createHash('sha256').update(label).digest('hex').slice(0, 8);
  return `${readable}-${hash}`;
}

/**
 * One distinct stem per record of one scan: records that share a target and server name (the entries of one
 * server.json) get `-2`, `-3`… in order, which no stem of `recordFileStem` ends with.
 */
export function recordFileStems(records: readonly Pick<ScanRecord, 'target' | 'serverName'>[]): string[] {
  const seen = new Map<string, number>();
  return records.map((record) => {
    const stem = recordFileStem(record);
    const count = (seen.get(stem) ?? 0) + 1;
    seen.set(stem, count);
    return count === 1 ? stem : `${stem}-${count}`;
  });
}

/** Writes each record as DIR/<stem>.json atomically, each to its own file; returns the paths written. */
export async function writeRecords(directory: string, records: readonly ScanRecord[]): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const written: string[] = [];
  const stems = recordFileStems(records);
  for (const [index, record] of records.entries()) {
    const path = join(directory, `${stems[index]}.json`);
    await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
    written.push(path);
  }
  return written;
}
