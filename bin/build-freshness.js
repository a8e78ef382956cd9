// Decides whether the compiled JavaScript in dist/ may run: plain JavaScript, so it needs no build itself.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The folders compiled into dist/ whose every TypeScript file must have a compiled twin. */
export const SOURCE_FOLDERS = ['cli', 'core', 'classifier', 'crawler', 'policy', 'scanner', 'schemas', 'site/build'];

/** Where the build writes, relative to the project root (git-ignored). */
export const BUILD_FOLDER = 'dist';

function modifiedAt(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function* typeScriptFiles(directory) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * Why the build in ROOT/dist cannot be trusted, or undefined when it can: a source file with no compiled
 * twin, or one changed after its twin was written. Costs a few hundred `stat` calls (a few milliseconds).
 * @param {string} root the project folder
 * @returns {string | undefined}
 */
export function describeStaleBuild(root) {
  for (const folder of SOURCE_FOLDERS) {
    for (const source of typeScriptFiles(join(root, folder))) {
      const path = relative(root, source);
      const compiled = join(root, BUILD_FOLDER, path.replace(/\.ts$/, '.js'));
      const compiledAt = modifiedAt(compiled);
      if (compiledAt === undefined) return `${path} has no compiled JavaScript in ${BUILD_FOLDER}/`;
      if (modifiedAt(source) > compiledAt) return `${path} changed after ${BUILD_FOLDER}/ was built`;
    }
  }
  return undefined;
}
