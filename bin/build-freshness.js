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

function* filesUnder(directory) {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

/** Type declarations: read by the compiler only, never at run time. */
const DECLARATION = /\.d\.(?:c|m)?ts$/;

function* typeScriptFiles(directory) {
  for (const path of filesUnder(directory)) if (path.endsWith('.ts') && !DECLARATION.test(path)) yield path;
}

/**
 * The files beside the sources that the code reads at run time (stub services, a worker script, a hosts file):
 * every file in the source folders that is neither TypeScript nor a type declaration. `npm run build` copies
 * each to the same place under dist/ (scripts/copy-assets.ts).
 * @param {string} root the project folder
 * @returns {string[]} paths relative to ROOT
 */
export function assetFiles(root) {
  const assets = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const path of filesUnder(join(root, folder))) {
      if (!path.endsWith('.ts') && !DECLARATION.test(path)) assets.push(relative(root, path));
    }
  }
  return assets;
}

/**
 * Why the build in ROOT/dist cannot be trusted, or undefined when it can: a source file with no compiled
 * twin, or one changed after its twin was written; an asset (see assetFiles) missing from dist/ or older there. Costs a few hundred `stat` calls (a few milliseconds).
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
  for (const path of assetFiles(root)) {
    const copiedAt = modifiedAt(join(root, BUILD_FOLDER, path));
    if (copiedAt === undefined) return `${path} was not copied into ${BUILD_FOLDER}/`;
    if (modifiedAt(join(root, path)) > copiedAt) return `${path} changed after ${BUILD_FOLDER}/ was built`;
  }
  return undefined;
}

/**
 * True when ROOT is a package installed by npm (it sits in a node_modules folder), whose dist/ is the build that
 * was packed: npm stamps unpacked files with the time of the install, so their times cannot be compared.
 * @param {string} root the project folder
 * @returns {boolean}
 */
export function isInstalledPackage(root) {
  return root.split(/[\\/]/).includes('node_modules');
}
