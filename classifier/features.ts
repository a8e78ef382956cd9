import type { ClassifierInput, ToolAnnotations } from '../schemas/tool.ts';
import { memo } from './memo.ts';
import type { ServerContext } from './server-context.ts';
import { LEAD_IN_WORDS, NEGATIONS } from './lexicon.ts';
import { splitIdentifier, splitLowerCaseWords, splitSentences, toWord, type Word } from './text.ts';
import { readVerb, readVerbThroughWordNet, type VerbClass, type VerbForm, type VerbReading } from './verb-forms.ts';

/** A verb found in the name or description, with how it was found. */
export interface VerbUse {
  word: Word;
  verbClass: VerbClass;
  form: VerbForm;
  /** Set when the lexicon lacks the word and WordNet's act class read it (only the name's first word and a first sentence's lead). */
  wordNet?: VerbReading['wordNet'];
  /**
   * `primary`: the name's action; `lead`: a sentence's opening action (or coordinated with it); `listed`: one of
   * a list of actions anywhere ("supports list, add and remove", "- delete_by_token: …"); `inline`: elsewhere.
   */
  role: 'primary' | 'lead' | 'listed' | 'inline';
  /** Index of the sentence (0 is the first); -1 for the name. */
  sentence: number;
  /** Preceded closely by "not", "without", "never", … */
  negated: boolean;
  /** The sentence or name it came from, for evidence. */
  context: string;
}

/** One argument from the input schema. */
export interface Property {
  name: string;
  words: Word[];
  type: string | undefined;
  description: string;
  enumValues: string[];
}

/** Everything rules read, computed once per tool. */
export interface Features {
  name: string;
  nameWords: Word[];
  /** Stems of the name's words. */
  nameStems: ReadonlySet<string>;
  /** The name's last non-verb word: what the action is done to ("create_refund" → refund). */
  headNoun: Word | undefined;
  description: string;
  /** The first sentences of the description (at most MAX_SENTENCES), each with its lower-case text and words. */
  sentences: { text: string; lower: string; words: Word[] }[];
  /** The name's words and the first sentence, lower-cased: "delete repository . permanently delete a repository". */
  nameAndLead: string;
  /** The name's words and the first two sentences, lower-cased: what the tool says it is. */
  opening: string;
  /** Stems of the first sentence only: what the tool says it is for. */
  leadStems: ReadonlySet<string>;
  verbs: VerbUse[];
  properties: Property[];
  annotations: ToolAnnotations | undefined;
  /** What the analysis cut (long descriptions, many sentences or properties); empty when it read everything. */
  truncated: string[];
  /** The text the analysis cut, lower-cased, for the cheap dangerous-cue checks; empty when nothing was cut. */
  unanalysed: string;
  /** What the tool's server deals in, when the tool is classified with its siblings. */
  server?: ServerContext;
}

const PEOPLE = new Set(['user', 'users', 'you']);
const PREPOSITIONS = new Set(['of', 'associated', 'attached', 'that', 'which']);
const COORDINATORS = new Set([',', '/', '&', 'or', 'and', '(']);
// Two-word nouns whose first word is a verb: "pull request", "push notification", "drag and drop".
const NOUN_COMPOUNDS = new Set(['pull request', 'merge request', 'push notification', 'call log', 'search result', 'sign in', 'check box', 'check run', 'drop down', 'pay period', 'order book', 'trade off', 'set up', 'log in', 'look up', 'run time', 'test run', 'run id', 'build id']);
// Words after which a base form is an action of the tool: "allows you to delete", "can overwrite".
const MODALS = new Set(['to', 'can', 'will', 'may', 'also', 'then', 'must']);
// Subjects after which a third-person form is the tool's action: "it deletes", "which removes".
const SUBJECTS = new Set(['it', 'that', 'which', 'tool', 'also', 'automatically', 'permanently', 'then', 'and']);

