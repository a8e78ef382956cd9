/** Removes // and /* comments and trailing commas outside strings (VS Code's mcp.json is JSONC). */
export function stripJsonComments(text: string): string {
  let output = '';
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (character === '"') {
      const start = index;
      for (index++; index < text.length && text[index] !== '"'; index++) if (text[index] === '\\') index++;
      output += text.slice(start, index + 1);
    } else if (character === '/' && text[index + 1] === '/') {
      while (index < text.length && text[index] !== '\n') index++;
      output += '\n';
    } else if (character === '/' && text[index + 1] === '*') {
      const end = text.indexOf('*/', index + 2);
      index = end === -1 ? text.length : end + 1;
    } else {
      output += character;
    }
  }
  return output.replace(/,(\s*[}\]])/g, '$1');
}
