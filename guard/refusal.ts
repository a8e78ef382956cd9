import type { GuardDecision } from '../schemas/guard-audit.ts';
import { resultResponse, type JsonRpcId } from './json-rpc.ts';
import { VERDICT_META_KEY } from './tool-verdicts.ts';

/** The answer to a call the guard did not forward: a tool error saying why, with the decision under `_meta`. */
export function refusalResponse(id: JsonRpcId, decision: GuardDecision, reason: string, text: string): string {
  return resultResponse(id, {
    content: [{ type: 'text', text }],
    isError: true,
    _meta: { [VERDICT_META_KEY]: { decision, reason } },
  });
}
