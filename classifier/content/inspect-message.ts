import type { Severity } from '../../schemas/assessment.ts';
import type { ContentFinding, ContentFindingId, ContentPolicy, ContentVerdict } from '../../schemas/content-inspection.ts';
import type { ClassifierInput } from '../../schemas/tool.ts';
import { quote } from '../evidence.ts';
import { matchArgumentInjection } from '../findings/argument-injection.ts';
import { isSecretField, matchSecretRequest } from '../findings/credential-request.ts';
import { findHiddenCharacters, findHiddenUnicode, listCodePoints } from '../findings/hidden-unicode.ts';
import { normalizeForMatching } from '../findings/normalized-text.ts';
import { findPromptInjection, matchInjection } from '../findings/prompt-injection.ts';
import { findSecrets } from '../findings/secret-shapes.ts';
import { collectTextFields } from '../findings/text-fields.ts';
import { collectMessageTexts, type Direction, type LocatedText, type TextRole } from './message-texts.ts';

export type { Direction } from './message-texts.ts';

/** What the checks make of one message. */
export interface MessageInspection {
  verdict: ContentVerdict;
  findings: ContentFinding[];
}

/** Hostile definitions block; hostile content elsewhere warns unless the policy says block; a warning only warns. */
export const DEFAULT_CONTENT_POLICY: ContentPolicy = { content: 'warn' };

const MAX_FINDINGS = 50;
// Shared by every clean message: frozen, findings included, so no caller can add to another's result.
const PASS = Object.freeze({ verdict: 'pass', findings: Object.freeze([]) }) as unknown as MessageInspection;

/** Who reads the text, for messages: "Text the model reads …". */
const READER: Record<TextRole, string> = {
  definition: 'A definition the model reads',
  result: 'Text the model reads',
  request: 'What the server asks for',
  argument: 'A call argument',
};

class Findings {
  readonly list: ContentFinding[] = [];
  verdict: ContentVerdict = 'pass';
  private readonly seen = new Set<string>();

  constructor(private readonly policy: ContentPolicy) {}

  add(role: TextRole, finding: { id: ContentFindingId; severity: Severity; location: string; message: string; evidence: string }, key = ''): void {
    const identity = `${finding.id}\u0000${finding.location}\u0000${key}`;
    if (this.seen.has(identity) || this.list.length >= MAX_FINDINGS) return;
    this.seen.add(identity);
    this.list.push(finding);
    // info is recorded and passes; a warning warns whatever the policy; only an error can block.
    const verdict = finding.severity === 'info' ? 'pass' : finding.severity === 'warning' ? 'warn' : role === 'definition' ? 'block' : this.policy.content;
    if (verdict === 'block' || (verdict === 'warn' && this.verdict === 'pass')) this.verdict = verdict;
  }
}

function checkText(found: Findings, { text, location, role }: LocatedText): void {
  if (role === 'argument') {
    const injected = matchArgumentInjection(text);
    if (injected) {
      found.add(role, { id: 'argument-injection', severity: 'error', location, message: `${READER[role]} (${location}) carries ${injected.what}, which runs if the server passes it to a shell or command line.`, evidence: `${injected.name}: ${quote(injected.matched, 60)}` });
    }
  } else {
    for (const match of matchInjection(text)) {
      found.add(role, { id: 'prompt-injection', severity: 'error', location, message: `${READER[role]} (${location}) ${match.why}.`, evidence: `${match.name}: ${quote(match.matched)}` }, match.name);
    }
    const hidden = findHiddenCharacters(text);
    if (hidden) {
      found.add(role, { id: 'hidden-unicode', severity: hidden.severity, location, message: `${READER[role]} (${location}) contains characters a person cannot see but a model reads.`, evidence: listCodePoints(hidden.points) });
    }
  }
  if (role === 'request') {
    const asked = matchSecretRequest(normalizeForMatching(text));
    if (asked) {
      found.add(role, { id: 'credential-request', severity: 'error', location, message: `The server asks for a secret (${location}); MCP servers must not ask the person for credentials this way.`, evidence: quote(asked) });
    }
  }
  if (role === 'argument' || role === 'result') {
    // A secret leaving in a call is the exfiltration itself; one coming back in a result is worth a look.
    const severity: Severity = role === 'argument' ? 'error' : 'warning';
    for (const secret of findSecrets(text)) {
      const where = role === 'argument' ? 'leaves in a call argument' : 'comes back from the server';
      found.add(role, { id: 'secret', severity, location, message: `A secret (${secret.kind}) ${where} (${location}); its value is not shown.`, evidence: `${secret.kind} ${secret.fingerprint}` }, secret.kind);
    }
  }
}

function checkToolDefinition(found: Findings, tool: Record<string, unknown>, location: string): void {
  if (typeof tool['name'] !== 'string') return;
  const fields = collectTextFields(tool as ClassifierInput);
  const where = `${location} ${quote(tool['name'], 60)}`;
  for (const finding of [...findPromptInjection(fields), ...findHiddenUnicode(fields)]) {
    found.add('definition', { id: finding.id as ContentFindingId, severity: finding.severity, location, message: `Tool ${where}: ${finding.message}`, evidence: finding.evidence }, finding.evidence);
  }
}

/**
 * Inspects one JSON-RPC message with the same checks as tool definitions, and more: tool results, prompts,
 * resources, `initialize` instructions and listings going to the client; elicitation and sampling requests the
 * server makes; a `tools/call`'s arguments going to the server. Pure and synchronous; messages no one reads pass.
 */
export function inspectServerMessage(message: Record<string, unknown>, direction: Direction, policy: ContentPolicy = DEFAULT_CONTENT_POLICY): MessageInspection {
  const collected = collectMessageTexts(message, direction);
  if (collected.texts.length === 0 && collected.tools.length === 0 && collected.formFields.length === 0) return PASS;
  const found = new Findings(policy);
  for (const { tool, location } of collected.tools) checkToolDefinition(found, tool, location);
  for (const text of collected.texts) checkText(found, text);
  for (const { name, schema, location } of collected.formFields) {
    if (isSecretField(name, schema)) {
      found.add('request', { id: 'credential-request', severity: 'error', location, message: `The server's form asks the person for a secret in "${name}"; MCP servers must not ask for credentials through elicitation.`, evidence: `${name}: ${schema['format'] === 'password' ? 'format: password' : 'field name or description'}` });
    }
  }
  if (found.list.length === 0) return PASS;
  return { verdict: found.verdict, findings: found.list };
}
