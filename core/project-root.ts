import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of mcp-risk's own package.json, found upwards from this module: the sources sit one folder
 * below it (core/) and the compiled JavaScript two (dist/core/), so a fixed relative path would be wrong
 * for one of them. Files shipped with the project (examples/, data/schema/) are found from here.
 */
function findProjectRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'mcp-risk') return folder;
      } catch {
        // not ours; keep looking upwards
      }
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('mcp-risk: cannot find its own package.json above core/project-root');
    folder = parent;
  }
}

export const projectRoot: string = findProjectRoot();
