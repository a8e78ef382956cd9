import type { Category, Risk } from '../../schemas/assessment.ts';
import type { ServerFile } from '../../schemas/catalogue.ts';
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

/** How to run the server the way it was scanned, when it came from npm. */
export function installSnippet(file: ServerFile): { command: string; config: string } | undefined {
  if (!file.package) return undefined;
  const spec = `${file.package.name}@${file.package.version}`;
  const name = (file.server?.name || file.package.name.replace(/^@[^/]+\//, '')).replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 40) || 'server';
  const env = Object.fromEntries(file.environment.filter((variable) => variable.isRequired).map((variable) => [variable.name, `<${variable.name}>`]));
  const entry = { command: 'npx', args: ['-y', spec], ...(Object.keys(env).length && { env }) };
  return { command: `npx -y ${spec}`, config: JSON.stringify({ mcpServers: { [name]: entry } }, null, 2) };
}
