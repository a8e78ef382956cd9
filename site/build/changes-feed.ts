import { toTerminalText } from '../../core/terminal-text.ts';
import { describeVerdict, describeVerdictChange, describeVersions, summarizeEntry, summarizeFields } from '../lib/changes.ts';
import { displayName } from '../lib/format.ts';
import type { SiteModel } from '../lib/model.ts';

/** Entries in the feed: the newest changes across the catalogue. */
export const FEED_ENTRIES = 50;
const SITE = 'https://mcp-risk.dev';

/** Text made safe for XML 1.0: characters XML cannot hold are dropped, markup characters escaped. */
export function xmlText(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * /changes.atom: an Atom feed of tool changes across rescans (added, removed, changed definitions),
 * newest first. A description that changes after people trusted a tool is how a rug pull looks,
 * so this is what to subscribe to. Every server-supplied string is escaped and cut.
 */
export function renderChangesFeed(model: SiteModel): string {
  const changes = model.changes.slice(0, FEED_ENTRIES);
  const updated = changes[0]?.entry.at ?? model.servers.map((server) => server.file.scannedAt).sort().at(-1) ?? '1970-01-01T00:00:00.000Z';
  const names = (tools: { name: string }[]) => tools.slice(0, 10).map((tool) => toTerminalText(displayName(tool.name, 60), 60)).join(', ') + (tools.length > 10 ? `, and ${tools.length - 10} more` : '');
  const entries = changes.map((change) => {
    const { entry, server } = change;
    const lines = [
      entry.added.length ? `Added: ${names(entry.added)}.` : '',
      entry.removed.length ? `Removed: ${names(entry.removed)}.` : '',
      ...entry.changed.slice(0, 10).map((tool) => `Changed ${toTerminalText(displayName(tool.name, 60), 60)}: ${summarizeFields(tool.fields)}.`),
      entry.changed.length > 10 ? `And ${entry.changed.length - 10} more changed tools.` : '',
      ...(entry.verdictChanged ?? []).slice(0, 10).map((tool) => `Verdict changed for ${toTerminalText(displayName(tool.name, 60), 60)}: ${describeVerdictChange(tool.before, tool.after)}, now ${describeVerdict(tool.after)}.`),
      (entry.verdictChanged?.length ?? 0) > 10 ? `And ${entry.verdictChanged!.length - 10} more changed verdicts.` : '',
      describeVersions(entry) ? `${describeVersions(entry).replace(/^v/, 'V')}.` : '',
    ].filter(Boolean);
    return [
      '<entry>',
      `<id>tag:mcp-risk.dev,2026:${xmlText(server.slug)}/${change.anchor}</id>`,
      `<title>${xmlText(`${toTerminalText(displayName(server.name, 100), 100)}: ${summarizeEntry(entry)}`)}</title>`,
      `<updated>${xmlText(entry.at)}</updated>`,
      `<link rel="alternate" type="text/html" href="${xmlText(`${SITE}${change.url}`)}"/>`,
      `<summary type="text">${xmlText(lines.join(' '))}</summary>`,
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    '<id>tag:mcp-risk.dev,2026:changes</id>',
    '<title>mcp-risk: tool changes across rescans</title>',
    '<subtitle>MCP server tools added, removed or redefined since the previous scan, and verdicts a new classifier changed.</subtitle>',
    `<updated>${xmlText(updated)}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${SITE}/changes.atom"/>`,
    `<link rel="alternate" type="text/html" href="${SITE}/changes/"/>`,
    '<author><name>mcp-risk</name></author>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
