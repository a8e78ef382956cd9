import { type CategoryEvidence, type CategoryRule } from '../evidence.ts';
import { MAYBE_MONEY_NOUNS, MONEY_CONTEXT, MONEY_NOUNS } from '../lexicon.ts';
import { stem } from '../text.ts';

// Verbs that make the named thing happen: "create_refund", "submit_order", "initiate_transfer".
const MAKING_VERBS = new Set(['create', 'make', 'send', 'issue', 'submit', 'place', 'initiate', 'process', 'confirm', 'capture', 'complete', 'new'].map(stem));

// "a market or limit order": an order on an exchange, which spends money.
const TRADE_ORDER = /\b(?:market|limit|stop(?:-limit)?|buy|sell)\s+(?:or\s+\w+\s+)?orders?\b/;

/** Money moved by creating a payment-like object: the verb is generic, the noun is money. */
export const moneyRules: CategoryRule = {
  id: 'money',
  title: 'Creating payments, refunds, transfers and orders',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const primary = features.verbs.find((verb) => verb.role === 'primary' && !verb.negated);
    const head = features.headNoun;
    const moneyNearby = () => [...features.nameStems, ...features.leadStems].some((word) => MONEY_CONTEXT.has(word))
      || TRADE_ORDER.test(features.nameAndLead)
      || features.properties.some((property) => property.words.some((word) => word.text === 'amount' || MONEY_CONTEXT.has(word.stem))
        || property.enumValues.some((value) => /^(?:buy|sell)$/i.test(value)));
    if (primary && head && MAKING_VERBS.has(primary.word.stem) && (MONEY_NOUNS.has(head.stem) || (MAYBE_MONEY_NOUNS.has(head.stem) && moneyNearby()))) {
      evidence.push({ id: 'money.creates-payment', label: `creates a ${head.text}, which moves money`, evidence: `name: "${features.name}"`, supports: 'financial', weight: 3 });
    }
    return evidence;
  },
};