function verbUseOf(word: Word, reading: VerbReading, role: VerbUse['role'], sentence: number, negated: boolean, context: string): VerbUse {
  return { word, verbClass: reading.verbClass, form: reading.form, ...(reading.wordNet && { wordNet: reading.wordNet }), role, sentence, negated, context };
}

function findNameVerbs(words: Word[], name: string): VerbUse[] {
  const verbs: VerbUse[] = [];
  let primaryFound = false;
  // A name's first word the lexicon lacks is read through WordNet when no later word is a known verb: "obliterate_record".
  const wordNetReading = words.length > 1 && !words.some((word) => readVerb(word)) ? readVerbThroughWordNet(words[0]!) : undefined;
  const firstThroughWordNet = wordNetReading?.form === 'base' ? wordNetReading : undefined;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    const reading = readVerb(word) ?? (index === 0 ? firstThroughWordNet : undefined);
    if (!reading) continue;
    const next = words[index + 1];
    if (next && NOUN_COMPOUNDS.has(`${word.text} ${next.text}`)) continue;
    const previous = words[index - 1]?.text;
    const coordinated = previous === 'or' || previous === 'and';
    // Past and -ing forms are adjectives in names ("list_deleted_items"); later third-person forms are plural nouns.
    const usable = index === 0 ? reading.form !== 'past' : reading.form === 'base';
    if (!usable) continue;
    if (!primaryFound || coordinated) {
      verbs.push(verbUseOf(word, reading, 'primary', -1, false, name));
      primaryFound = true;
    } else if (reading.verbClass === 'destructive') {
      verbs.push(verbUseOf(word, reading, 'inline', -1, false, name));
    }
  }
  return verbs;
}

/** A negation within four words before, in the same clause: "does not modify"; not "if it doesn't exist, it creates". */
function isNegated(words: Word[], index: number): boolean {
  for (let back = index - 1; back >= Math.max(0, index - 4); back--) {
    const text = words[back]!.text;
    if (text === ',') return false;
    if (NEGATIONS.has(text)) return true;
  }
  return false;
}

// Forms that can coordinate: "Creates, updates or deletes" / "List, get or delete".
const canCoordinate = (a: VerbForm, b: VerbForm) => a === b || (a === 'base' && b === 'base');

