import type { Features } from './features.ts';
import { MONEY_CONTEXT } from './lexicon.ts';
import { memo } from './memo.ts';
import { wordNetNounClass } from './wordnet.ts';

// "a market or limit order": an order on an exchange, which spends money.
const TRADE_ORDER = /\b(?:market|limit|stop(?:-limit)?|buy|sell)\s+(?:or\s+\w+\s+)?orders?\b/;
const SIDE = /^(?:buy|sell)$/i;

// Properties of an order on an exchange: a stop or limit price, a side, a ticker.
const TRADE_PROPERTIES = new Set(['stop', 'limit', 'side', 'ticker', 'symbol', 'leverage', 'shares']);

// Several rules ask about the same tool: each answer is computed once per tool (the features object).
const nearby = memo(computeNearby, 1_000);
const anywhere = memo((features: Features) => features.sentences.some((sentence) => sentence.words.some((word) => MONEY_CONTEXT.has(word.stem))), 1_000);

function computeNearby(features: Features): boolean {
  for (const word of features.nameStems) if (MONEY_CONTEXT.has(word)) return true;
  for (const word of features.leadStems) if (MONEY_CONTEXT.has(word)) return true;
  // Words the lexicon lacks whose first sense WordNet files under money: "stipend", "remittances", "disbursement".
  for (const word of features.nameWords) if (wordNetNounClass(word.text) === 'money') return true;
  for (const word of features.sentences[0]?.words ?? []) if (wordNetNounClass(word.text) === 'money') return true;
  if (TRADE_ORDER.test(features.nameAndLead)) return true;
  return features.properties.some((property) => property.words.some((word) => word.text === 'amount' || MONEY_CONTEXT.has(word.stem))
    || property.enumValues.some((value) => SIDE.test(value)));
}

/**
 * Whether a value in this tool is money or a digital asset: a money word (of the lexicon, or a noun WordNet files
 * under money) in the name or the first sentence,
 * a market or limit order, an `amount`-like property or a buy/sell side. With `anywhere`, later sentences count too.
 */
export function mentionsMoney(features: Features, { anywhere: wide = false } = {}): boolean {
  const near = nearby(features);
  return near || !wide ? near : anywhere(features);
}

/** Whether an order here is an order on an exchange (a trade), not a sales or work order. */
export function mentionsTrade(features: Features): boolean {
  return TRADE_ORDER.test(features.nameAndLead)
    || features.properties.some((property) => property.words.some((word) => TRADE_PROPERTIES.has(word.text)) || property.enumValues.some((value) => SIDE.test(value)));
}
