// What could change what a terminal or a reader sees: control characters (C0 and C1, so every ANSI escape),
// format characters (bidi overrides and isolates, zero-width characters, tag characters, the BOM), line and
// paragraph separators, and lone surrogates.
const UNSAFE_FOR_TERMINAL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

/** One character as a visible escape: `\u001b` for the Basic Multilingual Plane, `\u{e0041}` beyond it. */
function escapeCharacter(character: string): string {
  const code = character.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Makes untrusted text safe to print on a terminal, in one line: hidden and control characters become visible
 * escapes, then the text is cut to `maxLength` with an ellipsis. The one escaper for every untrusted string the
 * tool prints (names, details, errors quoting input) and for the one-line text exports embed.
 */
export function toTerminalText(text: string, maxLength = 60): string {
  const visible = text.replace(UNSAFE_FOR_TERMINAL, escapeCharacter);
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

/** Quotes a tool name for prose: one line, in double quotes. */
export function quoteName(name: string): string {
  return `"${toTerminalText(name, 64)}"`;
}

/** Makes text safe for a YAML `#` comment line: control and separator characters escaped, no length cap. */
export function toCommentLine(text: string): string {
  return toTerminalText(text, Number.POSITIVE_INFINITY);
}
