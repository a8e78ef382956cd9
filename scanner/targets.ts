import { stripJsonComments } from '../core/json-comments.ts';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { McpRiskError } from '../core/errors.ts';
import type { TargetKind } from '../schemas/scan-record.ts';
import { looksSecret, type DeclaredVariable } from './environment.ts';
import { isPackageLauncher, launchForCommand, npmLaunch, npxPackage, pythonLaunch } from './launcher-commands.ts';
import { parsePypiTarget } from './python-spec.ts';
import { parseNpmSpec } from './npm-spec.ts';

/** How to reach one server. */
export type Launch =
  | {
      kind: 'npm';
      name: string;
      versionSpec: string;
      nodeArgs: string[];
      args: string[];
      declared: DeclaredVariable[];
      entry?: string;
      /** Host paths the arguments name, shown read-only. */
      readOnlyPaths?: string[];
      /** Protected folders the arguments name: an empty folder stands in at each path. */
      emptyFolders?: string[];
    }
  | {
      kind: 'command';
      command: string;
      args: string[];
      /** Where a relative command resolves. */
      cwd: string;
      declared: DeclaredVariable[];
      /** Host paths the server may read. */
      readOnlyPaths: string[];
      /** Where it starts; an empty scratch directory when not given. */
      workingDirectory?: string;
      /** Folders never shown whole (the home directory, a configuration's folder): a command in one is shown alone. */
      protectedFolders: string[];
      /** Protected folders the arguments name: an empty folder stands in at each path. */
      emptyFolders?: string[];
    }
  | {
      kind: 'pypi';
      name: string;
      /** An exact version, or undefined for the index's newest release. */
      version?: string;
      run: { script: string } | { module: string };
      args: string[];
      declared: DeclaredVariable[];
      /** The index the command line named. */
      indexUrl?: string;
      readOnlyPaths?: string[];
      emptyFolders?: string[];
    }
  | {
      kind: 'container';
      image: string;
      args: string[];
      declared: DeclaredVariable[];
      /** The entry's command line, as the record's detail quotes it when no engine answers. */
      commandLine: string;
    }
  | { kind: 'remote'; url: string; transport: 'auto' | 'streamable-http' | 'sse' }
  | { kind: 'unsupported'; detail: string };

/** One server to scan, as found in what the user asked for. */
export interface ScanJob {
  /** What the user wrote, e.g. `npm:@modelcontextprotocol/server-memory` or `./server.json`. */
  target: string;
  targetKind: TargetKind;
  /** The server's key in a client configuration, or its name in a server.json. */
  serverName?: string;
  launch: Launch;
}

/**
 * A local stdio server given after `--`: the current directory is visible to it read-only. `npx -y PKG ARGS`
 * is the npm package, exactly as in a configuration (the home directory is never shown whole).
 */
export function commandJob(argv: readonly string[], cwd: string, declared: DeclaredVariable[] = []): ScanJob {
  const [command, ...args] = argv;
  if (!command) throw new McpRiskError('usage', 'scan: expected a command after `--`, got nothing.');
  if (npxPackage(command, args) || isPackageLauncher(command, args)) {
    const launch = launchForCommand(command, args, { baseDirectory: cwd, protectedFolders: [homedir()], declared });
    if (launch.kind !== 'command') return { target: argv.join(' '), targetKind: 'command', launch };
  }
  return { target: argv.join(' '), targetKind: 'command', launch: { kind: 'command', command, args, cwd, declared, readOnlyPaths: [cwd], workingDirectory: cwd, protectedFolders: [] } };
}

/**
 * Resolves a target string (`npm:…`, a URL, a server.json or a client configuration) into the servers to scan.
 * `packageArgs` (what followed `--` after `npm:NAME`) are the package server's arguments.
 */
