import { copyFile, cp, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildSite } from '../../site/build/build-site.ts';
import { startStaticServer } from '../../site/build/serve-static.ts';

export const FIXTURE_DATA = fileURLToPath(new URL('../fixtures/catalogue/', import.meta.url));
export const FIXTURE_SITE = fileURLToPath(new URL('../../.cache/site-fixture/', import.meta.url));
/** The data the fixture site is built from: the fixture catalogue plus the project's own data/classifier-eval.json, whatever it holds now. */
export const FIXTURE_BUILD_DATA = fileURLToPath(new URL('../../.cache/site-fixture-data/', import.meta.url));
export const CLASSIFIER_EVALUATION = fileURLToPath(new URL('../../data/classifier-eval.json', import.meta.url));

/** Builds the fixture catalogue's site once and serves it for every test; the URL goes to the workers in SITE_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  await rm(FIXTURE_BUILD_DATA, { recursive: true, force: true });
  await cp(FIXTURE_DATA, FIXTURE_BUILD_DATA, { recursive: true });
  await copyFile(CLASSIFIER_EVALUATION, `${FIXTURE_BUILD_DATA}classifier-eval.json`).catch(() => undefined);
  const summary = await buildSite({ dataDirectory: FIXTURE_BUILD_DATA, outDirectory: FIXTURE_SITE });
  process.stderr.write(`site fixture: ${summary.pages} pages in ${(summary.milliseconds / 1000).toFixed(1)} s\n`);
  const server = await startStaticServer({ directory: FIXTURE_SITE, port: 0 });
  process.env.SITE_URL = server.url;
  return () => server.close();
}
