import { type CategoryEvidence, type CategoryRule } from '../evidence.ts';
import { MAYBE_MONEY_NOUNS, MONEY_NOUNS } from '../lexicon.ts';
import { mentionsMoney, mentionsTrade } from '../money-context.ts';
import { stem } from '../text.ts';

// Verbs that make the named thing happen: "create_refund", "submit_order", "execute a swap".
const MAKING_VERBS = new Set(['create', 'make', 'send', 'issue', 'submit', 'place', 'initiate', 'process', 'confirm', 'capture', 'complete', 'new', 'execute', 'exec', 'authorize', 'accept', 'collect'].map(stem));
// Changing a live order or a billing plan commits money as much as placing it does.
const CHANGING_VERBS = new Set(['change', 'modify', 'update', 'amend', 'replace', 'edit', 'upgrade', 'downgrade'].map(stem));
// A transaction that is sent, signed or broadcast moves value; one that is recorded or committed in a database does not.
const TRANSACTION_VERBS = new Set(['send', 'sign', 'broadcast', 'submit'].map(stem));

// Set up now, paid later.
const PREPARED = /\b(?:payment|checkout)\s+(?:page\s+)?(?:links?|pages?|urls?|buttons?|forms?)\b|\bdrafts?\b|\bquotes?\b|\bestimates?\b/;
// Reaching something that charges per use: the call itself pays.
const PAYS_FOR_ACCESS = /\b(?:fetch|fetches|access|accesses|call|calls|request|requests|get|gets|buy|buys|unlock|unlocks)\s+(?:an?\s+|the\s+)?paid\s+(?:resources?|content|endpoints?|apis?|requests?|urls?|services?)\b|\bpays?\s+(?:for|to access)\s+(?:an?\s+|the\s+)?(?:resources?|content|endpoints?|apis?|requests?|urls?|access)\b/;
// An order that buys something.
const BUYS = /\b(?:buy|buys|purchase|purchases|pay|pays|swap|swaps|trade|trades)\b/;

/** Money moved by creating or changing a payment-like object: the verb is generic, the noun is money. */
export const moneyRule: CategoryRule = {
  id: 'money',
  title: 'Creating payments, refunds, transfers and orders',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    // Every match holds "paid" or "pay": most tools are dismissed without running the pattern.
    const paysForAccess = features.nameAndLead.includes('pa') ? PAYS_FOR_ACCESS.exec(features.nameAndLead) : null;
    if (paysForAccess) evidence.push({ id: 'money.pays-for-access', label: 'reaches something that charges per use, so the call pays', evidence: `"${paysForAccess[0]}"`, supports: 'financial', weight: 3 });
    const primary = features.verbs.find((verb) => verb.role === 'primary' && !verb.negated);
    const head = features.headNoun;
    if (!head) return evidence;
    const readsOnly = primary?.verbClass === 'read' || (!primary && features.verbs.some((verb) => verb.role === 'lead' && verb.sentence === 0 && verb.verbClass === 'read'));
    if (readsOnly) return evidence;
    // The name's verb, or the opening sentence's when the name's says less ("start_subscription: Create a subscription …").
    const lead = features.verbs.find((candidate) => candidate.role === 'lead' && candidate.sentence === 0 && !candidate.negated);
    const named = primary?.word.stem;
    const verb = named !== undefined && (MAKING_VERBS.has(named) || CHANGING_VERBS.has(named) || TRANSACTION_VERBS.has(named)) ? named : lead?.word.stem ?? named;
    const subscription = head.stem === stem('subscription');
    // A payment link or page, a draft, a price or a quote is set up for later: nothing moves yet.
    if (PREPARED.test(features.nameAndLead)) return evidence;
    const order = head.stem === stem('order');
    const moves = MONEY_NOUNS.has(head.stem)
      || (verb !== undefined && MAKING_VERBS.has(verb) && MAYBE_MONEY_NOUNS.has(head.stem) && (order ? mentionsTrade(features) || BUYS.test(features.nameAndLead) : mentionsMoney(features, { anywhere: subscription })))
      || (verb !== undefined && CHANGING_VERBS.has(verb) && (subscription ? mentionsMoney(features, { anywhere: true }) : head.stem === stem('order') && mentionsTrade(features)))
      || (verb !== undefined && TRANSACTION_VERBS.has(verb) && head.stem === stem('transaction'));
    if (moves) evidence.push({ id: 'money.moves-value', label: `${primary ? `"${primary.word.text}" on` : 'acts on'} a ${head.text}, which moves money`, evidence: `name: "${features.name}"`, supports: 'financial', weight: 3 });
    return evidence;
  },
};