/** Verbs of one sentence: the lead action (and verbs coordinated with it), then modal or subject-led uses. */
function findSentenceVerbs(words: Word[], sentence: number, context: string): VerbUse[] {
  const verbs: VerbUse[] = [];
  // Each word is read as a verb once; the passes below look at it several times.
  const readings = words.map(readVerb);
  let index = 0;
  let sawModal = false;
  let sawPerson = false;
  while (index < words.length && (LEAD_IN_WORDS.has(words[index]!.text) || COORDINATORS.has(words[index]!.text))) {
    if (MODALS.has(words[index]!.text)) sawModal = true;
    if (PEOPLE.has(words[index]!.text)) sawPerson = true;
    index++;
  }
  const leadIndexes = new Set<number>();
  const first = words[index];
  // A first sentence's opening word the lexicon lacks is read through WordNet: "Obliterates the record".
  if (first && sentence === 0 && !readings[index]) {
    const reading = readVerbThroughWordNet(first);
    if (reading?.form === 'base' || reading?.form === 'third') readings[index] = reading;
  }
  const firstReading = first && readings[index];
  // The first sentence may be imperative ("Delete a file"); later imperatives mostly speak to the model
  // ("Use …", "Call …") and count only as a list of capabilities or a harmful action (checked below).
  const laterImperative = sentence > 0 && firstReading?.form === 'base' && !sawModal;
  // In a later sentence, "A user requests …" is the user's action, and "Tags associated with …" a plural noun.
  const nextText = words[index + 1]?.text;
  const notTheTool = sentence > 0 && firstReading?.form === 'third' && (sawPerson || (nextText !== undefined && (PREPOSITIONS.has(nextText) || readings[index + 1]?.form === 'past')));
  const leads = firstReading && !notTheTool && firstReading.form !== 'past' && (sentence === 0 || firstReading.form === 'third' || firstReading.form === 'base');
  if (leads) {
    leadIndexes.add(index);
    let objectWords = 0;
    let sawCoordinator = false;
    for (let cursor = index + 1; cursor < words.length && cursor < index + 24; cursor++) {
      const word = words[cursor]!;
      const reading = readings[cursor];
      if (COORDINATORS.has(word.text)) {
        sawCoordinator = true;
      } else if (sawCoordinator && reading && canCoordinate(firstReading.form, reading.form)) {
        leadIndexes.add(cursor);
        objectWords = 0;
        sawCoordinator = false;
      } else if (sawCoordinator && LEAD_IN_WORDS.has(word.text)) {
        // "or completely overwrite": adverbs between a coordinator and its verb.
      } else if (++objectWords > 4) {
        break;
      } else {
        sawCoordinator = false;
      }
    }
  }
  for (let position = 0; position < words.length; position++) {
    const word = words[position]!;
    const reading = readings[position];
    if (!reading) continue;
    const negated = isNegated(words, position);
    if (leadIndexes.has(position)) {
      const capability = !laterImperative || leadIndexes.size > 1 || reading.verbClass === 'destructive' || reading.verbClass === 'financial';
      if (capability) verbs.push(verbUseOf(word, reading, 'lead', sentence, negated, context));
      continue;
    }
    const previous = words[position - 1]?.text ?? '';
    const inline = (reading.form === 'base' && MODALS.has(previous)) || (reading.form === 'third' && SUBJECTS.has(previous));
    if (inline) verbs.push(verbUseOf(word, reading, 'inline', sentence, negated, context));
  }
  for (const position of findListedVerbs(words, readings)) {
    if (leadIndexes.has(position)) continue;
    const word = words[position]!;
    verbs.push(verbUseOf(word, readings[position]!, 'listed', sentence, isNegated(words, position), context));
  }
  return verbs;
}

const LIST_JOINERS = new Set([',', '/', '&', 'or', 'and']);
const CONDITIONS = new Set(['if', 'unless', 'whether']);

/**
 * Verbs of one form coordinated into a list of two or more actions anywhere in a sentence: "supports list, add,
 * update and remove", "by creating, listing and deleting", "(get, set, delete)". Every member is a designed effect.
 */
function findListedVerbs(words: Word[], readings: (VerbReading | undefined)[]): number[] {
  const listed: number[] = [];
  let run: number[] = [];
  let form: VerbForm | undefined;
  let joined = false;
  const close = () => {
    if (run.length >= 2) listed.push(...run);
    run = [];
    form = undefined;
    joined = false;
  };
  for (let position = 0; position < words.length; position++) {
    const word = words[position]!;
    // "Run this if the user is creating, updating or deleting files": someone else's actions, not the tool's.
    if (CONDITIONS.has(word.text)) break;
    if (LIST_JOINERS.has(word.text)) {
      if (run.length > 0) joined = true;
      continue;
    }
    const reading = readings[position];
    const next = words[position + 1];
    const compound = reading && next && NOUN_COMPOUNDS.has(`${word.text} ${next.text}`); // only verbs start one
    if (reading && reading.form !== 'past' && !compound && (run.length === 0 || (joined && reading.form === form))) {
      run.push(position);
      form = reading.form;
      joined = false;
      continue;
    }
    close();
    if (reading && reading.form !== 'past' && !compound) {
      run.push(position);
      form = reading.form;
    }
  }
  close();
  return listed;
}

// Property names repeat across servers (path, query, id…): split each once.
const wordsOfProperty = memo((name: string): Word[] => splitIdentifier(name).map(toWord));

const MAX_PROPERTIES = 200;

