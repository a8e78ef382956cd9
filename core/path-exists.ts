import { stat } from 'node:fs/promises';

/** True when something (a file, a folder) is at `path`; any error reads as absent. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
