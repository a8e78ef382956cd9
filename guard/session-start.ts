import { InitializeResultSchema } from '../core/mcp-sdk.ts';
import { decideStartPolicy, type StartDecision } from './start-policy.ts';
import type { GuardSessionOptions } from './session-options.ts';
import type { GuardToolList } from './tool-list.ts';
import type { Upstream } from './upstream.ts';

/** What the start needs of the session's options. */
export type StartOptions = Pick<GuardSessionOptions, 'serverKey' | 'target' | 'targetKind' | 'policy' | 'policySource' | 'rules' | 'allowChanged' | 'maxListPages' | 'clock'>;

/** How the start went: the server's answer did not parse (forward it, enforce nothing), a decision, or a failed list read. */
export type StartOutcome =
  | { kind: 'unreadable' }
  | { kind: 'decided'; decision: StartDecision; items: unknown[] }
  | { kind: 'list-failed'; message: string };

/** True when `initialize` params declare form elicitation (an empty `elicitation` object means form, per the spec). */
export function declaresFormElicitation(params: unknown): boolean {
  if (typeof params !== 'object' || params === null || !('capabilities' in params)) return false;
  const { capabilities } = params;
  if (typeof capabilities !== 'object' || capabilities === null || !('elicitation' in capabilities)) return false;
  const { elicitation } = capabilities;
  if (typeof elicitation !== 'object' || elicitation === null) return false;
  return Object.keys(elicitation).length === 0 || 'form' in elicitation;
}

/**
 * The start handshake once the server answered `initialize`: tell the server the client is initialized, read the
 * tool list (the one capped walk), and decide the policy. The client hears the server's answer only after this.
 */
export async function startWithServer(result: unknown, options: StartOptions, upstream: Upstream, tools: GuardToolList, clientCanAsk: boolean): Promise<StartOutcome> {
  const parsed = InitializeResultSchema.safeParse(result);
  if (!parsed.success) return { kind: 'unreadable' };
  const { protocolVersion, capabilities, serverInfo } = parsed.data;
  upstream.setProtocolVersion?.(protocolVersion);
  const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' };
  try {
    // Sent before the list is asked for; a failed send shows up as the list failing.
    void Promise.resolve(upstream.send(JSON.stringify(initialized), initialized)).catch(() => undefined);
  } catch {
    // The same: the list read that follows fails and says why.
  }
  let items: unknown[] = [];
  let truncated = false;
  if (capabilities.tools !== undefined) {
    try {
      ({ items, truncated } = await tools.fetch());
    } catch (error) {
      return { kind: 'list-failed', message: `mcp-risk guard could not read the server's tool list at start: ${(error as Error).message}` };
    }
  }
  const decision = decideStartPolicy({
    ...(options.policy && { policy: options.policy }),
    policySource: options.policySource,
    ...(options.rules && { rules: options.rules }),
    allowChanged: options.allowChanged,
    server: {
      target: options.target,
      targetKind: options.targetKind,
      serverKey: options.serverKey,
      serverInfo: { name: serverInfo.name, version: serverInfo.version },
      protocolVersion,
      capabilities: { ...capabilities },
    },
    items,
    truncated,
    maxListPages: options.maxListPages,
    now: options.clock(),
    clientCanAsk,
  });
  return { kind: 'decided', decision, items };
}
