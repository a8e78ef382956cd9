import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** Finds a command the way a shell would, without running one: `node` is always mcp-risk's own. */
export function resolveCommand(command: string, cwd: string, path: string = process.env.PATH ?? ''): string | undefined {
  if (command === 'node') return process.execPath;
  const candidates = command.includes('/')
    ? [isAbsolute(command) ? command : resolve(cwd, command)]
    : path.split(delimiter).filter(Boolean).map((directory) => join(directory, command));
  return candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
