import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';

/** True when `folder` is `inner` or one of its ancestors: exposing it would expose `inner`. */
function contains(folder: string, inner: string): boolean {
  return inner === folder || inner.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

function kindOf(path: string): 'file' | 'directory' | undefined {
  try {
    const info = statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What to show a server so a file it runs can be read: the file's folder, or only the file when that folder
 * is (or holds) a protected one, such as the home directory or the folder of the configuration that named it.
 */
export function exposedPathFor(file: string, protectedFolders: readonly string[]): string {
  const folder = dirname(file);
  return protectedFolders.some((guarded) => contains(folder, guarded)) ? file : folder;
}

/**
 * What a configured stdio server needs to start. For each existing file its arguments name (`server.js`,
 * `./dist/index.js`, `--config=/etc/x.json`), the folder holding it (`~/mcp/server.js` → `~/mcp`); for each
 * folder named, that folder. Never a protected folder or one holding it: from there only the named file itself
 * is shown, and a protected folder named outright gets an empty stand-in at its path, so a server that checks
 * its folders exist still starts. A relative path that names something becomes absolute in the arguments,
 * since the server starts elsewhere than the configuration's folder. Package servers (`npx PKG FOLDER`) get
 * the same rule as commands.
 */
export function configuredLaunch(args: readonly string[], baseDirectory: string, protectedFolders: readonly string[]): { args: string[]; readOnlyPaths: string[]; emptyFolders: string[] } {
  const paths = new Set<string>();
  const standIns = new Set<string>();
  const expose = (candidate: string): string => {
    if (!candidate || candidate.startsWith('-')) return candidate;
    const path = isAbsolute(candidate) ? candidate : resolve(baseDirectory, candidate);
    const kind = kindOf(path);
    if (kind === undefined) return candidate;
    if (path === '/usr' || path.startsWith('/usr/')) return path; // every sandbox shows /usr
    if (kind === 'file') paths.add(exposedPathFor(path, protectedFolders));
    else if (!protectedFolders.some((guarded) => contains(path, guarded))) paths.add(path);
    else if (path !== '/') standIns.add(path);
    return path;
  };
  const rewritten = args.map((argument) => {
    const equals = argument.indexOf('=');
    return argument.startsWith('-') && equals !== -1 ? `${argument.slice(0, equals + 1)}${expose(argument.slice(equals + 1))}` : expose(argument);
  });
  return { args: rewritten, readOnlyPaths: [...paths], emptyFolders: [...standIns] };
}

/** The working directory a configuration names, unless it is (or holds) a protected folder. */
export function configuredWorkingDirectory(cwd: string | undefined, configDirectory: string, protectedFolders: readonly string[]): string | undefined {
  if (cwd === undefined) return undefined;
  const path = resolve(configDirectory, cwd);
  return protectedFolders.some((guarded) => contains(path, guarded)) ? undefined : path;
}
