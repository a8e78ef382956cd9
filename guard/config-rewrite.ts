import { basename } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** How a configuration runs the guard: `node /path/to/bin/mcp-risk.js guard`. */
export interface GuardCommand {
  command: string;
  /** Up to and including `guard`. */
  args: string[];
}

/**
 * The variable a rewritten remote entry keeps its URL, transport type and headers in, so none of them is in `args`
 * (a process list shows argv to every local user, and a URL may carry a key).
 */
export const REMOTE_VARIABLE = 'MCP_RISK_GUARD_REMOTE';

export interface Rewrite {
  /** The configuration after the change (the input is not modified). */
  document: Record<string, unknown>;
  /** Servers that changed, as `path: name` (e.g. `mcpServers: github`). */
  changed: string[];
  /** Servers left as they were, with why. */
  skipped: { server: string; why: string }[];
  /** The entries as written, for checking that each guard starts. */
  written: { server: string; entry: Record<string, unknown> }[];
}

/** Extra guard options for one server (its own policy, the variables its sandbox may pass on). */
export type ExtraArgs = readonly string[] | ((name: string, entry: Record<string, unknown>) => readonly string[]);

/** The guard option that reads the remote server's URL and headers from {@link REMOTE_VARIABLE}. */
export const UPSTREAM_FROM_ENVIRONMENT = '--upstream-env';

