import { toTerminalText } from '../core/terminal-text.ts';
import type { Policy } from '../schemas/policy.ts';
import { ToolDefinitionSchema } from '../schemas/tool.ts';
import { pinTool } from '../core/pin.ts';

/** How a live tool list differs from the one a policy was reviewed against. */
export interface PolicyDifferences {
  /** Tools the server lists that the policy does not name. */
  added: string[];
  /** Tools the policy names that the server no longer lists. */
  removed: string[];
  /** Tools whose definition changed since the review (their pin differs). */
  changed: string[];
  /** Set when the server reports another version than the policy was made for. */
  version?: { policy: string; server: string };
}

/** Compares a policy with the server's live tool list at start. */
export function comparePolicy(policy: Policy, items: readonly unknown[], serverVersion: string | undefined): PolicyDifferences {
  const live = new Map<string, string>();
  for (const item of items) {
    const parsed = ToolDefinitionSchema.safeParse(item);
    if (parsed.success && !live.has(parsed.data.name)) live.set(parsed.data.name, pinTool(parsed.data));
  }
  const reviewed = new Map(policy.tools.map((tool) => [tool.name, tool.pin]));
  const differences: PolicyDifferences = {
    added: [...live.keys()].filter((name) => !reviewed.has(name)),
    removed: [...reviewed.keys()].filter((name) => !live.has(name)),
    changed: [...live].filter(([name, pin]) => reviewed.has(name) && reviewed.get(name) !== pin).map(([name]) => name),
  };
  // Like with like: what the server reported about itself then and now (a package's npm version often differs).
  const reported = policy.server.reportedVersion;
  if (reported !== undefined && serverVersion && reported !== serverVersion) {
    differences.version = { policy: reported, server: serverVersion };
  }
  return differences;
}

/** True when the tools differ; a version difference alone is worth a note but the tools are still exactly the reviewed ones. */
export function toolsDiffer(differences: PolicyDifferences): boolean {
  return differences.added.length + differences.removed.length + differences.changed.length > 0;
}

function names(list: string[]): string {
  const shown = list.slice(0, 10).map((name) => `"${toTerminalText(name, 60)}"`).join(', ');
  return list.length > 10 ? `${shown} and ${list.length - 10} more` : shown;
}

/** One sentence naming what differs, for the refusal and for the note under --allow-changed. */
export function describeDifferences(differences: PolicyDifferences): string {
  const parts: string[] = [];
  if (differences.changed.length) parts.push(`changed since the review: ${names(differences.changed)}`);
  if (differences.added.length) parts.push(`not in the policy: ${names(differences.added)}`);
  if (differences.removed.length) parts.push(`in the policy but no longer listed: ${names(differences.removed)}`);
  if (differences.version) parts.push(`the policy is for version ${toTerminalText(differences.version.policy, 40)}, the server reports ${toTerminalText(differences.version.server, 40)}`);
  return parts.join('; ');
}
