import { deriveServerKey } from '../../policy/server-key.ts';
import type { Category, Risk } from '../../schemas/assessment.ts';
import type { ServerFile } from '../../schemas/catalogue.ts';
import type { PolicyAction } from '../../schemas/policy.ts';
import type { ScanStatus } from '../../schemas/scan-record.ts';

/** What each category means, in one line (the full rules are on the methodology page). */
export const CATEGORY_SUMMARY: Record<Category, string> = {
  read: 'only reads: gets, lists, searches, fetches',
  write: 'creates, changes or sends something that can be undone',
  execute: 'runs code or commands the caller supplies',
  destructive: 'permanently removes or overwrites data or resources',
  financial: 'moves money or value, or commits its owner to pay',
};

/** What each risk level means, in one line. */
export const RISK_SUMMARY: Record<Risk, string> = {
  low: 'a normal call cannot hurt: reads of non-sensitive data',
  medium: 'a call changes or exposes something, and can be undone or is limited',
  high: 'a call can do lasting harm or reach private data; a person should approve it',
  critical: 'a call can destroy, run arbitrary code or spend money; deny by default',
};

/** The recommended policy's action as a person reads it: `approve` means the client asks before each call. */
export const ACTION_LABEL: Record<PolicyAction, string> = {
  allow: 'allow',
  approve: 'ask',
  deny: 'deny',
};

export const STATUS_LABEL: Record<ScanStatus, string> = {
  ok: 'scanned',
  needs_credentials: 'needs credentials',
  timeout: 'timed out',
  crashed: 'crashed',
  protocol_error: 'protocol error',
  install_failed: 'install failed',
  unsupported: 'unsupported',
  auth_required: 'needs sign-in',
  unreachable: 'unreachable',
};

/** `2026-11-03` from an ISO timestamp; the raw text when it is not one. */
export function formatDate(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : iso;
}

export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;
const INVISIBLE_TEST = /[\p{Cf}\u2028\u2029\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** True when text holds characters a reader cannot see (zero-width, bidi overrides, controls other than tab and newline). */
export function hasInvisibleCharacters(text: string): boolean {
  return INVISIBLE_TEST.test(text);
}

/** The text with every invisible or control character shown as `\u{…}`, tabs and newlines kept. */
export function revealInvisibleCharacters(text: string): string {
  return text.replace(INVISIBLE, (char) => (char === '\n' || char === '\t' || char === '\r' ? char : `\\u{${char.codePointAt(0)!.toString(16)}}`));
}

/** Cuts long text at `max` characters; says how much was left out so a cut text never looks whole. */
export function capText(text: string, max: number): { text: string; omitted: number } {
  if (text.length <= max) return { text, omitted: 0 };
  return { text: text.slice(0, max), omitted: text.length - max };
}

/** Pretty JSON, capped (input schemas can be very large). */
export function prettyJson(value: unknown, max: number): { text: string; omitted: number } {
  return capText(JSON.stringify(value, null, 2) ?? 'null', max);
}

/** How many characters of a name the pages show; the whole name is in the scan record (and on the tool page when it fits). */
export const NAME_DISPLAY_LIMIT = 120;

/** A name cut for display, with `…` when cut, so a 10,000-character name cannot fill a page. */
export function displayName(name: string, max = NAME_DISPLAY_LIMIT): string {
  return name.length <= max ? name : `${name.slice(0, max - 1)}…`;
}

/** A description's first line or sentence, cut to `max` characters, for one table cell. */
export function shortDescription(text: string | undefined, max = 90): string {
  if (!text) return '';
  const line = text.trim().split(/\n|(?<=[.!?])\s/, 1)[0] ?? '';
  const oneLine = line.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * Pieces of an identifier with a break allowed after `_`, `-`, `.`, `/` and `:`, so a long name
 * wraps at its own separators instead of inside a word. Pages render a `<wbr>` between pieces.
 */
export function identifierPieces(text: string): string[] {
  return text.split(/(?<=[_\-./:@])/);
}

/** Whether a message has a `code` span to render (most do not, and skipping the component is cheaper). */
export function hasCode(text: string): boolean {
  return text.includes('`');
}

/** Text with `code` spans, for messages the project writes with backticks: pieces to render as text or code. */
export function codeSpans(text: string): { text: string; code: boolean }[] {
  const pieces: { text: string; code: boolean }[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) pieces.push({ text: text.slice(last, match.index), code: false });
    pieces.push({ text: match[1]!, code: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ text: text.slice(last), code: false });
  return pieces;
}

/**
 * An address fit for a link: http or https only (a `git+https://…` or `….git` repository address is
 * cleaned first). Anything else (javascript:, data:, ssh, relative paths) gives undefined and is shown as text.
 */
export function linkableUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const cleaned = text.trim().replace(/^git\+/, '').replace(/^git:\/\//, 'https://');
  let url: URL;
  try {
    url = new URL(cleaned);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password) return undefined;
  url.pathname = url.pathname.replace(/\.git$/, '');
  return url.toString();
}

const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** The npm registry page of a package, when the name is a valid npm name. */
export function npmPackageUrl(name: string): string | undefined {
  return name.length <= 214 && NPM_NAME.test(name) ? `https://www.npmjs.com/package/${name}` : undefined;
}

/**
 * How to run the server the way it was scanned, when it came from npm: under the same server key
 * the policy exports use (deriveServerKey), with a placeholder for every variable it needs.
 */
export function installSnippet(file: ServerFile): { key: string; command: string; config: string; variables: string[] } | undefined {
  if (!file.package) return undefined;
  const spec = `${file.package.name}@${file.package.version}`;
  const key = deriveServerKey(file);
  const variables = file.environment.filter((variable) => variable.isRequired || variable.requested).map((variable) => variable.name);
  const env = Object.fromEntries(variables.map((name) => [name, `<${name}>`]));
  const entry = { command: 'npx', args: ['-y', spec], ...(variables.length && { env }) };
  return { key, command: `${variables.map((name) => `${name}=<${name}> `).join('')}npx -y ${spec}`, config: JSON.stringify({ mcpServers: { [key]: entry } }, null, 2), variables };
}
