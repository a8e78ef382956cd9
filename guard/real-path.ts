import { realpathSync } from 'node:fs';
import { posix } from 'node:path';

/**
 * The real path an absolute path names, as the kernel would walk it: component by component, `..` goes to the parent
 * of the real directory reached so far, and each existing component is resolved with realpath (so a symlink inside an
 * allowed folder that points outside it is seen for what it is). Components that do not exist yet (a file about to be
 * written) are appended as they are. For `under` conditions at decision time.
 */
export function resolveRealPath(absolutePath: string): string {
  let current = '/';
  let exists = true;
  for (const part of absolutePath.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = posix.dirname(current);
      continue;
    }
    const next = posix.join(current, part);
    if (exists) {
      try {
        current = realpathSync.native(next);
        continue;
      } catch {
        // Past the first missing component nothing below it can exist (or be a symlink) either.
        exists = false;
      }
    }
    current = next;
  }
  return current;
}
