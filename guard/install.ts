import { chmod, readFile, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { stripJsonComments } from '../core/json-comments.ts';
import { hasServerLists, installGuard, uninstallGuard, type GuardCommand, type Rewrite } from './config-rewrite.ts';
import { unifiedDiff } from './text-diff.ts';

/** The suffix of the copy written beside a configuration before the guard changes it. */
export const BACKUP_SUFFIX = '.mcp-risk-backup';

export interface ConfigChange {
  rewrite: Rewrite;
  /** The unified diff of the file (what --dry-run prints). */
  diff: string;
  /** Where the previous content was saved; absent for a dry run or when nothing changed. */
  backup?: string;
  /** Things to tell the person, e.g. that comments were dropped. */
  notes: string[];
}

/** The indentation a JSON file uses, so the rewritten file looks like the one the person wrote. */
function detectIndent(text: string): string | number {
  const match = /^([ \t]+)"/m.exec(text);
  return match ? match[1]! : 2;
}

/**
 * Rewrites a client configuration so every server runs behind the guard (`install`) or no longer does
 * (`uninstall`). The previous content is copied beside it first; the file keeps its permissions.
 */
export async function changeConfig(path: string, mode: 'install' | 'uninstall', options: { dryRun: boolean; guard: GuardCommand; extraArgs: readonly string[] }): Promise<ConfigChange> {
  const text = await readFile(path, 'utf8');
  const stripped = stripJsonComments(text);
  const document: unknown = JSON.parse(stripped);
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !hasServerLists(document as Record<string, unknown>)) {
    throw new Error('expected a client configuration with `mcpServers`, `servers`, `mcp.servers` or `projects.*.mcpServers`, got none of them');
  }
  const rewrite = mode === 'install' ? installGuard(document as Record<string, unknown>, options.guard, options.extraArgs) : uninstallGuard(document as Record<string, unknown>);
  const notes: string[] = [];
  if (!rewrite.changed.length) return { rewrite, diff: '', notes };
  const after = `${JSON.stringify(rewrite.document, null, detectIndent(text))}${text.endsWith('\n') ? '\n' : ''}`;
  if (stripped.replace(/\s/g, '') !== text.replace(/\s/g, '')) notes.push(`${path} had comments or trailing commas; the rewritten file has none (the backup keeps them)`);
  const diff = unifiedDiff(text, after, path);
  if (options.dryRun) return { rewrite, diff, notes };
  const { mode: fileMode } = await stat(path);
  const backup = `${path}${BACKUP_SUFFIX}`;
  await writeFileAtomic(backup, text);
  await chmod(backup, fileMode & 0o777);
  await writeFileAtomic(path, after);
  await chmod(path, fileMode & 0o777);
  return { rewrite, diff, backup, notes };
}
