// Type-checks the site's .astro pages and components (and the modules they import) with Astro's own
// checker, driven through its programmatic API: the Astro CLI, and so `astro check`, refuses Node 20.
// `npm run typecheck` runs it after `tsc`; it exits 1 on any error and prints each one.
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroCheck } from '@astrojs/language-server';
import { SITE_ROOT } from './astro-config.ts';
import { countOf } from '../../core/terminal-text.ts';

const started = performance.now();
const require = createRequire(import.meta.url);
const checker = new AstroCheck(SITE_ROOT, require.resolve('typescript'), join(SITE_ROOT, 'tsconfig.json'));
// Only the .astro files: tsc has already checked the TypeScript modules they import.
const pages = (await readdir(join(SITE_ROOT, 'src'), { recursive: true }))
  .filter((file) => file.endsWith('.astro'))
  .map((file) => join(SITE_ROOT, 'src', file));
const result = await checker.lint({ fileNames: pages });
let errors = 0;
for (const file of result.fileResult) {
  for (const diagnostic of file.errors) {
    if (diagnostic.severity !== 1) continue;
    errors++;
    const where = `${relative(process.cwd(), fileURLToPath(file.fileUrl))}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
    process.stderr.write(`${where} - error: ${diagnostic.message}\n`);
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stderr.write(`check-pages: ${result.fileChecked} files, ${countOf(errors, 'error')} in ${seconds} s\n`);
process.exitCode = errors ? 1 : 0;
