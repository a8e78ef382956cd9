import type { ScanRecord } from '../schemas/scan-record.ts';

/** What `deriveServerKey` reads: a scan record, or a catalogue entry with the same fields. */
export type ServerKeySource = Pick<ScanRecord, 'serverName' | 'package' | 'server' | 'target'> & { targetKind?: ScanRecord['targetKind'] };

// Words that say "this is an MCP server" rather than which one: `mcp-server-x`, `x-mcp`, `server-x`.
const PREFIX = /^(?:mcp-server-|server-mcp-|mcp-|server-)/;
const SUFFIX = /(?:-mcp-server|-server-mcp|-mcp|-server)$/;
// A name that is nothing but those words, so the scope says which server it is (`@azure/mcp`).
const ONLY_AFFIXES = /^(?:mcp|server|mcp-server|server-mcp)?$/;
// Company suffixes on npm scopes that nobody types as a server name (`@pinecone-database` → `pinecone`).
const SCOPE_SUFFIX = /-(?:database|db|io|ai|hq|inc|labs|dev|oss|org|official|cloud|app|tech|team|js|sdk|mcp)$/;

/**
 * The name a user gives the server in a client configuration, which Claude Code (`mcp__<key>__<tool>`),
 * Cursor (`<key>:<tool>`), VS Code and the gateways use in every rule:
 * - a client configuration scan: the configuration's own name for it;
 * - a package: its name without scope and `mcp`/`server` affixes (`@modelcontextprotocol/server-filesystem`
 *   → `filesystem`, `mcp-server-sqlite` → `sqlite`), or the scope when nothing else is left
 *   (`@azure/mcp` → `azure`, `@playwright/mcp` → `playwright`, `@pinecone-database/mcp` → `pinecone`);
 * - otherwise the name the server reported, else the target.
 * The site's install snippets, every export and the guard use this one function; `--server-key` overrides it.
 */
export function deriveServerKey(record: ServerKeySource): string {
  const fromConfig = record.targetKind === undefined || record.targetKind === 'client-config';
  if (record.serverName && fromConfig) return record.serverName;
  const packageName = record.package?.name ?? npmTargetName(record.target);
  if (packageName) return keyFromPackageName(packageName);
  return record.serverName || record.server?.name || record.target || 'server';
}

/** `@scope/name` → the short name a user would type for it (see deriveServerKey). */
export function keyFromPackageName(packageName: string): string {
  const match = /^(?:@([^/]+)\/)?(.+)$/.exec(packageName.toLowerCase());
  const scope = match?.[1];
  const name = match?.[2] ?? packageName;
  const bare = name.replace(PREFIX, '').replace(SUFFIX, '');
  if (!ONLY_AFFIXES.test(bare)) return bare;
  if (scope) return scope.replace(SCOPE_SUFFIX, '') || scope;
  return name;
}

function npmTargetName(target: string): string | undefined {
  const match = /^npm:((?:@[^/@]+\/)?[^@]+)/.exec(target);
  return match?.[1];
}