function readProperties(inputSchema: Record<string, unknown> | null | undefined): Property[] {
  const properties = inputSchema?.['properties'];
  if (!properties || typeof properties !== 'object') return [];
  const result: Property[] = [];
  for (const [name, raw] of Object.entries(properties as Record<string, unknown>)) {
    const schema = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
    const items = schema['items'] as Record<string, unknown> | undefined;
    const enumSource = schema['enum'] ?? items?.['enum'] ?? (Array.isArray(schema['anyOf']) ? (schema['anyOf'] as { const?: unknown }[]).map((option) => option?.const) : undefined);
    result.push({
      name,
      words: wordsOfProperty(name),
      type: typeof schema['type'] === 'string' ? schema['type'] : undefined,
      description: typeof schema['description'] === 'string' ? schema['description'] : '',
      enumValues: Array.isArray(enumSource) ? enumSource.filter((value): value is string => typeof value === 'string') : [],
    });
    if (result.length >= MAX_PROPERTIES) break;
  }
  return result;
}

// Markdown emphasis and headings; XML-ish section tags separate sentences: "<use_case> Use this tool to …".
const MARKUP = /^#+ |\*\*|__/gm;
const TAG = /<\/?[a-z_-]+>/g;
// A label before the sentence proper: "IMPORTANT: …", "- delete-catalog: Delete a catalog", "path (str): the file".
const LABEL = /^(?:[-*•]\s*)?(?:`?[\w.[\]-]+`?\s*(?:\([^)]*\))?\s*:\s+|[A-Z][A-Z _-]{2,}:\s*)+/;
// A bulleted action name before its explanation: "- delete_by_token: …" names one action of a multi-action tool.
const BULLETED_ACTION = /^[-*•]\s*`?([A-Za-z][\w.-]*)`?\s*:/;

const NO_STEMS: ReadonlySet<string> = new Set();

class SentenceAnalysis {
  private stemSet: ReadonlySet<string> | undefined;

  constructor(
    readonly text: string,
    readonly lower: string,
    readonly words: Word[],
    /** Verbs as found in a first (0) or a later (1) sentence; callers renumber later ones. */
    readonly verbs: VerbUse[],
  ) {}

  /** Stems of the words, computed on first use: only the first sentence's are read (leadStems). */
  get stems(): ReadonlySet<string> {
    return (this.stemSet ??= new Set(this.words.map((word) => word.stem)));
  }
}

// Catalogues repeat sentences across tools and versions ("Args:", "Use a valid id from the list tool"):
// each distinct sentence is analysed once. Results are shared, so nothing downstream may mutate them.
function analyseSentenceAt(position: 0 | 1): (text: string) => SentenceAnalysis {
  return memo((text: string) => {
    const lower = text.toLowerCase();
    const words = splitLowerCaseWords(lower);
    return new SentenceAnalysis(text, lower, words, findSentenceVerbs(words, position, text));
  });
}
const analyseFirstSentence = analyseSentenceAt(0);
const analyseLaterSentence = analyseSentenceAt(1);

function analyseSentence(text: string, index: number): SentenceAnalysis {
  return index === 0 ? analyseFirstSentence(text) : analyseLaterSentence(text);
}

// Long descriptions are cut before analysis: the first sentences say what a tool does. The findings and the
// cheap dangerous-cue checks (rules/unanalysed-text.ts) read everything that is cut.
const MAX_DESCRIPTION = 4000;
const MAX_SENTENCES = 24;

/** The action a bulleted label names, as a listed verb: "- delete_by_token: …" → delete. */
function findBulletedAction(line: string, sentence: number): VerbUse | undefined {
  const label = BULLETED_ACTION.exec(line)?.[1];
  if (!label) return undefined;
  const first = splitIdentifier(label)[0];
  if (!first) return undefined;
  const word = toWord(first);
  const reading = readVerb(word);
  return reading && reading.form === 'base' ? verbUseOf(word, reading, 'listed', sentence, false, line) : undefined;
}

