/**
 * Exact-name lookup for search: Pagefind ranks by text relevance, so a query that is exactly a
 * package or server name ("server-filesystem") could bury that server under tools mentioning the
 * words. The build writes every server's names into small JSON shards; the search page looks the
 * query up and shows the exact matches first. site/public/search.js repeats normalizeName and
 * nameShard (tests compare the two).
 */

/** Shards of the name table: the search page fetches one small file per query. */
export const NAME_SHARDS = 64;

/** The form a name and a query are compared in: trimmed, lower case, inner spaces collapsed. */
export function normalizeName(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** The shard (two hex digits) that holds a normalized name: FNV-1a over its UTF-16 code units. */
export function nameShard(name: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < name.length; index++) {
    hash ^= name.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % NAME_SHARDS).toString(16).padStart(2, '0');
}

/** The names a person may type for a server: its package name with and without scope, its key and the key's last part, and the name it reports. */
export function searchNamesOf(server: { key: string; packageName?: string | undefined; selfName?: string | undefined }): string[] {
  const names = [server.key, server.key.split('/').at(-1) ?? '', server.packageName ?? '', server.packageName?.replace(/^@[^/]+\//, '') ?? '', server.selfName ?? ''];
  return [...new Set(names.map(normalizeName).filter((name) => name.length > 0 && name.length <= 200))];
}

/** The shard files: `{ name: [{ url, title }] }` per shard, only shards that hold names. */
export function buildNameShards(servers: { key: string; packageName?: string | undefined; selfName?: string | undefined; url: string; title: string }[]): Map<string, Record<string, { url: string; title: string }[]>> {
  const shards = new Map<string, Record<string, { url: string; title: string }[]>>();
  for (const server of servers) {
    for (const name of searchNamesOf(server)) {
      const shard = nameShard(name);
      let table = shards.get(shard);
      if (!table) shards.set(shard, (table = Object.create(null) as Record<string, { url: string; title: string }[]>));
      const list = (table[name] ??= []);
      if (list.length < 5 && !list.some((item) => item.url === server.url)) list.push({ url: server.url, title: server.title });
    }
  }
  return shards;
}
