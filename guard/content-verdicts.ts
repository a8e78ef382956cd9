import { toTerminalText } from '../core/terminal-text.ts';
import type { ContentFinding } from '../schemas/content-inspection.ts';
import { errorResponse, resultResponse, RPC_ERROR, type JsonRpcId } from './json-rpc.ts';
import { VERDICT_META_KEY } from './tool-verdicts.ts';

/** The findings in one line for a person: `prompt-injection at result.content[0].text (role-switch: "…")`, at most three. */
export function describeFindings(findings: readonly ContentFinding[]): string {
  const shown = findings.slice(0, 3).map((finding) => `${finding.id} at ${finding.location} (${toTerminalText(finding.evidence, 80)})`);
  return `${shown.join('; ')}${findings.length > 3 ? `; and ${findings.length - 3} more` : ''}`;
}

/**
 * What the client gets instead of a server's answer the checks blocked: a tool error for a call (the agent reads
 * why), the answer without its `instructions` for `initialize` (the session still starts), an error otherwise.
 */
export function withheldAnswer(id: JsonRpcId, message: Record<string, unknown>, method: string | undefined, findings: readonly ContentFinding[]): string {
  const why = `mcp-risk guard withheld the server's answer: ${describeFindings(findings)}`;
  if (method === 'tools/call') return resultResponse(id, { content: [{ type: 'text', text: why }], isError: true, _meta: { [VERDICT_META_KEY]: { decision: 'withheld', reason: why } } });
  if (method === 'initialize' && typeof message.result === 'object' && message.result !== null) {
    const { instructions: _withheld, ...result } = message.result as Record<string, unknown>;
    return resultResponse(id, result);
  }
  return errorResponse(id, RPC_ERROR.internalError, why);
}

/** The answer to a server's request (elicitation, sampling) that the checks blocked: it never reaches the person. */
export function refusedServerRequest(id: JsonRpcId, findings: readonly ContentFinding[]): Record<string, unknown> {
  return { jsonrpc: '2.0', id, error: { code: RPC_ERROR.invalidRequest, message: `mcp-risk guard refused to pass this request on: ${describeFindings(findings)}` } };
}