/** Property names, descriptions and enum members past the cap, for the cheap checks. */
function describeUnreadProperties(inputSchema: Record<string, unknown> | null | undefined): string {
  const properties = inputSchema?.['properties'];
  if (!properties || typeof properties !== 'object') return '';
  // Counted first: almost every tool has fewer, and needs no copy of its properties.
  let count = 0;
  for (const _ in properties) if (++count > MAX_PROPERTIES) break;
  if (count <= MAX_PROPERTIES) return '';
  const entries = Object.entries(properties as Record<string, unknown>);
  return entries.slice(MAX_PROPERTIES).map(([name, raw]) => `${JSON.stringify(name)}: ${JSON.stringify(raw ?? '')}`).join(' . ');
}

/** Computes the features every rule reads. */
export function extractFeatures(tool: ClassifierInput): Features {
  const nameWords = splitIdentifier(tool.name).map(toWord);
  const fullDescription = tool.description ?? '';
  const description = fullDescription.slice(0, MAX_DESCRIPTION);
  // Only text with markup needs the replacements: a lone "_" (snake_case) is not markup.
  const plain = /[*#<]|__/.test(description) ? description.replace(MARKUP, ' ').replace(TAG, '. ') : description;
  const lines = splitSentences(plain);
  const truncated: string[] = [];
  const unanalysed: string[] = [];
  if (fullDescription.length > MAX_DESCRIPTION) {
    truncated.push(`description: ${fullDescription.length} characters, ${MAX_DESCRIPTION} analysed`);
    unanalysed.push(fullDescription.slice(MAX_DESCRIPTION));
  }
  if (lines.length > MAX_SENTENCES) {
    truncated.push(`description: ${lines.length} sentences, ${MAX_SENTENCES} analysed`);
    unanalysed.push(lines.slice(MAX_SENTENCES).join(' . '));
  }
  const unreadProperties = describeUnreadProperties(tool.inputSchema);
  if (unreadProperties) {
    truncated.push(`inputSchema: more than ${MAX_PROPERTIES} properties, ${MAX_PROPERTIES} analysed`);
    unanalysed.push(unreadProperties);
  }
  const kept = lines.slice(0, MAX_SENTENCES);
  const bulleted: VerbUse[] = [];
  const sentences: SentenceAnalysis[] = [];
  for (let index = 0; index < kept.length; index++) {
    const action = findBulletedAction(kept[index]!, index);
    if (action) bulleted.push(action);
    const text = kept[index]!.replace(LABEL, '');
    // Numbered among the sentences kept: a sentence that was only a label does not count.
    if (text.length > 0) sentences.push(analyseSentence(text, sentences.length));
  }
  const nameText = nameWords.map((word) => word.text).join(' ');
  const titleText = tool.title ? ` . ${tool.title.toLowerCase()}` : '';
  const verbs = findNameVerbs(nameWords, tool.name);
  const nameVerbWords = new Set(verbs.map((verb) => verb.word)); // so far, verbs holds only the name's
  sentences.forEach((sentence, index) => {
    for (const verb of sentence.verbs) verbs.push(index <= 1 ? verb : { ...verb, sentence: index });
  });
  verbs.push(...bulleted);
  let headNoun: Word | undefined;
  for (let index = nameWords.length - 1; index >= 0 && !headNoun; index--) {
    const word = nameWords[index]!;
    if (!nameVerbWords.has(word) && !/^\d+$/.test(word.text)) headNoun = word;
  }
  return {
    name: tool.name,
    nameWords,
    nameStems: new Set(nameWords.map((word) => word.stem)),
    headNoun,
    description,
    sentences,
    leadStems: sentences[0]?.stems ?? NO_STEMS,
    nameAndLead: `${nameText}${titleText} . ${sentences[0]?.lower ?? ''}`,
    opening: `${nameText}${titleText} . ${sentences.slice(0, 2).map((sentence) => sentence.lower).join(' . ')}`,
    verbs,
    properties: readProperties(tool.inputSchema),
    annotations: tool.annotations ?? undefined,
    truncated,
    unanalysed: unanalysed.join(' . ').toLowerCase(),
  };
}
