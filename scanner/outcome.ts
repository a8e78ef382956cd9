import type { ScanStatus } from '../schemas/scan-record.ts';
import type { ClientFailure } from './mcp-client.ts';
import type { ProcessExit } from './server-process.ts';

/** Everything known about a scan that did not finish: enough to name what happened in one line. */
export interface FailureEvidence {
  /** Which step failed. */
  phase: 'start' | 'list';
  /** What the MCP client saw, if it got that far. */
  failure?: ClientFailure;
  /** How the process ended, if it ended on its own (remote servers have none; the scanner's own kill is not an exit). */
  exit?: ProcessExit;
  /** Why the process could not be started at all. */
  spawnError?: string;
  stderr?: string;
  /** Limits hit, e.g. `memoryBytes`. */
  limitsHit?: readonly string[];
  /** The timeout that applied to the failed step. */
  timeoutMs?: number;
  /** The remote URL, for remote targets. */
  url?: string;
}

export interface Outcome {
  status: ScanStatus;
  detail: string;
}

// "OPENAI_API_KEY is required", "missing API key", "GITHUB_TOKEN not set", "please set the environment variable FOO",
// "No access token was provided", "OAuth keys file not found".
const CREDENTIAL_WORD = String.raw`(?:api[ _-]?key|access[ _-]?key|token|secret|credential|password|oauth|[A-Z][A-Z0-9]*_(?:KEY|TOKEN|SECRET|PASSWORD|PAT)\b|environment variable|env(?:ironment)? var(?:iable)?)`;
const NEEDS_CREDENTIALS = new RegExp(
  String.raw`(?:missing|required|requires|not set|not provided|no ${CREDENTIAL_WORD}|please (?:set|provide)|must (?:be )?(?:set|provide)|invalid|unauthori[sz]ed).{0,60}${CREDENTIAL_WORD}|${CREDENTIAL_WORD}.{0,60}(?:is )?(?:required|missing|not set|not found|not provided|must be (?:set|provided)|undefined|is invalid)|\bno (?:[\w-]+ )?${CREDENTIAL_WORD}.{0,40}(?:found|provided|given|set|configured|specified)`,
  'i',
);

/** True when text reads like a complaint about a missing key, token or variable. */
export function mentionsMissingCredentials(text: string): boolean {
  return NEEDS_CREDENTIALS.test(text);
}

const LIMIT_DETAILS: Record<string, string> = {
  memoryBytes: 'used more memory than the limit',
  maxProcesses: 'started more processes than the limit',
  maxStdoutBytes: 'wrote more to stdout than the limit',
  maxMessageBytes: 'sent a message larger than the limit',
};

// What a server says when it cannot go on: the cause itself, before a generic "Error:" or "failed" line.
const SAYS_WHY = /missing|required|not set|not found|cannot|can't|must|invalid|denied|no such|\bE(?:AI_AGAIN|CONNREFUSED|NOTFOUND|ACCES|NOENT)\b|listening on|https?:\/\/\S+:\d+/i;
const SAYS_FAILED = /error|fail/i;

