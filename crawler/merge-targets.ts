import type { CrawlTarget, SourceName } from '../schemas/catalogue.ts';

/** Whose word wins when two sources disagree about a field: a curated list, then the registry, then npm, then GitHub. */
const PRECEDENCE: readonly SourceName[] = ['list', 'registry', 'npm', 'github'];

function rank(target: CrawlTarget): number {
  return Math.min(...target.sources.map((source) => PRECEDENCE.indexOf(source)));
}

/** Fills the fields `into` lacks from `from` and unions their sources; `into` wins every disagreement. */
function combine(into: CrawlTarget, from: CrawlTarget): CrawlTarget {
  const sources = [...new Set([...into.sources, ...from.sources])].sort((a, b) => PRECEDENCE.indexOf(a) - PRECEDENCE.indexOf(b));
  // A version only carries over between targets that run the same package.
  const samePackage = into.package?.name === from.package?.name;
  return withoutUndefined({
    key: into.key,
    version: into.version ?? (samePackage ? from.version : undefined),
    package: into.package ?? from.package,
    serverJson: into.serverJson ?? from.serverJson,
    description: into.description ?? from.description,
    repository: into.repository ?? from.repository,
    sources,
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/**
 * Merges targets from every source into one list keyed by registry name or npm name.
 * A registry entry whose npm package another source found under the npm name absorbs that
 * target, so one server is crawled once. The result is sorted by key and independent of input order.
 */
export function mergeTargets(lists: CrawlTarget[][]): CrawlTarget[] {
  const all = lists.flat().sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const byKey = new Map<string, CrawlTarget>();
  // npm package name → key of the registry-named target that runs it.
  const keyOfPackage = new Map<string, string>();
  // Registry-named targets first, so npm-named ones find the entry that owns their package.
  const registryNamed = (target: CrawlTarget) => target.serverJson !== undefined;
  for (const target of [...all.filter(registryNamed), ...all.filter((target) => !registryNamed(target))]) {
    const key = byKey.has(target.key) ? target.key : (target.package && keyOfPackage.get(target.package.name)) ?? target.key;
    const existing = byKey.get(key);
    const merged = existing ? combine(existing, target) : { ...target, key };
    byKey.set(key, merged);
    if (merged.package && !keyOfPackage.has(merged.package.name)) keyOfPackage.set(merged.package.name, key);
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