export async function resolveTargets(target: string, cwd: string, packageArgs: readonly string[] = []): Promise<ScanJob[]> {
  if (target.startsWith('npm:')) {
    const spec = parseNpmSpec(target.slice(4));
    if (!spec) {
      throw new McpRiskError('usage', `scan: expected npm:NAME[@VERSION] with a valid package name, got "${target}".`, {
        hint: 'For example: npm:@modelcontextprotocol/server-memory@latest',
      });
    }
    return [{ target, targetKind: 'npm', launch: npmLaunch(spec, packageArgs, { baseDirectory: cwd, protectedFolders: [homedir()], declared: [] }) }];
  }
  if (target.startsWith('pypi:')) {
    const spec = parsePypiTarget(target.slice(5));
    if (!spec) throw new McpRiskError('usage', `scan: expected pypi:NAME[@VERSION] with a valid Python package name and an exact version, got "${target}".`, { hint: 'For example: pypi:mcp-server-fetch@2025.4.7' });
    return [{ target, targetKind: 'pypi', launch: pythonLaunch({ ...spec, args: [...packageArgs] }, { baseDirectory: cwd, protectedFolders: [homedir()], declared: [] }) }];
  }
  if (packageArgs.length) throw new McpRiskError('usage', `scan: arguments after \`--\` follow a package target (npm:NAME -- ARGS) or stand alone (-- COMMAND), got "${target}" with them.`);
  if (/^https?:\/\//i.test(target)) {
    if (!URL.canParse(target)) throw new McpRiskError('usage', `scan: expected a valid URL, got "${target}".`);
    return [{ target, targetKind: 'url', launch: { kind: 'remote', url: target, transport: 'auto' } }];
  }
  const path = isAbsolute(target) ? target : resolve(cwd, target);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    // No such file: the argument is none of the target forms, which is bad usage (exit 2); a file that
    // exists but cannot be read is an I/O failure (exit 3).
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const looksLikePackage = missing && !target.startsWith('.') && !target.startsWith('/') && !/\.json$/i.test(target) && parseNpmSpec(target) !== undefined;
    throw new McpRiskError(missing ? 'usage' : 'io', `scan: expected npm:NAME, an http(s) URL, a server.json or a client configuration file, got "${target}", which is ${missing ? 'not a file' : 'not a readable file'}.`, {
      hint: looksLikePackage ? `To scan the npm package, write npm:${target}. To scan a local command, put it after \`--\`: mcp-risk scan -- node server.js` : 'To scan a local command, put it after `--`: mcp-risk scan -- node server.js',
      cause: error,
    });
  }
  let document: unknown;
  try {
    document = JSON.parse(stripJsonComments(text));
  } catch (error) {
    throw new McpRiskError('input', `scan: expected JSON in ${target}, got a parse error: ${(error as Error).message}`, { cause: error });
  }
  if (typeof document === 'object' && document !== null) {
    if ('packages' in document || 'remotes' in document) return jobsFromServerJson(target, document);
    if ('mcpServers' in document || 'servers' in document) return jobsFromClientConfig(target, document, dirname(path));
  }
  throw new McpRiskError('input', `scan: expected a server.json with \`packages\` or \`remotes\`, or a client configuration with \`mcpServers\` or \`servers\`, got neither in ${target}.`, {
    hint: 'See docs/scanning.md for the target formats.',
  });
}

// server.json, official MCP registry format (only the fields the scanner uses; the rest passes through).
const ArgumentSchema = z.looseObject({
  type: z.enum(['positional', 'named']).optional(),
  name: z.string().optional(),
  value: z.string().optional(),
  default: z.string().optional(),
  valueHint: z.string().optional(),
  isRequired: z.boolean().optional(),
});
const EnvironmentVariableSchema = z.looseObject({
  name: z.string(),
  value: z.string().optional(),
  default: z.string().optional(),
  isRequired: z.boolean().optional(),
  isSecret: z.boolean().optional(),
});
const PackageSchema = z.looseObject({
  registryType: z.string(),
  identifier: z.string(),
  /** Not in the registry's format: a script in the package to run when the MCP server is not its bin (relative, no `..`). */
  entry: z.string().regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[\w@+.\/-]{1,200}\.(?:c|m)?js$/).optional(),
  version: z.string().optional(),
  transport: z.looseObject({ type: z.string() }).optional(),
  runtimeArguments: z.array(ArgumentSchema).optional(),
  packageArguments: z.array(ArgumentSchema).optional(),
  environmentVariables: z.array(EnvironmentVariableSchema).optional(),
});
const RemoteSchema = z.looseObject({ type: z.string(), url: z.string() });
const ServerJsonSchema = z.looseObject({
  name: z.string().optional(),
  packages: z.array(z.unknown()).optional(),
  remotes: z.array(z.unknown()).optional(),
});

function argumentValues(argumentList: readonly z.infer<typeof ArgumentSchema>[] = []): string[] {
  const values: string[] = [];
  for (const argument of argumentList) {
    const value = argument.value ?? argument.default ?? (argument.isRequired ? `mcp-risk-placeholder-${argument.valueHint ?? argument.name ?? 'value'}` : undefined);
    if (argument.type === 'named' && argument.name) {
      values.push(argument.name);
      if (value !== undefined) values.push(value);
    } else if (value !== undefined) {
      values.push(value);
    }
  }
  return values;
}

