import { countOf } from '../core/terminal-text.ts';
import type { Policy, PolicyRulesFile } from '../schemas/policy.ts';
import { buildLivePolicy, type LiveServer } from './live-policy.ts';
import { comparePolicy, describeDifferences, toolsDiffer } from './policy-match.ts';

/** The policy the session enforces, decided once the server's tool list is known at start. */
export type StartDecision =
  | { kind: 'start'; policy: Policy; notes: string[] }
  | { kind: 'refuse'; message: string };

export interface StartInput {
  /** The reviewed policy, rules applied; absent means: assess the live list. */
  policy?: Policy;
  policySource: string;
  rules?: PolicyRulesFile;
  allowChanged: boolean;
  server: LiveServer;
  /** The tool list as the server sent it at start. */
  items: readonly unknown[];
  truncated: boolean;
  maxListPages: number;
  now: number;
  /**
   * True when the client declared elicitation. Servers may list more tools to such a client than a scan saw: tools
   * the policy does not name then get its default action and are reported (as any unnamed tool is), not refused.
   */
  clientCanAsk?: boolean;
}

/**
 * A reviewed policy must fit the live tools exactly (names and pins), or the guard refuses to start, naming
 * what differs, unless changes are allowed; without one, the live list is assessed now. Pure.
 */
export function decideStartPolicy(input: StartInput): StartDecision {
  const notes: string[] = [];
  if (input.truncated) notes.push(`the tool list was cut (at ${countOf(input.maxListPages, 'page')} or the item cap, or a repeated cursor); tools past the cut are refused`);
  if (!input.policy) {
    const policy = buildLivePolicy(input.server, input.items, input.now, { ...(input.rules && { rules: input.rules }), truncated: input.truncated });
    return { kind: 'start', policy, notes };
  }
  const differences = comparePolicy(input.policy, input.items, input.server.serverInfo.version || undefined);
  if (input.clientCanAsk && differences.added.length) {
    notes.push(`the server lists ${differences.added.length === 1 ? 'a tool' : 'tools'} the policy does not name to this client, which declared elicitation (${differences.added.map((name) => JSON.stringify(name)).slice(0, 10).join(', ')}); they get the policy's default action (${input.policy.defaultAction})`);
    differences.added = [];
  }
  const differ = toolsDiffer(differences);
  if (differ && !input.allowChanged) {
    return {
      kind: 'refuse',
      message: `mcp-risk guard refused to start: the policy (${input.policySource}) does not fit the tools server "${input.server.serverKey}" lists now — ${describeDifferences(differences)}. Scan the server again and review a new policy, or start the guard with --allow-changed to run with those tools denied.`,
    };
  }
  if (differ || differences.version) notes.push(`${describeDifferences(differences)}${differ ? ' (--allow-changed: those tools get the default action)' : ''}`);
  return { kind: 'start', policy: input.policy, notes };
}
