import { assessTools } from '../classifier/assess-tool.ts';
import { CLASSIFIER_VERSION } from '../classifier/version.ts';
import type { PolicyInput } from '../policy/policy-input.ts';
import { recommendPolicy } from '../policy/recommend.ts';
import type { Policy, PolicyRulesFile } from '../schemas/policy.ts';
import { overlongName } from './tool-verdicts.ts';

/** What the guard knows about the live server when it has no policy file. */
export interface LiveServer {
  /** What the guard was asked to run, as the user wrote it. */
  target: string;
  targetKind: 'command' | 'url';
  serverKey: string;
  /** What the server said about itself in `initialize`. */
  serverInfo: { name: string; version: string };
  protocolVersion: string;
  capabilities: Record<string, unknown>;
}

/**
 * The default policy for a server nobody reviewed: its live tool list assessed by the classifier and mapped
 * exactly as `mcp-risk policy` maps a scan (rules file included). Malformed items are left out and so denied.
 */
export function buildLivePolicy(server: LiveServer, items: readonly unknown[], now: number, options: { rules?: PolicyRulesFile; truncated?: boolean } = {}): Policy {
  // An overlong name is never assessed or matched against rules (a glob over millions of characters holds the start).
  const named = items.filter((item) => overlongName(item) === undefined);
  const assessed = assessTools(named);
  const input: PolicyInput = {
    server: {
      name: server.serverKey,
      key: server.serverKey,
      ...(server.serverInfo.version && { version: server.serverInfo.version, reportedVersion: server.serverInfo.version }),
      target: server.target,
      assessedAt: new Date(now).toISOString(),
    },
    classifierVersion: CLASSIFIER_VERSION,
    tools: assessed.flatMap((result) => (result.ok ? [result.value] : [])),
    gaps: {
      status: 'ok',
      detail: 'assessed live by mcp-risk guard',
      truncatedTools: options.truncated === true,
      // Overlong names count with the malformed: both are left out, and so denied.
      malformedTools: items.length - named.length + assessed.filter((result) => !result.ok).length,
    },
  };
  return recommendPolicy(input, { ...(options.rules && { rules: options.rules }) });
}
