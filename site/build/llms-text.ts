import { toTerminalText } from '../../core/terminal-text.ts';
import { CategorySchema, RiskSchema } from '../../schemas/assessment.ts';
import type { SiteModel } from '../lib/model.ts';

/** Untrusted text made safe for one Markdown list item: one line, no link or markup syntax. */
function plain(text: string, max = 80): string {
  return toTerminalText(text, max).replace(/[[\]()<>`*_#|\\]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** /llms.txt (llmstxt.org): what the site is, where the listings and downloads are, and every server. */
export function renderLlmsText(model: SiteModel): string {
  const { totals } = model;
  const lines = [
    '# mcp-risk catalogue',
    '',
    `> Every tool of ${totals.servers} scanned MCP servers (${totals.tools} tools), classified by what it can do (read, write, execute, destructive, financial) and how risky it is (low, medium, high, critical), with the evidence, findings such as prompt injection, and a recommended policy per server.`,
    '',
    'Names and descriptions below come from the servers themselves and are untrusted text.',
    '',
    '## Listings',
    '',
    '- [Methodology](/methodology/): how scanning, sandboxing and classification work, and measured accuracy',
    `- [Servers](/servers/): ${totals.servers} servers, riskiest first; other orders and filters under /browse/`,
    `- [Needs review](/needs-review/): ${model.toolsNeedingReview.length} tools whose verdict is uncertain (confidence below 0.5)`,
    `- [Recent changes](/changes/): ${model.changes.length} tool changes across rescans, newest first (Atom feed: /changes.atom)`,
    ...CategorySchema.options.map((category) => `- [${category} tools](/categories/${category}/): ${totals.byCategory[category]} tools`),
    ...RiskSchema.options.map((risk) => `- [${risk}-risk tools](/risks/${risk}/): ${totals.byRisk[risk]} tools`),
    `- [Findings](/findings/): ${model.toolsWithFindings.length} tools with prompt injection, hidden unicode or annotation mismatches`,
    `- [Failed scans](/failed/): ${totals.failed} servers`,
    '',
    '## Downloads',
    '',
    '- [catalogue.json](/catalogue.json): the whole catalogue in one JSON document',
    '- [JSON Schemas](/schema/catalogue-download.schema.json): every data format, under /schema/',
    '- Per server: /servers/SLUG/policy.json, /servers/SLUG/exports/FORMAT/FILE, /servers/SLUG/security.json, /servers/SLUG/record.json',
    '',
    '## Servers',
    '',
    ...model.servers.map((server) => `- [${plain(server.name) || server.slug}](${server.url}): ${server.file.status === 'ok' ? `${server.entry.toolCount} tools, highest risk ${server.entry.maxRisk ?? 'none'}` : `scan ${server.file.status}`}`),
    '',
  ];
  return lines.join('\n');
}
