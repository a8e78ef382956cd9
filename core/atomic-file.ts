import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARKER = '.tmp-';

/**
 * Writes a file so that a reader, or a rerun after SIGKILL at any moment, sees either the old
 * content or the new, never a torn mix: write a temporary file beside it, fsync it, rename it over
 * the target (atomic on POSIX), then fsync the directory so the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  const file = await open(temporary, 'w', 0o644);
  try {
    await file.writeFile(content, 'utf8');
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dirname(path));
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic there.
  } finally {
    await handle.close();
  }
}

/** True for the temporary files `writeFileAtomic` leaves behind when killed mid-write. */
export function isTemporaryFile(name: string): boolean {
  return name.startsWith('.') && name.includes(TEMP_MARKER);
}

/** Removes temporary files a killed run left in a directory; returns how many. */
export async function removeTemporaryFiles(directory: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return 0;
  }
  const leftovers = names.filter(isTemporaryFile);
  await Promise.all(leftovers.map((name) => rm(join(directory, name), { force: true })));
  return leftovers.length;
}
