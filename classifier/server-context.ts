import type { Signal } from '../schemas/assessment.ts';
import type { Features } from './features.ts';
import { mentionsMoney, mentionsTrade } from './money-context.ts';

/** What a server deals in, read from all its tools. */
export type Domain = 'money' | 'code' | 'containers' | 'databases' | 'mail' | 'files';

/** The server a tool belongs to, as its siblings show it. */
export interface ServerContext {
  /** Each domain the server deals in, with the sibling tools that show it. */
  domains: Map<Domain, string[]>;
}

/** What one tool shows about its server: its verdict and the features it was read from. */
export interface SiblingReading {
  name: string;
  category: string;
  recognised: boolean;
  features: Features;
}

const DOMAIN_WORDS: [Domain, RegExp][] = [
  ['containers', /\b(?:containers?|pods?|clusters?|kubernetes|k8s|docker|vms?|virtual machines?|sandbox(?:es)?|namespaces?|nodes?)\b/],
  ['databases', /\b(?:databases?|sql|tables?|collections?|schemas?|indexes|indices)\b/],
  ['mail', /\b(?:e-?mails?|mail|inbox|mailbox(?:es)?)\b/],
  ['files', /\b(?:files?|director(?:y|ies)|folders?)\b/],
];

/** The domains one tool shows: money when it is financial or names money or a trade; code when it runs code. */
function domainsOf(reading: SiblingReading): Domain[] {
  const found: Domain[] = [];
  if (reading.category === 'financial' || mentionsMoney(reading.features) || mentionsTrade(reading.features)) found.push('money');
  if (reading.category === 'execute' && reading.recognised) found.push('code');
  for (const [domain, pattern] of DOMAIN_WORDS) if (pattern.test(reading.features.nameAndLead)) found.push(domain);
  return found;
}

/**
 * What a server deals in: a domain two of its tools show (money: see below), or one tool when that tool moves
 * money or runs code (one such tool is enough to make the server's state changes matter).
 */
export function describeServer(readings: readonly SiblingReading[]): ServerContext {
  const shownBy = new Map<Domain, string[]>();
  const strong = new Set<Domain>();
  for (const reading of readings) {
    for (const domain of domainsOf(reading)) {
      const names = shownBy.get(domain) ?? [];
      names.push(reading.name);
      shownBy.set(domain, names);
      if ((domain === 'money' && reading.category === 'financial' && reading.recognised) || domain === 'code') strong.add(domain);
    }
  }
  // Money words are common in passing ("price", "fee", "budget"): a server deals in money when a tool moves it,
  // or when a quarter of its tools, and at least three, name money or a trade.
  const enough = (domain: Domain, count: number) => strong.has(domain) || (domain === 'money' ? count >= 3 && count >= readings.length / 4 : count >= 2);
  const domains = new Map<Domain, string[]>();
  for (const [domain, names] of shownBy) if (enough(domain, names.length)) domains.set(domain, names);
  return { domains };
}

/** Sibling tools that show a domain, the tool itself left out, for a signal's evidence. */
export function siblingsShowing(context: ServerContext, domain: Domain, self: string): string {
  const names = (context.domains.get(domain) ?? []).filter((name) => name !== self);
  const shown = names.slice(0, 4).join(', ');
  return names.length > 4 ? `sibling tools ${shown} (+${names.length - 4} more)` : `sibling tools ${shown}`;
}

/** The signal naming what the server deals in, for the output. */
export function contextSignal(context: ServerContext, self: string): Signal | undefined {
  const domains = [...context.domains.keys()];
  if (domains.length === 0) return undefined;
  const first = domains.find((domain) => (context.domains.get(domain) ?? []).some((name) => name !== self));
  if (!first) return undefined;
  return { id: 'server.context', label: `the server deals in ${domains.join(', ')}`, evidence: siblingsShowing(context, first, self) };
}
