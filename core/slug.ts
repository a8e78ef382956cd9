import { createHash } from 'node:crypto';

// Names Windows will not create as files whatever the extension, and names the site routes itself.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9]|index|schema|servers)$/;
const PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_PLAIN_LENGTH = 80;
const MAX_READABLE_LENGTH = 60;

function isPlainPart(part: string): boolean {
  return PART.test(part) && !RESERVED.test(part);
}

function readablePart(key: string): string {
  const ascii = key.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const readable = ascii.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, MAX_READABLE_LENGTH).replace(/-+$/, '');
  return readable === '' ? 'server' : readable;
}

/**
 * A stable, unique, file-name- and URL-safe slug for any server key, computed from the key alone
 * so every shard of a crawl agrees on it.
 *
 * - `name` (lower case, digits, single dashes) stays `name`;
 * - `@scope/name` of such parts becomes `scope--name` (plain names have no `--`, so no clash);
 * - anything else (registry names with dots, upper case, unicode, `../`, reserved or very long names)
 *   becomes a readable part, `_`, and the first 10 hex digits of the key's sha256. Only these contain
 *   `_`, so they never clash with the first two forms, and case-only differences get different hashes.
 *
 * Slugs use only `a-z 0-9 - _`, never start with a dot or dash, and are at most 80 characters.
 */
export function slugFor(key: string): string {
  if (key.length <= MAX_PLAIN_LENGTH && isPlainPart(key)) return key;
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(key);
  if (scoped && key.length <= MAX_PLAIN_LENGTH && isPlainPart(scoped[1]!) && PART.test(scoped[2]!)) return `${scoped[1]}--${scoped[2]}`;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 10);
  return `${readablePart(key)}_${hash}`;
}

/** True for strings `slugFor` can produce; checked before a slug read from disk becomes a path. */
export function isSlug(text: string): boolean {
  return /^[a-z0-9][a-z0-9_-]{0,79}$/.test(text) && !RESERVED.test(text);
}
