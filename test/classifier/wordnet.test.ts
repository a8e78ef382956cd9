import { describe, expect, test } from 'vitest';
import { classifyTool } from '../../classifier/classify.ts';
import { VERBS } from '../../classifier/lexicon.ts';
import { readVerb } from '../../classifier/verb-forms.ts';
import { wordNetNounClass, wordNetVerbClass } from '../../classifier/wordnet.ts';
import { toWord } from '../../classifier/text.ts';

// Words written for this test, none of them in the lexicon: the committed WordNet table must class each.
const VERBS_ABSENT: [string, string][] = [
  ['eradicate', 'remove'], ['annihilate', 'remove'], ['demolish', 'remove'], ['raze', 'remove'], ['liquidate', 'remove'],
  ['reimburse', 'transfer'], ['disburse', 'transfer'], ['remunerate', 'transfer'], ['bequeath', 'transfer'],
  ['fabricate', 'create'], ['sculpt', 'create'],
  ['flatten', 'change'],
  ['scrutinize', 'perceive'], ['peruse', 'perceive'], ['contemplate', 'perceive'],
];
const NOUNS_ABSENT: [string, string][] = [
  ['stipend', 'money'], ['gratuity', 'money'], ['remuneration', 'money'], ['royalty', 'money'], ['ransom', 'money'],
  ['manuscript', 'document'], ['memorandum', 'document'], ['ledger', 'document'],
];

describe('the WordNet table', () => {
  const lexicon = new Set(Object.values(VERBS).flat());
  test.each(VERBS_ABSENT)('verb "%s" is absent from the lexicon and WordNet gives it %s', (verb, verbClass) => {
    expect(lexicon.has(verb)).toBe(false);
    expect(readVerb(toWord(verb))).toBeUndefined();
    expect(wordNetVerbClass(verb)?.verbClass).toBe(verbClass);
    expect(wordNetVerbClass(`${verb.endsWith('e') ? verb.slice(0, -1) : verb}ing`)?.verbClass).toBe(verbClass);
  });
  test.each(NOUNS_ABSENT)('noun "%s" is what WordNet says (%s), plural too', (noun, nounClass) => {
    expect(wordNetNounClass(noun)).toBe(nounClass);
    expect(wordNetNounClass(`${noun}s`)).toBe(nounClass);
  });
  test('nouns used mostly as nouns are not read as verbs', () => {
    for (const noun of ['weather', 'table', 'user', 'invoice']) expect(wordNetVerbClass(noun)).toBeUndefined();
  });
});

describe('words the lexicon lacks, read through WordNet', () => {
  test('a removal verb holds alone and is destructive', () => {
    const assessment = classifyTool({ name: 'eradicate_dataset', description: 'Eradicates the dataset and every version of it.' });
    expect(assessment.category).toBe('destructive');
    expect(assessment.signals.some((signal) => signal.id === 'verb.wordnet.destructive')).toBe(true);
  });
  test('a transfer of value is financial with money nearby, a write without', () => {
    expect(classifyTool({ name: 'disburse_stipend', description: 'Disburses a stipend to a fellow.' }).category).toBe('financial');
    expect(classifyTool({ name: 'bequeath_badge', description: 'Bequeaths a badge to another player.' }).category).toBe('write');
  });
  test('perception reads', () => {
    expect(classifyTool({ name: 'peruse_catalogue', description: 'Peruses the catalogue and returns matching entries.' }).category).toBe('read');
  });
  test('a name\'s first word contradicted by the description\'s known verb is a noun', () => {
    expect(classifyTool({ name: 'finance_exchange_rate', description: 'Get the exchange rate between two currencies.' }).category).toBe('read');
  });
});
