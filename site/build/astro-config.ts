import { fileURLToPath } from 'node:url';
import type { AstroInlineConfig } from 'astro';

/** The site's Astro project (site/). */
export const SITE_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Astro's configuration, inline: the Astro CLI refuses Node 20, so the project's own CLI drives the
 * programmatic API (docs/site.md). `emptyOutDir` is off because the build command empties the
 * directory itself and writes the downloads and the search index beside Astro's pages.
 */
export function astroConfig(outDirectory: string): AstroInlineConfig {
  return {
    configFile: false,
    root: SITE_ROOT,
    outDir: outDirectory,
    // One cache per build output, so parallel shards never share Astro's or Vite's cache files.
    cacheDir: `${outDirectory}.astro-cache`,
    logLevel: 'warn',
    trailingSlash: 'always',
    build: { format: 'directory', inlineStylesheets: 'never' },
    devToolbar: { enabled: false },
    vite: {
      logLevel: 'warn',
      build: { emptyOutDir: false },
      server: { fs: { strict: false } },
    },
  } as AstroInlineConfig;
}
