import type { Category } from '../../schemas/assessment.ts';
import { type CategoryEvidence, type CategoryRule, quote } from '../evidence.ts';
import type { Features } from '../features.ts';
import { CODE_LANGUAGES, CODE_PROPERTIES, JOB_NOUNS, READ_ONLY_QUERY_LANGUAGES } from '../lexicon.ts';
import { stem } from '../text.ts';

// The caller's text is code in a general language: "arbitrary SQL", "any shell command", "JavaScript expression".
const CODE_IN_TEXT = /\b[a-z]{1,4}ql\b|\b(?:sql|graphql|cypher|gremlin|sparql|javascript|typescript|python|bash|shell|powershell|terminal|kubectl|applescript)\b|\b(?:arbitrary|any|custom|raw|given|provided)\s+(?:\w+\s+)?(?:code|commands?|scripts?|quer(?:y|ies)|statements?|expressions?|programs?)\b|\b(?:shell|terminal|system|os) commands?\b|\bcode (?:snippet|block|cell)s?\b|\bscripts?\b/;
const READ_ONLY_QUERY = /\bread[- ]?only\b|\bonly (?:allows? |supports? |accepts? |runs? |executes? )?(?:select|read|show|describe|explain)\b|\bselect[- ]only\b|\b(?:select|read) (?:quer(?:y|ies)|statements?) only\b|\bread (?:\w+ )?quer(?:y|ies)\b|\bnon[- ]?mutating\b|\b(?:does not|doesn't|cannot|can't|will not|won't) (?:modify|change|write|mutate|alter)|\bno (?:writes|modifications|side effects)\b|\b(?:writes?|mutations?|modifications?|ddl|dml)(?: queries| statements)? (?:are|is) (?:not (?:allowed|permitted|supported)|blocked|rejected|disabled)/;
// "with the given query", "your own script": the caller writes what runs.
const CALLER_SUPPLIED = /\b(?:given|provided|supplied|arbitrary|custom|your own|any)\s+(?:\w+\s+)?(?:quer(?:y|ies)|code|scripts?|commands?|statements?|expressions?|programs?)\b/;
const LANGUAGE = /^(?:[a-z]{1,4}ql|sql|graphql|cypher|gremlin|sparql|javascript|typescript|python|bash|shell|powershell)$/;
// A statement type named as the only thing accepted: "Expects a valid INSERT SQL statement".
const SINGLE_STATEMENT = /\b(?:valid|an?|only|single)\s+(?:sql\s+)?(select|insert|update|delete|drop(?: table)?|create(?: table)?|alter(?: table)?|truncate|merge)\b(?:\s+\w+){0,2}\s+(?:sql\s+)?(?:statement|query|command)/;
// A caller-written UPDATE, MERGE or ALTER changes whatever the caller chooses: execute. INSERT and CREATE only add.
const STATEMENT_CATEGORY: Record<string, Category> = { select: 'read', insert: 'write', create: 'write', update: 'execute', merge: 'execute', alter: 'execute', delete: 'destructive', drop: 'destructive', truncate: 'destructive' };

// "script_path", "code_id", "command_name": a reference to code, not code.
const REFERENCE_WORDS = new Set(['path', 'file', 'name', 'id', 'url', 'uri', 'type', 'dir', 'format', 'language', 'lang', 'kind', 'status', 'country', 'currency', 'zip', 'postal', 'area', 'region']);

function codeProperty(features: Features) {
  return features.properties.find((property) => (property.type === 'string' || property.type === undefined || property.type === 'array')
    && !property.words.some((word) => REFERENCE_WORDS.has(word.text))
    && (property.words.some((word) => CODE_PROPERTIES.has(word.stem) && word.text !== 'source') || (property.words.length === 1 && property.words[0]!.text === 'query' && /\b(?:sql|graphql|cypher|statement|query language)\b/i.test(property.description))));
}

/** The first of `values` that `wanted` holds, without copying them. */
function firstOf(values: Iterable<string>, wanted: ReadonlySet<string>): string | undefined {
  for (const value of values) if (wanted.has(value)) return value;
  return undefined;
}

const EVALUATED = new Set(['expression', 'expr', 'condition']);
const DEBUGGER = /\bdebug(?:ger|ging)?\b|\bbreakpoints?\b|\bwatch (?:list|expression)/;

// Verbs that examine code rather than run it.
const EXAMINING = new Set(['validate', 'lint', 'parse', 'format', 'convert', 'analyze', 'check', 'verify', 'generate', 'translate', 'compare', 'diff', 'preview', 'render', 'tokenize', 'summarize', 'review', 'inspect'].map(stem));

function examinesCode(features: Features): boolean {
  const action = features.verbs.find((verb) => verb.role === 'primary') ?? features.verbs.find((verb) => verb.role === 'lead' && verb.sentence === 0);
  return action !== undefined && !action.negated && EXAMINING.has(action.word.stem);
}

/** Code and commands: execute when the caller supplies code and the tool runs it; write for fixed jobs. */
export const codeRule: CategoryRule = {
  id: 'code',
  title: 'Code, commands and queries the caller supplies',
  evaluate(features) {
    const evidence: CategoryEvidence[] = [];
    const codeVerbs = features.verbs.filter((verb) => verb.verbClass === 'code' && !verb.negated && (verb.role === 'primary' || verb.role === 'lead'));
    const property = codeProperty(features);
    const languageInName = features.nameWords.find((word) => CODE_LANGUAGES.has(word.stem) && !['code', 'statement', 'statements'].includes(word.text));
    // The name, the first two sentences and the code property's own description say what the tool runs.
    const { opening } = features;
    const codeInText = CODE_IN_TEXT.exec(opening) ?? (property ? CODE_IN_TEXT.exec(property.description.toLowerCase()) : null);
    const readOnlyLanguage = firstOf(features.nameStems, READ_ONLY_QUERY_LANGUAGES) ?? firstOf(features.leadStems, READ_ONLY_QUERY_LANGUAGES);
    const hasCodeObject = Boolean(property || languageInName || codeInText || readOnlyLanguage);

    if (codeVerbs.length > 0 && !hasCodeObject) {
      // "Run a workflow by id", "Execute a stored procedure": a fixed, named job. "Run health checks" only reads.
      const verb = codeVerbs[0]!;
      const sentence = features.sentences[Math.max(0, verb.sentence)];
      const job = [...features.nameWords, ...(sentence?.words ?? [])].find((word) => JOB_NOUNS.has(word.stem));
      if (job) evidence.push({ id: 'code.fixed-job', label: `runs a fixed job ("${verb.word.text}" … "${job.text}")`, evidence: quote(verb.context), supports: 'write', weight: verb.role === 'primary' ? 3 : 2.5 });
      return evidence;
    }
    if (!hasCodeObject) return evidence;

    const object = property ? `property "${property.name}"` : languageInName ? `name word "${languageInName.text}"` : quote(codeInText?.[0] ?? '');
    const statement = SINGLE_STATEMENT.exec(opening);
    if (readOnlyLanguage || READ_ONLY_QUERY.test(opening) || (features.nameWords.some((word) => word.text === 'read' || word.text === 'readonly') && !features.nameWords.some((word) => word.text === 'write'))) {
      evidence.push({ id: 'code.read-only-query', label: 'runs queries limited to reading', evidence: readOnlyLanguage ? `query language "${readOnlyLanguage}"` : quote(READ_ONLY_QUERY.exec(opening)?.[0] ?? features.name), supports: 'read', weight: 2 });
      evidence.push({ id: 'code.read-only-query', label: 'read-only query tool, not execute', evidence: object, supports: 'execute', weight: -3 });
      return evidence;
    }
    if (statement) {
      const category = STATEMENT_CATEGORY[statement[1]!.split(' ')[0]!] ?? 'execute';
      evidence.push({ id: 'code.single-statement', label: `accepts only ${statement[1]!.toUpperCase()} statements`, evidence: quote(statement[0]), supports: category, weight: 3 });
      if (category !== 'execute') evidence.push({ id: 'code.single-statement', label: 'statement type is fixed, not arbitrary code', evidence: object, supports: 'execute', weight: -3 });
      return evidence;
    }
    const runs = codeVerbs[0];
    if (runs) {
      evidence.push({ id: 'code.runs-code', label: `runs code the caller supplies ("${runs.word.text}")`, evidence: `${object}; ${quote(runs.context, 60)}`, supports: 'execute', weight: 3.5 });
    } else if (property && property.words.some((word) => EVALUATED.has(word.text)) && DEBUGGER.test(`${opening} ${property.description.toLowerCase()}`)) {
      // A debugger evaluates watch and breakpoint expressions inside the program it debugs.
      evidence.push({ id: 'code.debugger-expression', label: 'a debugger evaluates the expression in the debugged program', evidence: object, supports: 'execute', weight: 2 });
    } else if (examinesCode(features)) {
      // "Validate SQL", "Format a script": the tool reads the code it is given, it does not run it.
      evidence.push({ id: 'code.mentions-code', label: 'examines code without running it', evidence: object, supports: 'execute', weight: 1 });
    } else if (property && (codeInText || /\b(?:run|execut|evaluat)/i.test(property.description))) {
      evidence.push({ id: 'code.code-argument', label: 'takes code or a command as an argument', evidence: object, supports: 'execute', weight: 2 });
    } else if (codeInText && LANGUAGE.test(codeInText[0]) && CALLER_SUPPLIED.test(opening)) {
      evidence.push({ id: 'code.code-argument', label: 'takes code or a query the caller writes', evidence: quote(CALLER_SUPPLIED.exec(opening)![0]), supports: 'execute', weight: 2 });
    } else {
      evidence.push({ id: 'code.mentions-code', label: 'mentions code or commands', evidence: object, supports: 'execute', weight: 1 });
    }
    return evidence;
  },
};