/** The line of stderr that best says why, for a one-line detail: a cause, else an error, else the first line. */
export function firstMeaningfulLine(text: string | undefined): string | undefined {
  const lines = (text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  const informative = lines.find((line) => SAYS_WHY.test(line)) ?? lines.find((line) => SAYS_FAILED.test(line)) ?? lines[0];
  return informative?.slice(0, 200);
}

// An environment variable's name as servers print it: upper case with at least one underscore (BRAVE_API_KEY).
const VARIABLE_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
// Node's and libc's error codes look like variable names but are not (ERR_MODULE_NOT_FOUND, EAI_AGAIN).
const ERROR_CODE = /^(?:ERR|EAI)_/;

/**
 * The variables a server asked for by name when it complained about missing credentials: names on a
 * complaining line and the two lines after it ("No access token was provided.\nPass SENTRY_ACCESS_TOKEN").
 * At most `limit`, in the order they appear.
 */
export function requestedVariableNames(text: string, limit = 8): string[] {
  const lines = text.split('\n');
  const names = new Set<string>();
  lines.forEach((line, index) => {
    if (!NEEDS_CREDENTIALS.test(line)) return;
    for (const nearby of lines.slice(index, index + 3)) {
      for (const [name] of nearby.matchAll(VARIABLE_NAME)) if (!ERROR_CODE.test(name)) names.add(name);
    }
  });
  return [...names].slice(0, limit);
}

// What Node and the usual loaders (bindings, node-gyp-build, prebuild-install) say when a package's compiled
// part (a .node file) was never built, as happens when install scripts are disabled.
const MISSING_NATIVE_MODULE = /Could not locate the bindings file|No native build was found|Cannot find module ['"][^'"]+\.node['"]|\.node: cannot open shared object file|was compiled against a different Node\.js version|Could not find any Visual Studio installation|Cannot find module ['"][^'"]*build\/Release/i;

/** The line that says a native module is missing, when the server died of one. */
export function missingNativeModuleLine(text: string | undefined): string | undefined {
  return (text ?? '').split('\n').map((line) => line.trim()).find((line) => MISSING_NATIVE_MODULE.test(line))?.slice(0, 200);
}

/** Names how a scan ended from the evidence, most specific cause first. */
export function classifyFailure(evidence: FailureEvidence): Outcome {
  const killedFor = (evidence.limitsHit ?? []).find((limit) => limit in LIMIT_DETAILS);
  if (killedFor) {
    const status: ScanStatus = killedFor === 'memoryBytes' || killedFor === 'maxProcesses' ? 'crashed' : 'protocol_error';
    // A remote server runs elsewhere: the scanner stopped reading it rather than killing it.
    const how = evidence.url ? 'cut off' : 'killed by the sandbox';
    return { status, detail: `${how}: the server ${LIMIT_DETAILS[killedFor]} (${killedFor}).` };
  }
  const failure = evidence.failure;
  const stderrLine = firstMeaningfulLine(evidence.stderr);
  const said = [failure?.message ?? '', evidence.stderr ?? ''].join('\n');
  if (failure?.kind === 'http') {
    if (failure.status === 401 || failure.status === 403) return { status: 'auth_required', detail: `the server answered HTTP ${failure.status}: it needs authorization.` };
    return { status: 'unreachable', detail: `the server answered HTTP ${failure.status}${evidence.url ? ` at ${evidence.url}` : ''}.` };
  }
  if (failure?.kind === 'unreachable') return { status: 'unreachable', detail: `could not connect: ${failure.message}` };
  if (evidence.spawnError) return { status: 'crashed', detail: `could not start: ${evidence.spawnError}` };
  const nativeLine = missingNativeModuleLine(said);
  if (nativeLine) {
    return {
      status: 'crashed',
      detail: `the server needs a native module that was never built (${nativeLine}): mcp-risk installs packages with install scripts disabled for safety, so a package that compiles code at install cannot be scanned yet.`,
    };
  }
  if (mentionsMissingCredentials(said)) {
    const line = firstMeaningfulLine(NEEDS_CREDENTIALS.test(evidence.stderr ?? '') ? evidence.stderr : failure?.message) ?? 'a credential is missing';
    return { status: 'needs_credentials', detail: `the server needs credentials: ${line}` };
  }
  const step = evidence.phase === 'start' ? 'initialize' : 'a list request';
  if (failure?.kind === 'server_error') {
    return { status: 'protocol_error', detail: `the server answered ${step} with an error: ${failure.message.slice(0, 200)}` };
  }
  if (failure?.kind === 'timeout') {
    return { status: 'timeout', detail: `no answer to ${step} within ${evidence.timeoutMs ?? '?'} ms; the process tree was killed${stderrLine ? `. It said: ${stderrLine}` : '.'}` };
  }
  if (evidence.exit && (evidence.exit.code !== null || evidence.exit.signal !== null)) {
    const how = evidence.exit.signal ? `was killed by ${evidence.exit.signal}` : `exited with code ${evidence.exit.code}`;
    return { status: 'crashed', detail: `the server ${how} before answering ${step}${stderrLine ? `: ${stderrLine}` : '.'}` };
  }
  if (failure?.kind === 'closed') return { status: 'crashed', detail: `the connection closed before the server answered ${step}${stderrLine ? `: ${stderrLine}` : '.'}` };
  return { status: 'protocol_error', detail: `the server's answer to ${step} broke the protocol: ${(failure?.message ?? 'unknown error').slice(0, 200)}` };
}
