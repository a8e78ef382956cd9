import { constants } from 'node:fs';
import { access, readFile, realpath, rm, stat } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { stripJsonComments } from '../core/json-comments.ts';
import { hasServerLists, installGuard, uninstallGuard, type ExtraArgs, type GuardCommand, type Rewrite } from './config-rewrite.ts';
import { unifiedDiff } from './text-diff.ts';

/** The suffix of the copy written beside a configuration before the guard first changes it. */
export const BACKUP_SUFFIX = '.mcp-risk-backup';

export interface ConfigChange {
  rewrite: Rewrite;
  /** The unified diff of the file (what --dry-run prints). */
  diff: string;
  /** Where the content from before the first install is kept; absent for a dry run or when nothing changed. */
  backup?: string;
  /** Things to tell the person, e.g. that comments were dropped. */
  notes: string[];
}

export interface ConfigChangeOptions {
  dryRun: boolean;
  guard: GuardCommand;
  extraArgs: ExtraArgs;
  /**
   * Called once the file is written, with the entries written; returns a sentence for each entry whose guard does not
   * start. Any sentence puts the file back as it was and fails the change.
   */
  check?: (written: Rewrite['written']) => Promise<string[]>;
}

/**
 * A configuration as the guard reads it (through a symlink, comments allowed): its real path, mode and document, or
 * undefined when it cannot be read as one (changeConfig then says why).
 */
export async function readConfigDocument(path: string): Promise<{ target: string; mode: number; document: Record<string, unknown> } | undefined> {
  try {
    const target = await realpath(path);
    const document: unknown = JSON.parse(stripJsonComments(await readFile(target, 'utf8')));
    if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
    return { target, mode: (await stat(target)).mode, document: document as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** The indentation a JSON file uses, so the rewritten file looks like the one the person wrote. */
function detectIndent(text: string): string | number {
  const match = /^([ \t]+)"/m.exec(text);
  return match ? match[1]! : 2;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Refuses a file the person made read-only: the guard must not rewrite what they protected. */
async function requireWritable(path: string, mode: number): Promise<void> {
  const writable = (mode & 0o222) !== 0 && (await access(path, constants.W_OK).then(() => true, () => false));
  if (!writable) throw new Error(`${path} is read-only (mode ${(mode & 0o777).toString(8)}); make it writable first if the guard should change it`);
}

/**
 * Rewrites a client configuration so every server runs behind the guard (`install`) or no longer does
 * (`uninstall`). A symlink is written through to its target. The content from before the first install is kept
 * beside it and never overwritten; `uninstall` gives those bytes back when the file holds nothing else new, and
 * otherwise edits only the guard's entries. Every file written keeps the configuration's mode from its creation.
 */
export async function changeConfig(path: string, mode: 'install' | 'uninstall', options: ConfigChangeOptions): Promise<ConfigChange> {
  const target = await realpath(path);
  const text = await readFile(target, 'utf8');
  const stripped = stripJsonComments(text);
  const document: unknown = JSON.parse(stripped);
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !hasServerLists(document as Record<string, unknown>)) {
    throw new Error('expected a client configuration with `mcpServers`, `servers`, `mcp.servers` or `projects.*.mcpServers`, got none of them');
  }
  const rewrite = mode === 'install' ? installGuard(document as Record<string, unknown>, options.guard, options.extraArgs) : uninstallGuard(document as Record<string, unknown>);
  const notes: string[] = [];
  if (!rewrite.changed.length) return { rewrite, diff: '', notes };
  const backup = `${path}${BACKUP_SUFFIX}`;
  const original = (await exists(backup)) ? await readFile(backup, 'utf8') : undefined;
  // Back to exactly what the person had, when the file holds nothing they changed since.
  const restoresOriginal = mode === 'uninstall' && original !== undefined && sameDocument(original, rewrite.document);
  const after = restoresOriginal ? original : `${JSON.stringify(rewrite.document, null, detectIndent(text))}${text.endsWith('\n') ? '\n' : ''}`;
  if (!restoresOriginal && stripped.replace(/\s/g, '') !== text.replace(/\s/g, '')) notes.push(`${path} had comments or trailing commas; the rewritten file has none (the backup keeps them)`);
  const diff = unifiedDiff(text, after, path);
  if (options.dryRun) return { rewrite, diff, notes };

  const { mode: fileMode } = await stat(target);
  await requireWritable(target, fileMode);
  if (mode === 'install') {
    if (original === undefined) await writeFileAtomic(backup, text, fileMode);
    else notes.push(`kept the earlier backup ${backup} (the file as it was before the first install)`);
  }
  await writeFileAtomic(target, after, fileMode);
  if (restoresOriginal) {
    await rm(backup, { force: true });
    notes.push(`restored ${path} byte for byte from ${backup}, which is removed`);
  } else if (mode === 'uninstall') {
    notes.push(original === undefined
      ? `no backup ${backup} was found; only the entries the guard wrote were edited`
      : `${path} changed since the guard was installed; only the entries the guard wrote were edited, and ${backup} is kept`);
  }
  const failures = mode === 'install' && options.check ? await options.check(rewrite.written) : [];
  if (failures.length) {
    await writeFileAtomic(target, text, fileMode);
    if (original === undefined) await rm(backup, { force: true });
    throw new Error(`the rewritten entries were checked and ${failures.length === 1 ? 'one does' : 'some do'} not start, so ${path} was put back as it was:\n  ${failures.join('\n  ')}`);
  }
  return { rewrite, diff, backup, notes };
}

/** True when a configuration's text (comments allowed) says the same as a document. */
function sameDocument(text: string, document: Record<string, unknown>): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(stripJsonComments(text)), document);
  } catch {
    return false;
  }
}
