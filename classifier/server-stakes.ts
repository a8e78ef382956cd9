import { SERVER_STAKES_SIGNAL, type Category, type Risk, type Signal } from '../schemas/assessment.ts';
import type { Features } from './features.ts';
import { SCRATCH_WORDS } from './lexicon.ts';
import { siblingsShowing, type ServerContext } from './server-context.ts';
import { stem } from './text.ts';

// Things whose change is harmless wherever they are: the caller's own lists, marks and notes.
const HARMLESS_OBJECTS = new Set(['watchlist', 'alert', 'note', 'tag', 'label', 'bookmark', 'favorite', 'favourite', 'preference', 'reminder', 'memory', 'draft', 'comment', 'view', 'layout', 'theme', 'filter'].map(stem));
// Verbs that bill or commit on a server that sells: renewing, extending or upgrading something paid for.
const COMMITTING = new Set(['renew', 'extend', 'upgrade', 'downgrade', 'register', 'reserve', 'book', 'order', 'activate', 'provision'].map(stem));
// The tool's own text says it handles value or runs code.
const VALUE_WORDS = /\b(?:funds?|money|balances?|amounts?|prices?|quantit(?:y|ies)|qty|positions?|orders?|trades?|wallets?|payments?|invoices?|billing|paid|fees?|costs?|tokens?|coins?|assets?|portfolios?|accounts?)\b/;
const CODE_WORDS = /\b(?:code|commands?|scripts?|execut\w*|shell|terminal|process(?:es)?|programs?|containers?|environments?|sandbox(?:es)?|sessions?|packages?|dependenc(?:y|ies))\b/;

/** Whether the write touches what the server's stakes are: value on a money server, code and its environments on a code server. */
function touchesStakes(features: Features, domain: 'money' | 'code'): boolean {
  const action = features.verbs.find((verb) => verb.role === 'primary') ?? features.verbs.find((verb) => verb.role === 'lead' && verb.sentence === 0);
  if (domain === 'money') {
    return (action !== undefined && COMMITTING.has(action.word.stem)) || VALUE_WORDS.test(features.nameAndLead)
      || features.properties.some((property) => VALUE_WORDS.test(property.name.toLowerCase()));
  }
  return CODE_WORDS.test(features.nameAndLead);
}

/**
 * A state change on a server that moves money or runs code, on what those stakes are made of (value, code, the
 * environments code runs in), unless its text clearly shows it harmless (the caller's scratch state, a watchlist,
 * a note): the default policy asks a person about it.
 */
export function stakesSignal(server: ServerContext, features: Features, category: Category, risk: Risk): Signal | undefined {
  if (category !== 'write' || risk === 'low') return undefined;
  const domain = server.domains.has('money') && touchesStakes(features, 'money') ? 'money' : server.domains.has('code') && touchesStakes(features, 'code') ? 'code' : undefined;
  if (!domain) return undefined;
  const head = features.headNoun;
  if (head && (HARMLESS_OBJECTS.has(head.stem) || SCRATCH_WORDS.has(head.stem))) return undefined;
  return {
    id: SERVER_STAKES_SIGNAL,
    label: `a state change on a server that ${domain === 'money' ? 'moves money' : 'runs code'}: a person should look`,
    evidence: siblingsShowing(server, domain, features.name),
  };
}
