/**
 * A TOML basic string for any text TOML can hold, or undefined for text it cannot (a lone surrogate, which no
 * TOML escape represents): callers leave such a name out and say so. Control characters and DEL are escaped.
 */
export function tomlString(text: string): string | undefined {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) return undefined;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** A TOML key: bare when it is letters, digits, `_` and `-`, else a quoted basic string (undefined when it cannot be written). */
export function tomlKey(key: string): string | undefined {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/** `# ` comment lines, one per line of each note (a note's line breaks never end the comment early). */
export function tomlComments(lines: readonly string[]): string {
  return lines.flatMap((line) => line.split(/\r\n|\r|\n|\u2028|\u2029/)).map((line) => `# ${line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')}`.trimEnd()).join('\n');
}
