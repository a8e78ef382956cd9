import type { CategoryEvidence, CategoryRule } from '../evidence.ts';
import { siblingsShowing } from '../server-context.ts';
import { stem } from '../text.ts';

// Verbs whose meaning depends on where they are used: "modify" in a brokerage is not "modify" in a to-do list.
const AMBIGUOUS = new Set(['modify', 'place', 'close', 'open', 'submit', 'amend', 'adjust', 'execute', 'increase', 'reduce', 'edit', 'update', 'change', 'replace', 'manage', 'exit', 'enter', 'flatten', 'roll'].map(stem));
// What a trade is made of: closing or changing one of these moves money (cancelling an unfilled order does not).
const TRADE_OBJECTS = new Set(['position', 'order', 'trade', 'bet', 'wager', 'stake', 'option', 'future', 'futures', 'swap', 'bid', 'leverage', 'margin', 'loan', 'holding'].map(stem));

/** An ambiguous verb on a trade's parts, on a server that moves money, moves money. */
export const serverContextRule: CategoryRule = {
  id: 'server',
  title: 'Verbs read with the server the tool belongs to',
  evaluate(features) {
    const context = features.server;
    if (!context?.domains.has('money')) return [];
    const action = features.verbs.find((verb) => verb.role === 'primary' && !verb.negated) ?? features.verbs.find((verb) => verb.role === 'lead' && verb.sentence === 0 && !verb.negated);
    if (!action || !AMBIGUOUS.has(action.word.stem)) return [];
    const object = features.headNoun && TRADE_OBJECTS.has(features.headNoun.stem) ? features.headNoun : features.sentences[0]?.words.find((word) => TRADE_OBJECTS.has(word.stem));
    if (!object) return [];
    const evidence: CategoryEvidence = {
      id: 'server.money-verb',
      label: `"${action.word.text}" a ${object.text} on a server that moves money moves money`,
      evidence: siblingsShowing(context, 'money', features.name),
      supports: 'financial',
      weight: 2.5,
    };
    return [evidence];
  },
};
