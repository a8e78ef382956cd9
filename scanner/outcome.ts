import type { ScanStatus } from '../schemas/scan-record.ts';
import type { ClientFailure } from './mcp-client.ts';
import type { ProcessExit } from './server-process.ts';

/** Everything known about a scan that did not finish: enough to name what happened in one line. */
export interface FailureEvidence {
  /** Which step failed. */
  phase: 'start' | 'list';
  /** What the MCP client saw, if it got that far. */
  failure?: ClientFailure;
  /** How the process ended, if it did (remote servers have none). */
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

// "OPENAI_API_KEY is required", "missing API key", "GITHUB_TOKEN not set", "please set the environment variable FOO".
const CREDENTIAL_WORD = String.raw`(?:api[ _-]?key|access[ _-]?key|token|secret|credential|password|[A-Z][A-Z0-9]*_(?:KEY|TOKEN|SECRET|PASSWORD|PAT)\b|environment variable|env(?:ironment)? var(?:iable)?)`;
const NEEDS_CREDENTIALS = new RegExp(
  String.raw`(?:missing|required|requires|not set|not provided|no ${CREDENTIAL_WORD}|please (?:set|provide)|must (?:be )?(?:set|provide)|invalid|unauthori[sz]ed).{0,60}${CREDENTIAL_WORD}|${CREDENTIAL_WORD}.{0,60}(?:is )?(?:required|missing|not set|not found|not provided|must be (?:set|provided)|undefined|is invalid)`,
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

/** The first line of stderr that says something, for a one-line detail. */
export function firstMeaningfulLine(text: string | undefined): string | undefined {
  const lines = (text ?? '').split('\n').map((line) => line.trim()).filter(Boolean);
  const informative = lines.find((line) => /error|missing|required|not set|fail|cannot|invalid|denied/i.test(line)) ?? lines[0];
  return informative?.slice(0, 200);
}

/** Names how a scan ended from the evidence, most specific cause first. */
export function classifyFailure(evidence: FailureEvidence): Outcome {
  const killedFor = (evidence.limitsHit ?? []).find((limit) => limit in LIMIT_DETAILS);
  if (killedFor) {
    const status: ScanStatus = killedFor === 'memoryBytes' || killedFor === 'maxProcesses' ? 'crashed' : 'protocol_error';
    return { status, detail: `killed by the sandbox: the server ${LIMIT_DETAILS[killedFor]} (${killedFor}).` };
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
  if (mentionsMissingCredentials(said)) {
    const line = firstMeaningfulLine(NEEDS_CREDENTIALS.test(evidence.stderr ?? '') ? evidence.stderr : failure?.message) ?? 'a credential is missing';
    return { status: 'needs_credentials', detail: `the server needs credentials: ${line}` };
  }
  const step = evidence.phase === 'start' ? 'initialize' : 'a list request';
  if (failure?.kind === 'timeout') {
    return { status: 'timeout', detail: `no answer to ${step} within ${evidence.timeoutMs ?? '?'} ms; the process tree was killed.` };
  }
  if (evidence.exit && (evidence.exit.code !== null || evidence.exit.signal !== null)) {
    const how = evidence.exit.signal ? `was killed by ${evidence.exit.signal}` : `exited with code ${evidence.exit.code}`;
    return { status: 'crashed', detail: `the server ${how} before answering ${step}${stderrLine ? `: ${stderrLine}` : '.'}` };
  }
  if (failure?.kind === 'closed') return { status: 'crashed', detail: `the connection closed before the server answered ${step}${stderrLine ? `: ${stderrLine}` : '.'}` };
  return { status: 'protocol_error', detail: `the server's answer to ${step} broke the protocol: ${(failure?.message ?? 'unknown error').slice(0, 200)}` };
}
