/**
 * Which stub services a server gets, and how they get into its sandbox: the sandbox's entry becomes
 * `node launcher.mjs CONFIG -- SERVER…`, which starts the stubs on loopback inside the server's own network
 * namespace, creates placeholder files, then runs the server with the same stdin and stdout.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxSpec } from '../sandbox.ts';
import { pathExists } from '../../core/path-exists.ts';

/** A stub service: a Docker Engine API, a Redis, or an HTTP server answering 200 {}. */
export type StubService = 'docker' | 'redis' | 'http';

/** Where stubs listen inside the sandbox. Fixed: each sandbox has its own loopback, so nothing collides. */
export const STUB_PORTS = { http: 18080, redis: 6379 } as const;
export const DOCKER_SOCKET = '/var/run/docker.sock';

/** One stub to start: its service and a port or a unix socket path. */
export interface StubListener {
  service: StubService;
  listen: number | string;
}

/** The launcher and the stub services it starts, copied together into the cache. */
export const LAUNCHER_FILES = ['launcher.mjs', 'docker.mjs', 'http.mjs', 'redis.mjs', 'hosts'];
const SOURCE_DIRECTORY = fileURLToPath(new URL('.', import.meta.url));

/** Stubs a server's declared variables or arguments point at. */
export function stubsForStart(variableNames: readonly string[], args: readonly string[]): StubListener[] {
  const names = variableNames.join(' ').toUpperCase();
  const argv = args.join(' ');
  const stubs: StubListener[] = [];
  if (/\bDOCKER_/.test(names) || /docker\.sock/.test(argv)) stubs.push({ service: 'docker', listen: DOCKER_SOCKET });
  if (/REDIS/.test(names) || /\bredis(?:s)?:\/\//.test(argv)) stubs.push({ service: 'redis', listen: STUB_PORTS.redis });
  if (/(?:^|_)(?:URL|URI|ENDPOINT|BASE_URL|API_BASE)(?:\s|$)/.test(`${names} `) && !/REDIS_URL/.test(names)) stubs.push({ service: 'http', listen: STUB_PORTS.http });
  return stubs;
}

// What a server prints when it finds no daemon, no Redis, or nothing on a local port.
const NO_DOCKER = /docker\.sock|docker daemon|cannot connect to (?:the )?docker|is the docker daemon running|docker (?:is )?not (?:running|available)|DOCKER_HOST/i;
const NO_REDIS = /redis[^\n]{0,200}(?:ECONNREFUSED|EAI_AGAIN|ENOTFOUND|connection (?:refused|closed|failed)|connect)|(?:127\.0\.0\.1|localhost):6379/i;
const REFUSED_PORT = /(?:ECONNREFUSED|connect ECONNREFUSED) (?:127\.0\.0\.1|::1|\[::1\]|localhost):(\d{2,5})/g;
/** A name lookup of localhost failed: the sandbox has no /etc/hosts until stubs are on. */
export const LOCALHOST_UNRESOLVED = /(?:EAI_AGAIN|ENOTFOUND|getaddrinfo)[^\n]{0,40}\blocalhost\b/i;

/** Stubs a failed launch asks for: a missing daemon, a Redis, a refused local port. */
export function stubsForFailure(text: string): StubListener[] {
  const stubs: StubListener[] = [];
  if (NO_DOCKER.test(text)) stubs.push({ service: 'docker', listen: DOCKER_SOCKET });
  if (NO_REDIS.test(text)) stubs.push({ service: 'redis', listen: STUB_PORTS.redis });
  for (const [, port] of text.matchAll(REFUSED_PORT)) {
    const number = Number(port);
    if (number === STUB_PORTS.redis) stubs.push({ service: 'redis', listen: number });
    else if (number === 2375 || number === 2376) stubs.push({ service: 'docker', listen: number });
    else if (number >= 1024 && number <= 65535) stubs.push({ service: 'http', listen: number });
  }
  return stubs;
}

/** Adds stubs not already listening at the same place; true when anything was added. */
export function addStubs(into: StubListener[], more: readonly StubListener[]): boolean {
  let added = false;
  for (const stub of more) {
    if (into.some((existing) => existing.listen === stub.listen)) continue;
    into.push(stub);
    added = true;
  }
  return added;
}

/** What the launcher sets up before it runs the server. */
export interface LauncherConfig {
  stubs: StubListener[];
  files: { path: string; content?: string; directory?: true }[];
}

/**
 * Copies the launcher and stubs into the cache (once per content), where the sandbox's unprivileged user can read
 * them whatever folder the project lives in; returns the launcher's path.
 */
export async function installLauncher(cacheDirectory: string): Promise<string> {
  const sources = await Promise.all(LAUNCHER_FILES.map(async (name) => [name, await readFile(join(SOURCE_DIRECTORY, name), 'utf8')] as const));
  const hash = createHash('sha256');
  for (const [name, text] of sources) hash.update(`${name}\0${text}\0`);
  const directory = join(cacheDirectory, 'launcher', hash.digest('hex').slice(0, 16));
  const launcher = join(directory, 'launcher.mjs');
  if (await pathExists(join(directory, '.complete'))) return launcher;
  const temporary = `${directory}.tmp-${randomBytes(6).toString('hex')}`;
  await mkdir(temporary, { recursive: true, mode: 0o755 });
  try {
    for (const [name, text] of sources) await writeFile(join(temporary, name), text, { mode: 0o644 });
    await writeFile(join(temporary, '.complete'), '');
    await rename(temporary, directory).catch(async (error: unknown) => {
      if (!(await pathExists(join(directory, '.complete')))) throw error;
    });
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
  return launcher;
}

/** The spec with its command run through the launcher, which the sandbox then gives a /var/run and an /etc/hosts. */
export function wrapInLauncher(spec: SandboxSpec, launcher: string, config: LauncherConfig, node = process.execPath): SandboxSpec {
  const directory = launcher.slice(0, launcher.lastIndexOf('/'));
  return {
    ...spec,
    command: node,
    args: [launcher, JSON.stringify(config), '--', spec.command, ...spec.args],
    readOnlyPaths: [...spec.readOnlyPaths, directory],
    // `localhost` must resolve to the sandbox's own loopback, where the stubs listen.
    stubs: { hostsFile: join(directory, 'hosts') },
  };
}
