import { toTerminalText } from '../core/terminal-text.ts';
import type { ScanRecord, ScanStatus } from '../schemas/scan-record.ts';

/** What to try next for a server that did not list its tools, by how its scan ended. */
const NEXT_STEP: Record<Exclude<ScanStatus, 'ok'>, string> = {
  needs_credentials: 'it wants real credentials to start; the record\'s `environment` lists the variables it was given placeholders for.',
  timeout: 'check that the command starts an MCP server on stdio, or raise --start-timeout.',
  crashed: 'read the record\'s `stderrExcerpt`; to try it by hand, run the same command outside mcp-risk.',
  protocol_error: 'the detail quotes what it answered; check that it speaks MCP on stdout and logs only to stderr.',
  install_failed: 'check the package name and version, and that the package registry answers from here.',
  unsupported: 'see docs/scanning.md for what mcp-risk can launch; scan the package itself (npm:NAME, pypi:NAME) or its server.json if it has one.',
  auth_required: 'the server wants a login; scan its package instead, or a copy that runs without one.',
  unreachable: 'check the URL and that the server is running.',
};

/** The name a person knows a scanned server by: its key in the configuration, else its target. */
function serverLabel(record: ScanRecord): string {
  return toTerminalText(record.serverName ?? record.target, 80);
}

/**
 * One line per server that did not list its tools, with its status, its detail and the next step: what stderr
 * says when the records themselves go to stdout as JSON or SARIF, where nobody reads them on a terminal.
 */
export function describeUnlistedServers(records: readonly ScanRecord[]): string[] {
  return records
    .filter((record) => record.status !== 'ok')
    .map((record) => `${serverLabel(record)}: ${record.status} — ${toTerminalText(record.detail, 300)} Next: ${NEXT_STEP[record.status as Exclude<ScanStatus, 'ok'>]}`);
}

/** True when every server listed its tools: anything else (unsupported included) is a scan that did not succeed. */
export function everyServerListed(records: readonly ScanRecord[]): boolean {
  return records.length > 0 && records.every((record) => record.status === 'ok');
}
