import { toTerminalText } from '../core/terminal-text.ts';

/**
 * Turns untrusted text (tool names, evidence quoted from descriptions) into one printable line,
 * so it can sit in a reason, a YAML comment or a terminal without breaking the line it is on.
 * The same escaper as the terminal's: one definition of what is unsafe.
 */
export function toOneLine(text: string, maxLength = 80): string {
  return toTerminalText(text, maxLength);
}

/** Quotes a tool name for prose: one line, in double quotes. */
export function quoteName(name: string): string {
  return `"${toOneLine(name, 64)}"`;
}

/** Makes text safe for a YAML `#` comment line: control and separator characters escaped, no length cap. */
export function toCommentLine(text: string): string {
  return toOneLine(text, Number.POSITIVE_INFINITY);
}
