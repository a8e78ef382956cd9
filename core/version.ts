import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The project's version, read from package.json so there is one place to bump it. */
export const version: string = (require('../package.json') as { version: string }).version;