type Entry = Record<string, unknown>;
type Servers = Record<string, unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every place a server list lives in the supported configurations: `mcpServers` (Claude Desktop, Claude Code's
 * `.mcp.json`, Cursor), `servers` (VS Code's `mcp.json`), `mcp.servers` (VS Code's settings.json) and
 * `projects.<dir>.mcpServers` (Claude Code's `~/.claude.json`).
 */
function serverLists(document: Record<string, unknown>): { path: string; servers: Servers }[] {
  const lists: { path: string; servers: Servers }[] = [];
  if (isObject(document.mcpServers)) lists.push({ path: 'mcpServers', servers: document.mcpServers });
  if (isObject(document.servers)) lists.push({ path: 'servers', servers: document.servers });
  if (isObject(document.mcp) && isObject(document.mcp.servers)) lists.push({ path: 'mcp.servers', servers: document.mcp.servers });
  if (isObject(document.projects)) {
    for (const [directory, project] of Object.entries(document.projects)) {
      if (isObject(project) && isObject(project.mcpServers)) lists.push({ path: `projects.${directory}.mcpServers`, servers: project.mcpServers });
    }
  }
  return lists;
}

/** True when an entry already runs through the guard (`… mcp-risk[.js] guard … -- …` or `… --upstream URL`). */
export function isGuarded(entry: Entry): boolean {
  const args = Array.isArray(entry.args) ? entry.args : [];
  const guardAt = args.indexOf('guard');
  if (guardAt === -1) return false;
  const launcher = [entry.command, ...args.slice(0, guardAt)].some((part) => typeof part === 'string' && /^mcp-risk(\.js)?$/.test(basename(part)));
  return launcher && (args.includes('--') || args.includes('--upstream') || args.includes(UPSTREAM_FROM_ENVIRONMENT));
}

/** The entry with some keys set (undefined removes one), keeping the order of the keys it had, so diffs stay small. */
function withKeys(entry: Entry, values: Record<string, unknown>): Entry {
  const result: Entry = {};
  for (const [key, value] of Object.entries(entry)) {
    if (!(key in values)) result[key] = value;
    else if (values[key] !== undefined) result[key] = values[key];
  }
  for (const [key, value] of Object.entries(values)) if (!(key in entry) && value !== undefined) result[key] = value;
  return result;
}

function wrap(name: string, entry: Entry, guard: GuardCommand, extraArgs: ExtraArgs): Entry | string {
  // One argument, `--server-key=NAME`: a server named `-v` or `--` must not read as an option.
  const own = [...guard.args, `--server-key=${name}`, ...(typeof extraArgs === 'function' ? extraArgs(name, entry) : extraArgs)];
  if (typeof entry.url === 'string') {
    if (entry.type === 'sse') return 'an SSE server; the guard speaks Streamable HTTP only';
    const { url, headers, type } = entry;
    const remote = { url, ...(type !== undefined && { type }), ...(headers !== undefined && { headers }) };
    return withKeys(entry, {
      type: type === undefined ? undefined : 'stdio',
      url: undefined,
      headers: undefined,
      command: guard.command,
      args: [...own, UPSTREAM_FROM_ENVIRONMENT],
      env: { ...(isObject(entry.env) ? entry.env : {}), [REMOTE_VARIABLE]: JSON.stringify(remote) },
    });
  }
  if (typeof entry.command !== 'string') return 'neither a command nor a url';
  const args = Array.isArray(entry.args) ? entry.args : [];
  return withKeys(entry, { command: guard.command, args: [...own, '--', entry.command, ...args] });
}

function unwrap(entry: Entry): Entry | string {
  const args = (entry.args as unknown[]).map(String);
  const separator = args.indexOf('--');
  if (separator !== -1) {
    const [command, ...rest] = args.slice(separator + 1);
    if (command === undefined) return 'nothing after `--`';
    return withKeys(entry, { command, args: rest.length ? rest : undefined });
  }
  const env = isObject(entry.env) ? { ...entry.env } : {};
  let remote: { url?: unknown; type?: unknown; headers?: unknown } = {};
  try {
    remote = JSON.parse(String(env[REMOTE_VARIABLE] ?? '{}')) as typeof remote;
  } catch {
    // Unreadable: restore the URL alone.
  }
  // Installs before the URL moved to the environment kept it after `--upstream`.
  const upstream = args.includes('--upstream') ? args[args.indexOf('--upstream') + 1] : typeof remote.url === 'string' ? remote.url : undefined;
  if (upstream === undefined) return `no URL after \`--upstream\` or in ${REMOTE_VARIABLE}`;
  delete env[REMOTE_VARIABLE];
  return withKeys(entry, {
    type: remote.type,
    command: undefined,
    args: undefined,
    url: upstream,
    headers: remote.headers,
    env: Object.keys(env).length ? env : undefined,
  });
}

function rewrite(document: Record<string, unknown>, change: (name: string, entry: Entry) => Entry | string | undefined): Rewrite {
  const copy = structuredClone(document);
  const result: Rewrite = { document: copy, changed: [], skipped: [], written: [] };
  for (const { path, servers } of serverLists(copy)) {
    for (const [name, entry] of Object.entries(servers)) {
      const label = `${path}: ${name}`;
      if (!isObject(entry)) {
        result.skipped.push({ server: label, why: 'not an object' });
        continue;
      }
      const changed = change(name, entry);
      if (changed === undefined) continue;
      if (typeof changed === 'string') result.skipped.push({ server: label, why: changed });
      else {
        servers[name] = changed;
        result.changed.push(label);
        result.written.push({ server: name, entry: changed });
      }
    }
  }
  return result;
}

/**
 * Puts every server of a configuration behind the guard, keeping its name, env, args and other keys. A server
 * already behind the guard is written again from its original entry (so a re-run applies new options, such as a
 * pinned policy it did not have), and left alone when that gives the entry it has.
 */
export function installGuard(document: Record<string, unknown>, guard: GuardCommand, extraArgs: ExtraArgs = []): Rewrite {
  return rewrite(document, (name, entry) => {
    if (!isGuarded(entry)) return wrap(name, entry, guard, extraArgs);
    const original = unwrap(entry);
    if (typeof original === 'string') return `behind the guard, but its entry cannot be read back: ${original}`;
    const again = wrap(name, original, guard, extraArgs);
    return typeof again === 'string' || isDeepStrictEqual(again, entry) ? 'already behind the guard' : again;
  });
}

/** The policy file a guarded entry runs with (`--policy FILE` or `--policy=FILE`), if any. */
export function policyArgument(entry: Entry): string | undefined {
  const args = Array.isArray(entry.args) ? entry.args.map(String) : [];
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  for (let index = 0; index < end; index++) {
    if (args[index] === '--policy') return args[index + 1];
    if (args[index]!.startsWith('--policy=')) return args[index]!.slice('--policy='.length);
  }
  return undefined;
}

/** Every server entry of a configuration that runs behind the guard, by name, in every server list. */
export function guardedEntries(document: Record<string, unknown>): { server: string; entry: Entry }[] {
  return serverLists(document).flatMap(({ servers }) => Object.entries(servers).filter((pair): pair is [string, Entry] => isObject(pair[1]) && isGuarded(pair[1])).map(([server, entry]) => ({ server, entry })));
}

/** Takes every server of a configuration back out from behind the guard, as it was before `installGuard`. */
export function uninstallGuard(document: Record<string, unknown>): Rewrite {
  return rewrite(document, (_name, entry) => (isGuarded(entry) ? unwrap(entry) : undefined));
}

/** True when the document has a server list the guard knows. */
export function hasServerLists(document: Record<string, unknown>): boolean {
  return serverLists(document).length > 0;
}
