import { GENERIC_VERBS, VERBS } from './lexicon.ts';
import { memo } from './memo.ts';
import type { Word } from './text.ts';
import { wordNetVerbClass, type WordNetVerbClass } from './wordnet.ts';

/** What a verb suggests: a category, or `code` (execute/run/eval: execute with code, write without). */
export type VerbClass = keyof typeof VERBS;

/** How a verb is inflected: base ("delete"), third person ("deletes"), past ("deleted"), or -ing. */
export type VerbForm = 'base' | 'third' | 'past' | 'ing';

export interface VerbReading {
  verbClass: VerbClass;
  form: VerbForm;
  /** Set when the lexicon lacks the word and WordNet's act class gave the reading. */
  wordNet?: WordNetVerbClass;
}

const IRREGULAR: Record<string, string> = { sent: 'send', paid: 'pay', bought: 'buy', sold: 'sell', ran: 'run', wrote: 'write', written: 'write', made: 'make', found: 'find', shown: 'show', got: 'get', gotten: 'get', took: 'take', chosen: 'choose', began: 'begin', begun: 'begin', built: 'build', kept: 'keep', left: 'leave', seen: 'see', undone: 'undo' };

function inflect(base: string): [string, VerbForm][] {
  const forms: [string, VerbForm][] = [[base, 'base']];
  const doubled = /^[^aeiou]*[aeiou][bdgklmnprt]$/.test(base) ? base + base.at(-1) : undefined;
  if (/(?:s|x|z|ch|sh|o)$/.test(base)) forms.push([`${base}es`, 'third']);
  else if (/[^aeiou]y$/.test(base)) forms.push([`${base.slice(0, -1)}ies`, 'third']);
  else forms.push([`${base}s`, 'third']);
  if (base.endsWith('e')) forms.push([`${base}d`, 'past'], [`${base.slice(0, -1)}ing`, 'ing']);
  else if (/[^aeiou]y$/.test(base)) forms.push([`${base.slice(0, -1)}ied`, 'past'], [`${base}ing`, 'ing']);
  else forms.push([`${base}ed`, 'past'], [`${base}ing`, 'ing']);
  if (doubled) forms.push([`${doubled}ed`, 'past'], [`${doubled}ing`, 'ing']);
  return forms;
}

// Most harmful first: a form listed under two classes reads as the worse one.
const ORDER: VerbClass[] = ['destructive', 'financial', 'code', 'write', 'read'];
const FORMS = new Map<string, VerbReading>();
for (const verbClass of ORDER) {
  for (const base of VERBS[verbClass]) {
    for (const [surface, form] of inflect(base)) if (!FORMS.has(surface)) FORMS.set(surface, { verbClass, form });
  }
}
for (const [surface, base] of Object.entries(IRREGULAR)) {
  const reading = FORMS.get(base);
  if (reading && !FORMS.has(surface)) FORMS.set(surface, { verbClass: reading.verbClass, form: 'past' });
}

// British spellings of -ize and -yze verbs: "summarises", "analysed".
const BRITISH = new Map<string, VerbReading>();
for (const [surface, reading] of FORMS) {
  const british = surface.replace(/([a-z]{3})iz(e|es|ed|ing)$/, '$1is$2').replace(/yz(e|es|ed|ing)$/, 'ys$1');
  if (british !== surface && !FORMS.has(british)) BRITISH.set(british, reading);
}

/** Reads a word as a verb, by its exact inflected form (so "connection" is not "connect"). */
export function readVerb(word: Word): VerbReading | undefined {
  return FORMS.get(word.text) ?? BRITISH.get(word.text);
}

/** The category each WordNet act class suggests; transfers of value need money nearby (the verb rule checks). */
const WORDNET_CATEGORY: Record<WordNetVerbClass, VerbClass> = {
  remove: 'destructive', transfer: 'financial', create: 'write', change: 'write', contact: 'write', communicate: 'write', perceive: 'read',
};

const readThroughWordNet = memo((text: string): VerbReading | undefined => {
  const candidate = wordNetVerbClass(text);
  if (!candidate || GENERIC_VERBS.has(candidate.base)) return undefined;
  const form: VerbForm = candidate.base === text ? 'base' : text.endsWith('s') ? 'third' : text.endsWith('ing') ? 'ing' : 'past';
  return { verbClass: WORDNET_CATEGORY[candidate.verbClass], form, wordNet: candidate.verbClass };
});

/** Reads a word the lexicon lacks through WordNet's act class ("obliterates" → destructive, "peruse" → read). */
export function readVerbThroughWordNet(word: Word): VerbReading | undefined {
  return readThroughWordNet(word.text);
}
