import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-file.ts';
import { slugFor } from '../core/slug.ts';
import { PolicySchema, type Policy } from '../schemas/policy.ts';
import { guardedEntries, policyArgument } from './config-rewrite.ts';

/** The folder beside a configuration that holds the policies `guard install` pins its servers to. */
export const POLICY_FOLDER = '.mcp-risk';

/** The file name of a server's pinned policy: its slug (core/slug.ts), so `../x`, `a/b` and `con` never leave the folder or meet. */
export function policyFileName(server: string): string {
  return `${slugFor(server)}.policy.json`;
}

/** Where a configuration's server's pinned policy lives. */
export function policyFilePath(configPath: string, server: string): string {
  return join(dirname(configPath), POLICY_FOLDER, policyFileName(server));
}

/** How a server's tools changed between the policy pinned before and the one pinned now. */
export interface PinChanges {
  appeared: string[];
  vanished: string[];
  changed: string[];
}

/** Compares the tool pins of two policies (the old one absent: every tool appeared). */
export function comparePins(before: Policy | undefined, after: Policy): PinChanges {
  const old = new Map((before?.tools ?? []).map((tool) => [tool.name, tool.pin]));
  const now = new Map(after.tools.map((tool) => [tool.name, tool.pin]));
  return {
    appeared: [...now.keys()].filter((name) => !old.has(name)),
    vanished: [...old.keys()].filter((name) => !now.has(name)),
    changed: [...now].filter(([name, pin]) => old.has(name) && old.get(name) !== pin).map(([name]) => name),
  };
}

/** The policy a file holds, or undefined when there is none or it is not a policy. */
export async function readPinnedPolicy(path: string): Promise<Policy | undefined> {
  try {
    const parsed = PolicySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One policy file to write, and what it held before (for the report and to undo a failed install). */
export interface PinnedPolicy {
  server: string;
  path: string;
  policy: Policy;
  /** The file's text before, when it existed. */
  previousText?: string;
}

/**
 * Writes each policy atomically with the configuration's mode (so a 0600 configuration gets 0600 policies), into a
 * folder only the owner can enter. Returns a function that puts every file back as it was (removed when new).
 */
export async function writePinnedPolicies(policies: readonly PinnedPolicy[], mode: number): Promise<() => Promise<void>> {
  const undo: (() => Promise<unknown>)[] = [];
  for (const { path, policy, previousText } of policies) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(path, `${JSON.stringify(policy, null, 2)}\n`, mode & 0o666);
    undo.push(previousText === undefined ? () => rm(path, { force: true }) : () => writeFileAtomic(path, previousText, mode & 0o666));
  }
  return async () => {
    for (const step of undo.reverse()) await step();
    if (policies[0]) await rmdir(dirname(policies[0].path)).catch(() => undefined);
  };
}

/**
 * The policy files `guard install` wrote for a configuration: a guarded entry's `--policy` that is exactly the file
 * install writes for that server's name. A policy the person pointed an entry at themselves is never among them.
 */
export function installedPolicyFiles(document: Record<string, unknown>, configPath: string): string[] {
  const files = new Set<string>();
  for (const { server, entry } of guardedEntries(document)) {
    const file = policyArgument(entry);
    if (file !== undefined && file === policyFilePath(configPath, server)) files.add(file);
  }
  return [...files];
}

/** Removes the policy files install wrote, then their folder when nothing else is in it. */
export async function removePinnedPolicies(files: readonly string[]): Promise<void> {
  for (const file of files) await rm(file, { force: true });
  if (files[0]) await rmdir(dirname(files[0])).catch(() => undefined);
}
