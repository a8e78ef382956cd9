/** A stable 32-bit hash (FNV-1a): fold membership must not change between runs or machines. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Splits rows into `count` folds by server, so no server's tools are both trained on and scored:
 * servers are ordered by a hash of their name and dealt round-robin, which keeps folds near equal in servers.
 */
export function splitByServer<Row extends { server: string }>(rows: readonly Row[], count: number): Row[][] {
  const servers = [...new Set(rows.map((row) => row.server))].sort((a, b) => hashOf(a) - hashOf(b) || (a < b ? -1 : 1));
  const foldOf = new Map(servers.map((server, index) => [server, index % count]));
  const folds: Row[][] = Array.from({ length: count }, () => []);
  for (const row of rows) folds[foldOf.get(row.server)!]!.push(row);
  return folds;
}
