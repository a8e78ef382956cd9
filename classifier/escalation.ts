// The learned escalation: a TF-IDF logistic regression that asks a person about a read or write verdict
// whose words look like those of dangerous tools. It never changes the category. Pure and fast.
import type { Assessment, Signal } from '../schemas/assessment.ts';
import type { ClassifierInput } from '../schemas/tool.ts';
import { ESCALATION_MODEL } from './escalation-model.ts';
import { splitIdentifier, stem } from './text.ts';

/** A trained model: the vocabulary's terms with their idf and weight, a bias and the threshold chosen on folds. */
export interface EscalationModel {
  provenance: string;
  threshold: number;
  bias: number;
  /** term → [idf, weight] */
  terms: Record<string, readonly [number, number]>;
}

/** The confidence an escalated verdict gets: below the default policy's 0.5, so a person is asked. */
export const ESCALATED_CONFIDENCE = 0.45;
const TOP_WORDS = 4;
const WORD = /[a-z][a-z0-9]*/g;

function addWords(text: string, prefix: string, counts: Map<string, number>): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match; match = WORD.exec(text)) {
    if (match[0].length < 2) continue;
    const term = prefix + stem(match[0]);
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
}

/**
 * The tool's terms and their counts: name words (as `n:stem`), description words, and the input schema's
 * property names and descriptions (as `p:stem` and plain words). Stems are the classifier's Porter stems.
 */
export function termCounts(tool: ClassifierInput): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of splitIdentifier(tool.name)) addWords(word, 'n:', counts);
  if (tool.description) addWords(tool.description.toLowerCase(), '', counts);
  const properties = tool.inputSchema?.properties;
  if (properties && typeof properties === 'object') {
    for (const [name, value] of Object.entries(properties as Record<string, unknown>)) {
      for (const word of splitIdentifier(name)) addWords(word, 'p:', counts);
      const description = value && typeof value === 'object' ? (value as { description?: unknown }).description : undefined;
      if (typeof description === 'string') addWords(description.toLowerCase(), '', counts);
    }
  }
  return counts;
}

/** The L2-normalised TF-IDF vector (sublinear tf) of a tool over the given idf table; unknown terms are dropped. */
export function tfidfVector(counts: ReadonlyMap<string, number>, idfOf: (term: string) => number | undefined): Map<string, number> {
  const vector = new Map<string, number>();
  let norm = 0;
  for (const [term, count] of counts) {
    const idf = idfOf(term);
    if (idf === undefined) continue;
    const value = (1 + Math.log(count)) * idf;
    vector.set(term, value);
    norm += value * value;
  }
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (const [term, value] of vector) vector.set(term, value * scale);
  }
  return vector;
}

/** The model's probability that the tool is dangerous (execute, destructive or financial), and the words that pushed it up most. */
export function dangerProbability(tool: ClassifierInput, model: EscalationModel = ESCALATION_MODEL): { probability: number; topWords: string[] } {
  const vector = tfidfVector(termCounts(tool), (term) => model.terms[term]?.[0]);
  let logit = model.bias;
  const contributions: [string, number][] = [];
  for (const [term, value] of vector) {
    const contribution = value * model.terms[term]![1];
    logit += contribution;
    if (contribution > 0) contributions.push([term, contribution]);
  }
  contributions.sort((a, b) => b[1] - a[1]);
  return { probability: 1 / (1 + Math.exp(-logit)), topWords: contributions.slice(0, TOP_WORDS).map(([term]) => term) };
}

/**
 * A read or write verdict the model finds likely dangerous keeps its category but gains a `learned.escalation`
 * signal and a confidence below 0.5, so the default policy asks a person. Other verdicts pass unchanged.
 */
export function escalate(tool: ClassifierInput, assessment: Assessment, model: EscalationModel = ESCALATION_MODEL): Assessment {
  if (assessment.category !== 'read' && assessment.category !== 'write') return assessment;
  const { probability, topWords } = dangerProbability(tool, model);
  if (probability < model.threshold) return assessment;
  const signal: Signal = {
    id: 'learned.escalation',
    label: `a learned model finds its words like those of dangerous tools (p=${probability.toFixed(2)}): a person should look`,
    evidence: topWords.join(', '),
  };
  return { ...assessment, confidence: Math.min(assessment.confidence, ESCALATED_CONFIDENCE), signals: [signal, ...assessment.signals] };
}
