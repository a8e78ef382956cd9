// The build's second step, after tsc: copies the files the code reads beside its sources at run time (the stub
// services, the site's render worker) to the same place under dist/, which tsc alone leaves out.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetFiles, BUILD_FOLDER } from '../bin/build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
for (const path of assetFiles(root)) {
  const target = join(root, BUILD_FOLDER, path);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(root, path), target);
}
