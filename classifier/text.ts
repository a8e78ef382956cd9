// The classifier's only contact with `natural`: tokens, stems and sentences.
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { memo } from './memo.ts';

/** A word with the forms rules compare against; the stem is computed on first use (most words never need it). */
export class Word {
  /** As written, lower-cased. */
  readonly text: string;
  private stemmed: string | undefined;

  constructor(lowerCaseText: string) {
    this.text = lowerCaseText;
  }

  /** Porter stem of the American spelling, e.g. "deletes" → "delet". */
  get stem(): string {
    return (this.stemmed ??= stem(this.text));
  }
}

/** Porter stem with British -ise/-yse spellings folded to -ize/-yze first; memoised (the hot path). */
export const stem: (word: string) => string = memo((word: string) => PorterStemmer.stem(word.replace(/([a-z]{3})is(e|es|ed|ing|ation)$/, '$1iz$2').replace(/ys(e|es|ed|ing)$/, 'yz$1')), 200_000);

export function toWord(text: string): Word {
  return new Word(text.toLowerCase());
}

// Splits camelCase and acronym boundaries: "getHTTPResponse" → "get HTTP Response", "list2Items" stays whole.
const CAMEL_BOUNDARY = /([a-z\d])([A-Z])|([A-Z]+)([A-Z][a-z])/g;

/** Splits an identifier in any style (snake, camel, kebab, dotted, acronyms, slashes) into lower-case words. */
export function splitIdentifier(identifier: string): string[] {
  return identifier
    .replace(CAMEL_BOUNDARY, '$1$3 $2$4') // one pair of groups matched, the other pair is empty
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((token) => token.length > 0);
}

// A sentence ends at . ! ? ; or a line break, when followed by space or the end; "e.g." and "i.e." do not end one.
const SENTENCE_END = /(?<!\b(?:e\.g|i\.e|etc|vs|approx))[.!?;]+(?=\s|$)|\n+/;

/** Splits a description into sentences (blank ones dropped). */
export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0);
}

// Words (hyphenated ones like "read-only" stay whole) and the separators that coordinate verbs.
const WORD_OR_SEPARATOR = /[a-z][a-z0-9']*(?:-[a-z]+)*|[,/&(]/g;

/** The words of a sentence in order, with `,` `/` `&` `(` kept as their own tokens. */
export function splitWords(sentence: string): Word[] {
  return splitLowerCaseWords(sentence.toLowerCase());
}

/** splitWords for text already lower-cased. */
export function splitLowerCaseWords(lower: string): Word[] {
  const words: Word[] = [];
  WORD_OR_SEPARATOR.lastIndex = 0;
  for (let match = WORD_OR_SEPARATOR.exec(lower); match; match = WORD_OR_SEPARATOR.exec(lower)) words.push(new Word(match[0]));
  return words;
}
