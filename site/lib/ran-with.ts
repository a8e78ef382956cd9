import type { RanWith, ScanStatus } from '../../schemas/scan-record.ts';

const STUB_NAMES: Record<RanWith['stubs'][number]['service'], string> = { docker: 'a stub Docker daemon', redis: 'a stub Redis', http: 'a stub HTTP service' };
const CREDENTIAL_KINDS = new Set(['generic', 'prefixed', 'token', 'jwt', 'email']);

/**
 * One line saying what a server ran against when it was not just itself ("listed with placeholder credentials and a
 * stub Docker daemon"); undefined when it ran on the scanner's Node with nothing added.
 */
export function describeRanWith(ranWith: RanWith | undefined, status: ScanStatus): string | undefined {
  if (!ranWith) return undefined;
  const parts: string[] = [];
  if (ranWith.placeholders.some((placeholder) => CREDENTIAL_KINDS.has(placeholder.kind))) parts.push('placeholder credentials');
  if (ranWith.placeholders.some((placeholder) => placeholder.kind === 'url' || placeholder.kind === 'host' || placeholder.kind === 'port')) parts.push('placeholder addresses on its own loopback');
  if (ranWith.files.length || ranWith.placeholders.some((placeholder) => placeholder.kind === 'file' || placeholder.kind === 'directory')) parts.push('placeholder files');
  for (const service of new Set(ranWith.stubs.map((stub) => stub.service))) parts.push(STUB_NAMES[service]);
  if (ranWith.node?.source === 'npm-registry') parts.push(`Node ${ranWith.node.version}`);
  if (!parts.length) return undefined;
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  const launches = ranWith.attempts.length > 1 ? ` (${ranWith.attempts.length} launches)` : '';
  return `${status === 'ok' ? 'listed' : 'tried'} with ${list}${launches}`;
}
