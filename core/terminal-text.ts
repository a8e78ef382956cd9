// Control characters (ANSI escapes included), bidi controls and zero-width characters from untrusted names.
const UNSAFE_FOR_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Makes untrusted text safe to print on a terminal: hidden and control characters become visible escapes. */
export function toTerminalText(text: string, maxLength = 60): string {
  const visible = text.replace(UNSAFE_FOR_TERMINAL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
}

/** Renders rows as a plain-text table with padded columns. Cells must already be terminal-safe. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const renderRow = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd();
  return [renderRow(headers), renderRow(widths.map((width) => '-'.repeat(width))), ...rows.map(renderRow)].join('\n');
}

/** "1 tool", "2 tools", "0 prompts": a count with its noun in the right number (regular plurals only). */
export function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun : `${noun}s`}`;
}
