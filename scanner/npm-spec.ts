// npm's rules for a package name: optional @scope/, lower case, URL-safe, at most 214 characters, no leading `.`, `_` or `~`.
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
// A version or range npm accepts, with nothing that could reach npm as an option (checked for a leading `-` too).
const NPM_VERSION = /^[A-Za-z0-9.^~<>=|*+_-]+$/;
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A package to install: its name and a version, range or tag (`latest` when none was given). */
export interface NpmSpec {
  name: string;
  versionSpec: string;
}

/** Parses `NAME[@VERSION]` (the part after `npm:`), rejecting anything that could reach npm as an option. */
export function parseNpmSpec(spec: string): NpmSpec | undefined {
  const at = spec.indexOf('@', 1);
  const name = at === -1 ? spec : spec.slice(0, at);
  const versionSpec = at === -1 ? 'latest' : spec.slice(at + 1);
  if (name.length > 214 || !NPM_NAME.test(name) || !NPM_VERSION.test(versionSpec) || versionSpec.startsWith('-')) return undefined;
  return { name, versionSpec };
}

/** True for an exact version (`1.2.3`, `1.2.3-beta.1`), the only kind a crawl pins. */
export function isExactVersion(version: string): boolean {
  return EXACT_VERSION.test(version);
}
