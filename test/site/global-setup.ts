import { fileURLToPath } from 'node:url';
import { buildSite } from '../../site/build/build-site.ts';
import { startStaticServer } from '../../site/build/serve-static.ts';

export const FIXTURE_DATA = fileURLToPath(new URL('../fixtures/catalogue/', import.meta.url));
export const FIXTURE_SITE = fileURLToPath(new URL('../../.cache/site-fixture/', import.meta.url));

/** Builds the fixture catalogue's site once and serves it for every test; the URL goes to the workers in SITE_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const summary = await buildSite({ dataDirectory: FIXTURE_DATA, outDirectory: FIXTURE_SITE });
  process.stderr.write(`site fixture: ${summary.pages} pages in ${(summary.milliseconds / 1000).toFixed(1)} s\n`);
  const server = await startStaticServer({ directory: FIXTURE_SITE, port: 0 });
  process.env.SITE_URL = server.url;
  return () => server.close();
}
