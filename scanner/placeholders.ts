/**
 * Placeholder values shaped to pass a server's format checks, so a server that only has to start and list its
 * tools gets past "invalid key format". Every value is recognisable as a placeholder and never a real credential;
 * the rules are general (a variable's name, a prefix the server's own refusal names), never per product.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { PlaceholderKind } from '../schemas/scan-record.ts';
import { placeholderFor } from './environment.ts';
import { STUB_PORTS } from './stubs/plan.ts';

export interface Placeholder {
  value: string;
  kind: PlaceholderKind;
}

/** The recognisable part of every shaped placeholder (letters and digits only, so it fits any token alphabet). */
const FILL = 'mcpRiskPlaceholder';
/** Where placeholder files and directories named by a variable are created inside the sandbox. */
export const PLACEHOLDER_FILE_DIRECTORY = '/tmp/mcp-risk-placeholders';

/** Pads a prefix with the placeholder marker and zeros to a token-like length. */
export function paddedToken(prefix: string, length = 40): string {
  const body = `${prefix}${FILL}`;
  return body.length >= length ? body : body + '0'.repeat(length - body.length);
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Three base64url parts like a JWT; the signature is not a signature. */
export const JWT_PLACEHOLDER = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub: 'mcp-risk-placeholder', role: 'placeholder', iat: 0, exp: 4_102_444_800 })}.${Buffer.from(FILL).toString('base64url')}`;

// Well-known token shapes, keyed by words in a variable's name: services that check a token's prefix before use.
const TOKEN_SHAPES: readonly [RegExp, string][] = [
  [/GITHUB.*(TOKEN|PAT)|^GH_TOKEN$/, 'ghp_'],
  [/GITLAB.*(TOKEN|PAT)/, 'glpat-'],
  [/SLACK.*USER.*TOKEN/, 'xoxp-'],
  [/SLACK.*APP.*TOKEN/, 'xapp-'],
  [/SLACK.*TOKEN/, 'xoxb-'],
  [/OPENAI.*KEY/, 'sk-'],
  [/ANTHROPIC.*KEY/, 'sk-ant-'],
];

// Connection strings whose scheme a variable's name gives away; each points at loopback, where a stub may answer.
const URL_SCHEMES: readonly [RegExp, string][] = [
  [/REDIS/, `redis://127.0.0.1:${STUB_PORTS.redis}`],
  [/MONGO/, 'mongodb://127.0.0.1:27017/mcp-risk-placeholder'],
  [/POSTGRES|^PG|DATABASE_URL/, 'postgresql://mcp-risk-placeholder:mcp-risk-placeholder@127.0.0.1:5432/mcp-risk-placeholder'],
  [/MYSQL|MARIADB/, 'mysql://mcp-risk-placeholder:mcp-risk-placeholder@127.0.0.1:3306/mcp-risk-placeholder'],
  [/DOCKER/, 'unix:///var/run/docker.sock'],
];

/** A placeholder from a variable's name alone: the shape its name promises, else the plain recognisable one. */
export function placeholderForName(name: string): Placeholder {
  const upper = name.toUpperCase();
  if (/(^|_)(URL|URI|ENDPOINT|BASE_URL|API_BASE)$/.test(upper)) {
    const scheme = URL_SCHEMES.find(([pattern]) => pattern.test(upper));
    return { value: scheme?.[1] ?? `http://127.0.0.1:${STUB_PORTS.http}`, kind: 'url' };
  }
  if (upper === 'DOCKER_HOST') return { value: 'unix:///var/run/docker.sock', kind: 'socket' };
  if (/(^|_)(HOST|HOSTNAME|SERVER)$/.test(upper)) return { value: '127.0.0.1', kind: 'host' };
  if (/(^|_)PORT$/.test(upper)) return { value: String(/REDIS/.test(upper) ? STUB_PORTS.redis : STUB_PORTS.http), kind: 'port' };
  if (/(^|_)(DIR|DIRECTORY|FOLDER)$/.test(upper)) return { value: `${PLACEHOLDER_FILE_DIRECTORY}/${name.toLowerCase()}`, kind: 'directory' };
  if (/(^|_)(FILE|PATH|FILE_PATH|KEYFILE)$/.test(upper) || upper === 'GOOGLE_APPLICATION_CREDENTIALS') {
    return { value: `${PLACEHOLDER_FILE_DIRECTORY}/${name.toLowerCase()}${/CREDENTIAL|KEY|SECRET|TOKEN|JSON|AUTH/.test(upper) ? '.json' : ''}`, kind: 'file' };
  }
  if (/EMAIL/.test(upper)) return { value: 'mcp-risk-placeholder@example.com', kind: 'email' };
  if (/JWT/.test(upper)) return { value: JWT_PLACEHOLDER, kind: 'jwt' };
  const shape = TOKEN_SHAPES.find(([pattern]) => pattern.test(upper));
  if (shape) return { value: paddedToken(shape[1]), kind: 'token' };
  return { value: placeholderFor(name), kind: 'generic' };
}

