// What WordNet says about words the lexicon lacks, read from the committed table (classifier/wordnet-table.ts,
// built by `npm run build:wordnet`). Nothing here loads WordNet itself: classifying stays fast and offline.
import { WORDNET_NOUNS, WORDNET_VERBS } from './wordnet-table.ts';

/** The kind of act a verb's most frequent sense is. */
export type WordNetVerbClass = keyof typeof WORDNET_VERBS;
/** What a noun's most frequent sense is. */
export type WordNetNounClass = keyof typeof WORDNET_NOUNS;

function tableOf<Class extends string>(classes: Readonly<Record<Class, string>>): Map<string, Class> {
  const table = new Map<string, Class>();
  for (const [name, list] of Object.entries(classes) as [Class, string][]) for (const word of list.split(' ')) if (word) table.set(word, name);
  return table;
}

let verbs: Map<string, WordNetVerbClass> | undefined;
let nouns: Map<string, WordNetNounClass> | undefined;

/** Base forms a written form may come from: "obliterates" → obliterate, "disbursed" → disburse, "shredding" → shred. */
function baseForms(text: string): string[] {
  const forms = [text];
  if (text.endsWith('ies')) forms.push(`${text.slice(0, -3)}y`);
  if (text.endsWith('es')) forms.push(text.slice(0, -2));
  if (text.endsWith('s')) forms.push(text.slice(0, -1));
  if (text.endsWith('ied')) forms.push(`${text.slice(0, -3)}y`);
  if (text.endsWith('ed')) forms.push(text.slice(0, -1), text.slice(0, -2), text.slice(0, -3));
  if (text.endsWith('ing')) forms.push(text.slice(0, -3), `${text.slice(0, -3)}e`, text.slice(0, -4));
  return forms;
}

/** The act class WordNet gives a verb in any regular form, or undefined when the table does not hold it. */
export function wordNetVerbClass(text: string): { base: string; verbClass: WordNetVerbClass } | undefined {
  verbs ??= tableOf(WORDNET_VERBS);
  for (const base of baseForms(text)) {
    const verbClass = verbs.get(base);
    if (verbClass) return { base, verbClass };
  }
  return undefined;
}

/** What WordNet says a noun (singular or plural) is, or undefined when the table does not hold it. */
export function wordNetNounClass(text: string): WordNetNounClass | undefined {
  nouns ??= tableOf(WORDNET_NOUNS);
  return nouns.get(text) ?? (text.endsWith('s') ? (nouns.get(text.slice(0, -1)) ?? (text.endsWith('es') ? nouns.get(text.slice(0, -2)) : undefined)) : undefined);
}
