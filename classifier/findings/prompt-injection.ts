import type { Finding } from '../../schemas/assessment.ts';
import { quote } from '../evidence.ts';
import { CREDENTIAL_PARAMETER_NAME, CREDENTIAL_PURPOSE, EXFILTRATION_PARAMETER, INJECTION_PATTERNS, TRIGGER_PATTERN, TRIGGERS_WITHIN, type InjectionPattern } from './injection-patterns.ts';
import { normalizeForMatching } from './normalized-text.ts';
import { describeField, type TextField } from './text-fields.ts';

/** One pattern that matched a text, with the matched words (folded: lower case, look-alikes as Latin). */
export interface InjectionMatch {
  name: string;
  why: string;
  matched: string;
}

function patternsWorthRunning(folded: string): InjectionPattern[] {
  const present = new Set<string>();
  for (const found of new Set(folded.match(TRIGGER_PATTERN))) for (const trigger of TRIGGERS_WITHIN.get(found) ?? [found]) present.add(trigger);
  if (present.size === 0) return [];
  const has = (trigger: string) => present.has(trigger);
  return INJECTION_PATTERNS.filter((candidate) => candidate.triggers.some(has) && (!candidate.andTriggers || candidate.andTriggers.some(has)));
}

/** Options for one text. `skip` leaves patterns out, e.g. `credential-file` for a tool that manages keys. */
export interface InjectionOptions {
  skip?: ReadonlySet<string>;
}

/** Every manipulation pattern that matches one text (any text: a description, a tool result, a prompt). */
export function matchInjection(text: string, options: InjectionOptions = {}): InjectionMatch[] {
  const folded = normalizeForMatching(text);
  const matches: InjectionMatch[] = [];
  for (const candidate of patternsWorthRunning(folded)) {
    if (options.skip?.has(candidate.name)) continue;
    const match = candidate.pattern.exec(folded);
    if (!match) continue;
    if (candidate.alsoNeeds && !candidate.alsoNeeds.test(folded)) continue;
    matches.push({ name: candidate.name, why: candidate.why, matched: match[0] });
  }
  return matches;
}

const READ_BY_MODEL: ReadonlySet<TextField['kind']> = new Set(['title', 'description', 'property-description']);

/** The first sentence of a text: where a description says what the tool is for, before any smuggled instruction. */
function firstSentence(text: string): string {
  const end = text.search(/[.!?\n](?:\s|$)/);
  return (end === -1 ? text : text.slice(0, end)).slice(0, 200);
}

/** True when the tool's name, title or first sentence says it is about keys, certificates or credentials. */
function managesCredentials(fields: readonly TextField[]): boolean {
  return fields.some((field) => {
    if (field.kind === 'name' || field.kind === 'title') return CREDENTIAL_PURPOSE.test(normalizeForMatching(field.text));
    return field.kind === 'description' && CREDENTIAL_PURPOSE.test(normalizeForMatching(firstSentence(field.text)));
  });
}

const SKIP_CREDENTIAL_FILE: ReadonlySet<string> = new Set(['credential-file']);

/**
 * Descriptions and parameters written to manipulate the model that reads them: each manipulation once, in the
 * first field it appears in; and parameters that ask for credentials, files or the conversation. A tool whose own
 * purpose is keys or credentials may name key files and take a key as a parameter.
 */
export function findPromptInjection(fields: readonly TextField[]): Finding[] {
  const aboutCredentials = managesCredentials(fields);
  const options: InjectionOptions = aboutCredentials ? { skip: SKIP_CREDENTIAL_FILE } : {};
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (!READ_BY_MODEL.has(field.kind)) continue;
    for (const match of matchInjection(field.text, options)) {
      if (seen.has(match.name)) continue;
      seen.add(match.name);
      findings.push({ id: 'prompt-injection', severity: 'error', message: `The ${describeField(field)} ${match.why}.`, evidence: quote(match.matched) });
    }
  }
  for (const field of fields) {
    const request = findCredentialRequestInParameter(field, aboutCredentials);
    if (request) findings.push(request);
  }
  return findings;
}

/** A parameter (its name or its description) that asks the model to fill it with secrets, private files or the conversation. */
function findCredentialRequestInParameter(field: TextField, aboutCredentials: boolean): Finding | undefined {
  const { kind, property, text } = field;
  if (kind === 'property-description') {
    const folded = normalizeForMatching(text);
    const match = EXFILTRATION_PARAMETER.exec(folded);
    if (!match) return undefined;
    // A key manager's parameter may be "the private key to add"; a path to ~/.ssh is its job, not an attack.
    if (aboutCredentials && !/conversation|chat|message|system\s+prompt|instructions/.test(match[0])) return undefined;
    return { id: 'prompt-injection', severity: 'error', message: `Parameter "${property}" asks the model to pass private context, a channel for exfiltration.`, evidence: `${property}: ${quote(match[0])}` };
  }
  if (kind === 'property-name') {
    const folded = normalizeForMatching(text).trim();
    if (!CREDENTIAL_PARAMETER_NAME.test(folded)) return undefined;
    if (aboutCredentials && !/conversation|chat|system|previous/.test(folded)) return undefined;
    return { id: 'prompt-injection', severity: 'error', message: `Parameter "${property}" asks for credentials or private context the tool's purpose does not need.`, evidence: `${property}: parameter name` };
  }
  return undefined;
}