// "Expected sk_* or rk_*", "must start with 'xoxb-'", "should begin with sk-", "prefixed with `pk_`".
const STAR_PREFIX = /(?<![\w.*])([A-Za-z][A-Za-z0-9]{0,15}[_-])\*/g;
const SAYS_PREFIX = /(?:start|begin)s?(?:ing)? with\s+(?:the prefix\s+)?["'`]?([A-Za-z][A-Za-z0-9]{0,15}[_-])(?=["'`\s.,)]|$)|prefix(?:ed)?(?: with)?\s+["'`]([A-Za-z][A-Za-z0-9_-]{0,15})["'`]/gi;

/** The prefixes a refusal says a key must have, in the order named. */
export function prefixesNamed(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(STAR_PREFIX)) found.push(match[1]!);
  for (const match of text.matchAll(SAYS_PREFIX)) found.push((match[1] ?? match[2])!);
  return [...new Set(found)];
}

/** True when a refusal says a value must be a JWT. */
export function asksForJwt(text: string): boolean {
  return /\bJWT\b|jwt malformed|JSON Web Token/i.test(text);
}

/** True when a refusal says a value must be a URL. */
export function asksForUrl(text: string): boolean {
  return /invalid url|not a valid url|must be a (?:valid )?url|url (?:cannot be empty|is required|must be)|ERR_INVALID_URL/i.test(text);
}

/** A placeholder with the prefix a refusal named. */
export function placeholderWithPrefix(prefix: string): Placeholder {
  return { value: paddedToken(prefix), kind: 'prefixed' };
}

/** A placeholder file the server complained it could not find, created where it looked. */
export interface PlaceholderFile {
  /** An absolute path inside the sandbox. */
  path: string;
  directory?: true;
  content?: string;
}

// "OAuth keys file not found. Please place gcp-oauth.keys.json in current directory", "ENOENT: … open '/home/sandbox/.x/credentials.json'",
// "No config file found at /home/sandbox/.config/tool/default.toml".
const FILE_COMPLAINT = /not found|no such file|ENOENT|does not exist|missing|could not (?:find|read|load)|cannot (?:find|read|load)|please place|no config/i;
const FILE_NAME = /~?(?:\/?[\w.@+-]+\/)*[\w.@+-]*\.(?:json|toml|ya?ml|ini|cfg|conf|pem|key|env)\b/g;
/** Where a sandboxed server can have a file created for it: its own writable places. */
const WRITABLE = /^\/(?:home\/sandbox|tmp|scratch)\//;

/** Placeholder files a failure asks for: file names on a line that says a file is missing. */
export function filesAskedFor(text: string, workingDirectory: string, home: string): PlaceholderFile[] {
  const files = new Map<string, PlaceholderFile>();
  const lines = text.split('\n');
  // A complaint and the three lines after it ("No configuration found.\n…\nor create a config file at: ~/.config/x/config.toml").
  const nearComplaint = lines.filter((_line, index) => lines.slice(Math.max(0, index - 3), index + 1).some((candidate) => FILE_COMPLAINT.test(candidate)));
  for (const line of nearComplaint) {
    const names = [...line.matchAll(FILE_NAME)].map(([name]) => name).filter((name) => !/node_modules|^\/usr\/|\.(?:m|c)?js$/.test(name));
    for (const name of names.slice(0, 3)) {
      const path = name.startsWith('/') ? name : name.startsWith('~/') ? `${home}/${name.slice(2)}` : `${workingDirectory}/${name.replace(/^\.\//, '')}`;
      if (!WRITABLE.test(path) || path.includes('/../')) continue;
      files.set(path, { path, content: placeholderFileContent(path) });
    }
  }
  return [...files.values()].slice(0, 4);
}

/** What a placeholder file holds: for JSON, an OAuth client and token in the common layout; a comment for configuration formats; else nothing. */
export function placeholderFileContent(path: string): string {
  if (/\.json$/i.test(path)) {
    const client = { client_id: 'mcp-risk-placeholder', client_secret: 'mcp-risk-placeholder', redirect_uris: ['http://127.0.0.1'] };
    return `${JSON.stringify({ installed: client, web: client, type: 'authorized_user', client_id: client.client_id, client_secret: client.client_secret, refresh_token: 'mcp-risk-placeholder', access_token: 'mcp-risk-placeholder', token_type: 'Bearer', expiry_date: 4_102_444_800_000 }, null, 2)}\n`;
  }
  if (/\.ya?ml$/i.test(path)) return '# mcp-risk placeholder\n{}\n';
  if (/\.(?:toml|ini|cfg|conf|env)$/i.test(path)) return '# mcp-risk placeholder\n';
  return '';
}

/** How much of a server's entry script is read for the variables it uses. */
const ENTRY_READ_BYTES = 2 * 1024 * 1024;

/**
 * The environment variables a server's entry script reads (`process.env.NAME`, `process.env["NAME"]`), for a refusal
 * that asks for a URL without naming its variable. Never throws: an unreadable script reads nothing.
 */
export function variablesReadBy(script: string): string[] {
  let text = '';
  try {
    const descriptor = openSync(script, 'r');
    try {
      const buffer = Buffer.alloc(ENTRY_READ_BYTES);
      text = buffer.subarray(0, readSync(descriptor, buffer, 0, ENTRY_READ_BYTES, 0)).toString('utf8');
    } finally {
      closeSync(descriptor);
    }
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const match of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]{1,63})\b|\[\s*["'`]([A-Z][A-Z0-9_]{1,63})["'`]\s*\])/g)) names.add((match[1] ?? match[2])!);
  return [...names];
}
