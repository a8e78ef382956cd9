import { statfsSync, statSync } from 'node:fs';

const TMPFS_MAGIC = 0x01021994;

/** True once the process sees a root of its own: while bubblewrap sets up, it still sees the host's. */
function hasOwnRoot(pid: number): boolean {
  try {
    const own = statSync(`/proc/${pid}/root/`);
    const host = statSync('/');
    return own.dev !== host.dev || own.ino !== host.ino;
  } catch {
    return false;
  }
}

/**
 * Bytes written to a sandbox's writable tmpfs mounts, read through `/proc/<pid>/root` of a process inside it.
 * tmpfs pages are memory that no process's resident size shows, so the memory limit must count them too.
 */
export function measureWritableBytes(insidePid: number, mounts: readonly string[]): number {
  if (!hasOwnRoot(insidePid)) return 0;
  let total = 0;
  for (const mount of mounts) {
    try {
      const stats = statfsSync(`/proc/${insidePid}/root${mount}`);
      if (stats.type === TMPFS_MAGIC) total += (stats.blocks - stats.bfree) * stats.bsize;
    } catch {
      // The process exited while we looked.
    }
  }
  return total;
}
