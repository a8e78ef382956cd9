import type { ArgumentOutcome, Policy, PolicyTool } from '../schemas/policy.ts';
import { describeConditions } from './argument-conditions.ts';
import { quoteName } from '../core/terminal-text.ts';

/** Choices the user makes for every export. */
export interface ExportOptions {
  /** Let clients that cannot count calls allow a budgeted tool that changes something with no limit (default: they ask). */
  allowUnbounded?: boolean;
  /** Where the Claude Code hook reads the mcp-risk policy (default: `$CLAUDE_PROJECT_DIR/.claude/mcp-risk-policy.json`). */
  hookPolicyPath?: string;
}

/** A tool changes something unless the classifier calls it a read. */
export function changesSomething(tool: Pick<PolicyTool, 'category'>): boolean {
  return tool.category !== 'read';
}

function askInstead<T extends ArgumentOutcome>(outcome: T, tool: PolicyTool): T {
  if (outcome.action !== 'allow' || !outcome.rateLimits?.length || !changesSomething(tool)) return outcome;
  return { ...outcome, action: 'approve', reason: `a person approves each call (the client cannot count calls to keep the budget); ${outcome.reason}` };
}

/**
 * The policy as a client that cannot count calls should enforce it: a budgeted `allow` of a tool that changes something
 * becomes `approve` (the client asks before each call), in its static verdict and in each argument rule's outcome,
 * unless the user allows unbounded calls. The note says which tools and that the guard keeps the budget instead.
 */
export function withoutUnboundedAllows(policy: Policy, format: string, options: ExportOptions = {}): { policy: Policy; notes: string[] } {
  if (options.allowUnbounded) return { policy, notes: [] };
  const changed: string[] = [];
  const tools = policy.tools.map((tool) => {
    const next: PolicyTool = { ...askInstead(tool, tool) };
    if (tool.argumentRules) {
      next.argumentRules = {
        rules: tool.argumentRules.rules.map((rule) => ({ ...rule, outcome: askInstead(rule.outcome, tool) })),
        otherwise: askInstead(tool.argumentRules.otherwise, tool),
      };
    }
    if (JSON.stringify(next) !== JSON.stringify(tool)) changed.push(quoteName(tool.name));
    return next;
  });
  if (!changed.length) return { policy, notes: [] };
  return {
    policy: { ...policy, tools },
    notes: [`${format} cannot count calls, so ${changed.length === 1 ? 'a tool' : `${changed.length} tools`} that change${changed.length === 1 ? 's' : ''} something and ${changed.length === 1 ? 'is' : 'are'} allowed with a budget ask${changed.length === 1 ? 's' : ''} before each call instead (${changed.join(', ')}); mcp-risk guard enforces the budget itself. Pass --allow-unbounded to allow ${changed.length === 1 ? 'it' : 'them'} with no limit.`],
  };
}

/** Notes for a format that cannot look at arguments: which tools' argument rules it leaves out and what those tools get instead. */
export function describeArgumentRulesNotExpressed(policy: Policy, format: string, enforcer = 'mcp-risk guard applies them per call'): string[] {
  return policy.tools
    .filter((tool) => tool.argumentRules)
    .map((tool) => {
      const rules = tool.argumentRules!.rules.map((rule) => `rule ${rule.rule} (when ${describeConditions(rule.when)} → ${rule.outcome.action})`).join(', ');
      return `${format} cannot look at a call's arguments: ${quoteName(tool.name)} is decided per call by ${rules}; here it gets its most cautious outcome, ${tool.action}. ${enforcer[0]!.toUpperCase()}${enforcer.slice(1)}.`;
    });
}
