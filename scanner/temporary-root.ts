import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Folders the scanner creates for a run (a server's scratch space, a crawl's work directory) live in one
 * folder of this user's, named with the creating process's id: `<kind>-<pid>-<random>`. Only this user can
 * create anything there, so a later run may remove what a killed run left, and nothing it did not create.
 */

let checkedRoot: Promise<string> | undefined;

/**
 * `$TMPDIR/mcp-risk-<uid>`: created 0711 (others may pass through to a scratch folder they own, never list or
 * write), and refused when it is a link, someone else's, or writable by others, as a folder planted first would be.
 */
export function privateTemporaryRoot(): Promise<string> {
  checkedRoot ??= (async () => {
    const uid = process.getuid?.() ?? 0;
    const root = join(tmpdir(), `mcp-risk-${uid}`);
    await mkdir(root, { mode: 0o711 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const info = await lstat(root);
    if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o022) !== 0) {
      throw new Error(`${root} is not a private folder of this user (a link, another user's, or writable by others); remove it or set TMPDIR to a private folder.`);
    }
    await removeStaleDirectories(root);
    return root;
  })();
  checkedRoot.catch(() => (checkedRoot = undefined));
  return checkedRoot;
}

/** A new private folder (0700) for this process, e.g. `scratch` or `crawl`. */
export async function createRunDirectory(kind: 'scratch' | 'crawl'): Promise<string> {
  return mkdtemp(join(await privateTemporaryRoot(), `${kind}-${process.pid}-`));
}

/** True while a process with this id exists (ours or not: a live id is never taken for dead). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The creating process's id in a name this module or the npm installer gave, if it is one. */
export function creatorPid(name: string, pattern = /^(?:scratch|crawl)-(\d+)-[A-Za-z0-9]+$/): number | undefined {
  const match = pattern.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Removes the folders in `directory` whose name says which process made them, when that process is gone. */
export async function removeStaleDirectories(directory: string, pattern?: RegExp): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const pid = creatorPid(name, pattern);
    return pid !== undefined && pid !== process.pid && !isProcessAlive(pid);
  });
  await Promise.all(stale.map((name) => rm(join(directory, name), { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined)));
  return stale;
}
