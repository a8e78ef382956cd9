import { renderTable, toTerminalText } from '../core/terminal-text.ts';
import { RISK_ORDER, riskRank } from '../schemas/assessment.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';

function describeTarget(record: ScanRecord): string {
  const name = record.serverName ? ` (${record.serverName})` : '';
  const version = record.package ? ` → ${record.package.name}@${record.package.version}` : '';
  return toTerminalText(`${record.target}${name}${version}`, 120);
}

/** One scan as a person reads it: a heading, the tools with category and risk (riskiest first), a summary line. */
export function renderScanTable(record: ScanRecord): string {
  const lines = [`${describeTarget(record)}  [${record.sandbox.backend}]`, `status: ${record.status} — ${toTerminalText(record.detail, 200)}`];
  if (record.server) lines.push(`server: ${toTerminalText(`${record.server.name} ${record.server.version}`, 80)} (protocol ${toTerminalText(record.server.protocolVersion, 20)})`);
  if (record.tools.length) {
    const tools = [...record.tools].sort((a, b) => riskRank(b.assessment.risk) - riskRank(a.assessment.risk) || a.name.localeCompare(b.name));
    const rows = tools.map((tool) => [
      toTerminalText(tool.name, 48),
      tool.assessment.category,
      tool.assessment.risk,
      toTerminalText(tool.assessment.findings.map((finding) => finding.id).join(', '), 40),
    ]);
    lines.push('', renderTable(['tool', 'category', 'risk', 'findings'], rows));
  }
  const counts = RISK_ORDER.map((risk) => `${record.tools.filter((tool) => tool.assessment.risk === risk).length} ${risk}`);
  const extras = [
    record.prompts.length ? `${record.prompts.length} prompts` : '',
    record.resources.length ? `${record.resources.length} resources` : '',
    record.malformed.length ? `${record.malformed.length} malformed` : '',
    record.truncated.length ? `truncated: ${record.truncated.join(', ')}` : '',
    record.limitsHit.length ? `limits hit: ${record.limitsHit.join(', ')}` : '',
  ].filter(Boolean);
  lines.push('', `${record.tools.length} tools: ${counts.join(', ')}${extras.length ? `; ${extras.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** Several scans, one after another. */
export function renderScanTables(records: readonly ScanRecord[]): string {
  return records.map(renderScanTable).join('\n');
}
