import { isSlug, slugFor } from '../../core/slug.ts';

/**
 * URL segments for a server's tools, in list order: unique within the server and safe for any name.
 *
 * A name that is already a safe slug (`push_image`, `list-files`) is kept, so URLs stay readable;
 * anything else (upper case, unicode, `../`, markup, reserved names) goes through the crawler's
 * `slugFor`, which hashes it. A server may list one name twice, and a kept name could equal another
 * name's hashed slug, so later clashes get `-2`, `-3`, … in list order (compared without case).
 */
export function assignToolSlugs(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = isSlug(name) ? name : slugFor(name);
    let slug = base;
    for (let suffix = 2; taken.has(slug.toLowerCase()); suffix++) slug = `${base.slice(0, 72)}-${suffix}`;
    taken.add(slug.toLowerCase());
    return slug;
  });
}
