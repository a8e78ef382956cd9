import { countOf, renderTable, toTerminalText } from '../core/terminal-text.ts';
import { RISK_ORDER, riskRank, type Risk } from '../schemas/assessment.ts';
import type { ScanRecord, ScannedTool } from '../schemas/scan-record.ts';

function describeTarget(record: ScanRecord): string {
  const name = record.serverName ? ` (${record.serverName})` : '';
  const version = record.package ? ` → ${record.package.name}@${record.package.version}` : '';
  return toTerminalText(`${record.target}${name}${version}`, 120);
}

/** Why a tool got its verdict, in a table cell: the strongest signal's label and the evidence it fired on. */
function describeStrongestSignal(tool: ScannedTool): string {
  const signal = tool.assessment.signals[0];
  return signal ? `${signal.label} (${signal.evidence})` : 'no signal';
}

/** One scan as a person reads it: a heading, the tools with category, risk and why (riskiest first), a summary line. */
export function renderScanTable(record: ScanRecord): string {
  const lines = [`${describeTarget(record)}  [${record.sandbox.backend}]`, `status: ${record.status} — ${toTerminalText(record.detail, 200)}`];
  if (record.server) {
    const handshake = record.protocol?.handshake === 'server/discover' ? ', by server/discover' : '';
    lines.push(`server: ${toTerminalText(`${record.server.name} ${record.server.version}`, 80)} (protocol ${toTerminalText(record.protocol?.version ?? record.server.protocolVersion, 20)}${handshake})`);
  }
  if (record.ranWith?.paths?.length) lines.push(`shown: ${toTerminalText(record.ranWith.paths.map((entry) => `${entry.path} (${entry.shown})`).join(', '), 300)}`);
  if (record.tools.length) {
    const tools = [...record.tools].sort((a, b) => riskRank(b.assessment.risk) - riskRank(a.assessment.risk) || a.name.localeCompare(b.name));
    const rows = tools.map((tool) => [
      toTerminalText(tool.name, 48),
      tool.assessment.category,
      tool.assessment.risk,
      toTerminalText(describeStrongestSignal(tool), 60),
      toTerminalText(tool.assessment.findings.map((finding) => finding.id).join(', '), 40),
    ]);
    lines.push('', renderTable(['tool', 'category', 'risk', 'why (strongest signal)', 'findings'], rows));
  }
  const counts = RISK_ORDER.map((risk) => `${record.tools.filter((tool) => tool.assessment.risk === risk).length} ${risk}`);
  const extras = [
    record.prompts.length ? countOf(record.prompts.length, 'prompt') : '',
    record.resources.length ? countOf(record.resources.length, 'resource') : '',
    record.malformed.length ? `${record.malformed.length} malformed` : '',
    record.truncated.length ? `truncated: ${record.truncated.join(', ')}` : '',
    record.limitsHit.length ? `limits hit: ${record.limitsHit.join(', ')}` : '',
  ].filter(Boolean);
  lines.push('', `${countOf(record.tools.length, 'tool')}: ${counts.join(', ')}${extras.length ? `; ${extras.join('; ')}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** Several scans, one after another. */
export function renderScanTables(records: readonly ScanRecord[]): string {
  return records.map(renderScanTable).join('\n');
}

/** Every tool at or above a risk, with its record, riskiest first: what `--fail-on` names. */
export function toolsAtOrAbove(records: readonly ScanRecord[], risk: Risk): { record: ScanRecord; tool: ScannedTool }[] {
  return records
    .flatMap((record) => record.tools.filter((tool) => riskRank(tool.assessment.risk) >= riskRank(risk)).map((tool) => ({ record, tool })))
    .sort((a, b) => riskRank(b.tool.assessment.risk) - riskRank(a.tool.assessment.risk));
}
