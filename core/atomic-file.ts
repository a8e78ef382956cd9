import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARKER = '.tmp-';

/**
 * Writes a file so that a reader, or a rerun after SIGKILL at any moment, sees either the old
 * content or the new, never a torn mix: write a temporary file beside it, fsync it, rename it over
 * the target (atomic on POSIX), then fsync the directory so the rename itself survives a crash.
 * `mode`, when given, is the file's exact permissions; without it, 0644 narrowed by the umask.
 */
export async function writeFileAtomic(path: string, content: string, mode?: number): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`);
  // Created with its final mode (the umask can only narrow it; chmod sets it exactly before any byte is written):
  // a private file is never readable by others, not even for a moment.
  const file = await open(temporary, 'wx', (mode ?? 0o644) & 0o777);
  try {
    if (mode !== undefined) await file.chmod(mode & 0o777);
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