function jobsFromServerJson(target: string, document: object): ScanJob[] {
  const parsed = ServerJsonSchema.safeParse(document);
  if (!parsed.success) throw new McpRiskError('input', `scan: expected a server.json in ${target}: ${z.prettifyError(parsed.error)}`);
  const serverName = parsed.data.name;
  const jobs: ScanJob[] = [];
  const base = { target, targetKind: 'server-json' as const, ...(serverName !== undefined && { serverName }) };
  parsed.data.packages?.forEach((entry, index) => {
    const item = PackageSchema.safeParse(entry);
    if (!item.success) {
      jobs.push({ ...base, launch: { kind: 'unsupported', detail: `packages[${index}] is not a valid package entry: ${z.prettifyError(item.error).split('\n')[0]}` } });
      return;
    }
    const entryValue = item.data;
    if (entryValue.registryType !== 'npm') {
      jobs.push({ ...base, launch: { kind: 'unsupported', detail: `packages[${index}] is a ${entryValue.registryType} package (${entryValue.identifier}); only npm packages can be scanned so far.` } });
      return;
    }
    const transport = entryValue.transport?.type ?? 'stdio';
    const spec = parseNpmSpec(`${entryValue.identifier}${entryValue.version ? `@${entryValue.version}` : ''}`);
    if (transport !== 'stdio' || !spec) {
      const detail = !spec ? `packages[${index}] has an invalid npm name or version "${entryValue.identifier}@${entryValue.version ?? ''}".` : `packages[${index}] uses the ${transport} transport; only stdio packages can be launched so far.`;
      jobs.push({ ...base, launch: { kind: 'unsupported', detail } });
      return;
    }
    const declared: DeclaredVariable[] = (entryValue.environmentVariables ?? []).map((variable) => {
      const value = variable.isSecret ? undefined : (variable.value ?? variable.default);
      return { name: variable.name, isSecret: variable.isSecret ?? false, isRequired: variable.isRequired ?? false, ...(value !== undefined && { value }) };
    });
    jobs.push({
      ...base,
      launch: { kind: 'npm', ...spec, nodeArgs: argumentValues(entryValue.runtimeArguments), args: argumentValues(entryValue.packageArguments), declared, ...(entryValue.entry !== undefined && { entry: entryValue.entry }) },
    });
  });
  parsed.data.remotes?.forEach((entry, index) => {
    const item = RemoteSchema.safeParse(entry);
    if (!item.success || !/^https?:\/\//i.test(item.data.url) || !URL.canParse(item.data.url)) {
      jobs.push({ ...base, launch: { kind: 'unsupported', detail: `remotes[${index}] has no valid http(s) url.` } });
      return;
    }
    const transport = item.data.type === 'sse' ? 'sse' : item.data.type === 'streamable-http' ? 'streamable-http' : 'auto';
    jobs.push({ ...base, launch: { kind: 'remote', url: item.data.url, transport } });
  });
  if (jobs.length === 0) throw new McpRiskError('input', `scan: expected at least one entry in \`packages\` or \`remotes\` of ${target}, got none.`);
  return jobs;
}

const ClientServerSchema = z.looseObject({
  type: z.string().optional(),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.unknown()).optional(),
  url: z.string().optional(),
  cwd: z.string().optional(),
});

function jobsFromClientConfig(target: string, document: object, configDirectory: string): ScanJob[] {
  const record = document as { mcpServers?: unknown; servers?: unknown };
  const servers = { ...asObject(record.servers), ...asObject(record.mcpServers) };
  const jobs: ScanJob[] = [];
  for (const [serverName, entry] of Object.entries(servers)) {
    const base = { target, targetKind: 'client-config' as const, serverName };
    const parsed = ClientServerSchema.safeParse(entry);
    if (!parsed.success) {
      jobs.push({ ...base, launch: { kind: 'unsupported', detail: `server "${serverName}" is not a valid entry: ${z.prettifyError(parsed.error).split('\n')[0]}` } });
      continue;
    }
    const server = parsed.data;
    // The configuration's values may be real secrets: the server gets placeholders, and the record shows only those.
    const declared: DeclaredVariable[] = Object.keys(server.env ?? {}).map((name) => ({ name, isSecret: looksSecret(name), isRequired: true }));
    if (server.url !== undefined) {
      const transport = server.type === 'sse' ? 'sse' : server.type === 'http' || server.type === 'streamable-http' ? 'streamable-http' : 'auto';
      const valid = /^https?:\/\//i.test(server.url) && URL.canParse(server.url);
      jobs.push({ ...base, launch: valid ? { kind: 'remote', url: server.url, transport } : { kind: 'unsupported', detail: `server "${serverName}" has an invalid url.` } });
      continue;
    }
    if (server.command === undefined) {
      jobs.push({ ...base, launch: { kind: 'unsupported', detail: `server "${serverName}" has neither a command nor a url.` } });
      continue;
    }
    // Never the configuration's folder (it holds the config's real env values) nor the home directory as a whole.
    const baseDirectory = server.cwd === undefined ? configDirectory : resolve(configDirectory, server.cwd);
    const context = { baseDirectory, protectedFolders: [configDirectory, homedir()], declared, ...(server.cwd !== undefined && { cwd: baseDirectory }) };
    jobs.push({ ...base, launch: launchForCommand(server.command, server.args ?? [], context) });
  }
  if (jobs.length === 0) throw new McpRiskError('input', `scan: expected at least one server under \`mcpServers\` or \`servers\` in ${target}, got none.`);
  return jobs;
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
