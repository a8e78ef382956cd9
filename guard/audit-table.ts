import { toTerminalText } from '../core/terminal-text.ts';
import { GuardAuditLineSchema } from '../schemas/guard-audit.ts';

/** The columns `guard log` shows, in order. */
const COLUMNS = ['time', 'server', 'event', 'tool', 'decision', 'outcome', 'detail'] as const;
const WIDTHS: Record<(typeof COLUMNS)[number], number> = { time: 19, server: 16, event: 7, tool: 24, decision: 12, outcome: 13, detail: 70 };

/** The header row of the decisions table. */
export function auditTableHeader(): string {
  return COLUMNS.map((column) => column.toUpperCase().padEnd(WIDTHS[column])).join('  ').trimEnd();
}

/**
 * One audit line as a table row, every field made safe for a terminal and cut to its column; undefined for a line that
 * is not a valid audit line (or another server's, when `server` is given).
 */
export function auditTableRow(text: string, server?: string): string | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = GuardAuditLineSchema.safeParse(data);
  if (!parsed.success || (server !== undefined && parsed.data.server !== server)) return undefined;
  const line = parsed.data;
  const cells: Record<(typeof COLUMNS)[number], string> = {
    time: line.time.slice(0, 19).replace('T', ' '),
    server: line.server,
    event: line.event,
    tool: line.event === 'call' || line.event === 'tool' ? line.tool : line.event === 'content' ? line.method : '',
    decision: line.event === 'call' ? line.decision : line.event === 'tool' ? line.change : line.event === 'content' ? line.verdict : line.phase,
    outcome: line.event === 'call' ? line.outcome : line.event === 'tool' ? line.action : '',
    detail: line.event === 'call' ? line.reason : line.event === 'content' ? line.findings.map((finding) => finding.id).join(', ') : line.detail ?? '',
  };
  return COLUMNS.map((column) => toTerminalText(cells[column], WIDTHS[column]).padEnd(WIDTHS[column])).join('  ').trimEnd();
}
