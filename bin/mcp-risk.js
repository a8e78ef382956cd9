#!/usr/bin/env node
// Runs the JavaScript compiled into dist/ by `npm run build` (scripts/setup.sh runs it). When that build is
// missing or older than a source file, it runs the TypeScript sources through tsx instead and says so:
// slower to start, never stale.
import { fileURLToPath } from 'node:url';
import { describeStaleBuild, isInstalledPackage } from './build-freshness.js';

const root = fileURLToPath(new URL('..', import.meta.url));
// An installed package (npm install, a tarball) stamps every file with the time it was unpacked, so their times
// say nothing: there, dist/ is the build that was packed. The check is for a checkout, `npm link` included.
const stale = isInstalledPackage(root) ? undefined : describeStaleBuild(root);
let main;
if (stale === undefined) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  process.stderr.write(`mcp-risk: warning: ${stale}; running the TypeScript sources through tsx, which starts slower. Run \`npm run build\` to compile them again.\n`);
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
