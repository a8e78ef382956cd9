import { chown, rm } from 'node:fs/promises';
import { createRunDirectory } from './temporary-root.ts';

/** A private writable directory for one server, owned by the user the server runs as. */
export async function createScratchDirectory(ownerUid?: number): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await createRunDirectory('scratch');
  if (ownerUid !== undefined) await chown(path, ownerUid, ownerUid);
  let removed = false;
  return {
    path,
    async remove() {
      if (removed) return;
      removed = true;
      await rm(path, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}
