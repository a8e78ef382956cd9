/**
 * Turns untrusted text (tool names, evidence quoted from descriptions) into one printable line,
 * so it can sit in a reason, a YAML comment or a terminal without breaking the line it is on.
 */
export function toOneLine(text: string, maxLength = 80): string {
  // Control, format (bidi overrides, zero-width) and line/paragraph separators become visible escapes.
  const visible = text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
  return visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
}

/** Quotes a tool name for prose: one line, in double quotes. */
export function quoteName(name: string): string {
  return `"${toOneLine(name, 64)}"`;
}

/** Makes text safe for a YAML `#` comment line: control and separator characters escaped, no length cap. */
export function toCommentLine(text: string): string {
  return toOneLine(text, Number.POSITIVE_INFINITY);
}
