import type { ScanRecord } from '../schemas/scan-record.ts';

/**
 * The name client configurations most likely use for the server: the configured name when the scan
 * came from a configuration, else the package name without scope and `server-`/`mcp-` affixes
 * (`@modelcontextprotocol/server-filesystem` → `filesystem`). Pass `serverKey` to say it exactly.
 */
export function deriveServerKey(record: Pick<ScanRecord, 'serverName' | 'package' | 'server' | 'target'>): string {
  if (record.serverName) return record.serverName;
  const packageName = record.package?.name ?? npmTargetName(record.target);
  if (packageName) {
    const bare = packageName.replace(/^@[^/]+\//, '').replace(/^(mcp-server-|server-|mcp-)/, '').replace(/(-mcp-server|-server|-mcp)$/, '');
    if (bare) return bare;
  }
  return record.server?.name || record.target || 'server';
}

function npmTargetName(target: string): string | undefined {
  const match = /^npm:((?:@[^/@]+\/)?[^@]+)/.exec(target);
  return match?.[1];
}
