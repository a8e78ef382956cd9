import type { Category, Risk } from '../schemas/assessment.ts';
import type { ArgumentRules, Policy, PolicyAction, PolicyTool, RateLimit } from '../schemas/policy.ts';
import { ToolDefinitionSchema } from '../schemas/tool.ts';
import { pinTool } from '../core/pin.ts';
import { verifyAnnotations } from './verified-annotations.ts';

/** The longest tool name the guard matches (the specification recommends at most 128 characters); longer ones are left out. */
export const MAX_TOOL_NAME_LENGTH = 128;

/** A listed item's name when it is too long to match: such an item is left out (denied) before any rule or glob sees it. */
export function overlongName(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null || !('name' in item) || typeof item.name !== 'string') return undefined;
  return item.name.length > MAX_TOOL_NAME_LENGTH ? item.name : undefined;
}

/** The `_meta` key under which every listed tool carries the guard's verdict. */
export const VERDICT_META_KEY = 'io.github.mcp-risk/verdict';

/** What the guard will do with calls to one tool, as decided from the policy and the tool's live definition. */
export interface ToolVerdict {
  name: string;
  action: PolicyAction;
  rateLimits: RateLimit[];
  reason: string;
  /** Undefined when the policy does not know the tool (or its definition changed): nothing reviewed it. */
  category: Category | undefined;
  risk: Risk | undefined;
  /** `reviewed`: the policy names it with this exact definition; otherwise the policy's default applies. */
  status: 'reviewed' | 'unknown' | 'changed';
  /** Rules that decide each call by its arguments (then `action` is the most cautious outcome); see guard/argument-verdict.ts. */
  argumentRules?: ArgumentRules;
}

/**
 * The `_meta` key Claude Code reads to ask a person before every call of a tool (and to refuse it where nobody can
 * be asked). Every `approve` tool carries it, so a client that asks on its own does.
 */
export const CLIENT_ASKS_META_KEY = 'anthropic/requiresUserInteraction';

/** Something about a listed tool a person must hear about: it is reported on stderr and in the audit log. */
export interface ToolReport {
  tool: string;
  change: 'unknown' | 'changed' | 'malformed' | 'duplicate';
  /** The definition's pin, when it could be computed. */
  pin?: string;
  /** The pin the policy was reviewed against. */
  expectedPin?: string;
  detail: string;
}

/** A tool list after review: what the client may see, what each name gets, and what to report. */
export interface ReviewedList {
  tools: Record<string, unknown>[];
  verdicts: ToolVerdict[];
  reports: ToolReport[];
}

function describeDefault(policy: Policy, why: string): string {
  return `${policy.defaultAction === 'deny' ? 'denied' : policy.defaultAction} by the policy's default: ${why}`;
}

function verdictFor(entry: PolicyTool | undefined, pin: string, policy: Policy, name: string): { verdict: ToolVerdict; report?: Omit<ToolReport, 'tool'> } {
  if (!entry) {
    const reason = describeDefault(policy, 'the policy does not name this tool (it was added after the review)');
    return {
      verdict: { name, action: policy.defaultAction, rateLimits: [], reason, category: undefined, risk: undefined, status: 'unknown' },
      report: { change: 'unknown', pin, detail: reason },
    };
  }
  if (entry.pin !== pin) {
    const reason = describeDefault(policy, 'its definition changed after the review (the pin differs): review it again before trusting it');
    return {
      verdict: { name, action: policy.defaultAction, rateLimits: [], reason, category: undefined, risk: undefined, status: 'changed' },
      report: { change: 'changed', pin, expectedPin: entry.pin, detail: reason },
    };
  }
  return {
    verdict: { name, action: entry.action, rateLimits: entry.rateLimits ?? [], reason: entry.reason, category: entry.category, risk: entry.risk, status: 'reviewed', ...(entry.argumentRules && { argumentRules: entry.argumentRules }) },
  };
}

/**
 * Reviews a tool list (or one page of it) against a policy. Each item is checked on its own: a malformed one is
 * left out without hiding the others. Denied tools are left out of what the client sees; every other tool carries
 * verified annotations and the verdict under `_meta`. Items are returned as the server sent them otherwise, so
 * fields this code does not know survive.
 */
export function reviewToolList(items: readonly unknown[], policy: Policy): ReviewedList {
  const byName = new Map(policy.tools.map((tool) => [tool.name, tool]));
  const seen = new Set<string>();
  const reviewed: ReviewedList = { tools: [], verdicts: [], reports: [] };
  items.forEach((item, index) => {
    const name = overlongName(item);
    if (name !== undefined) {
      reviewed.reports.push({ tool: `${name.slice(0, MAX_TOOL_NAME_LENGTH)}…`, change: 'malformed', detail: `left out: item ${index} of the tool list has a name longer than ${MAX_TOOL_NAME_LENGTH} characters (${name.length}), cut here; it is denied` });
      return;
    }
    const parsed = ToolDefinitionSchema.safeParse(item);
    if (!parsed.success) {
      const name = typeof (item as { name?: unknown } | null)?.name === 'string' ? (item as { name: string }).name : `#${index}`;
      reviewed.reports.push({ tool: name, change: 'malformed', detail: `left out: item ${index} of the tool list is not a valid tool definition` });
      return;
    }
    const tool = parsed.data;
    if (seen.has(tool.name)) {
      reviewed.reports.push({ tool: tool.name, change: 'duplicate', detail: `left out: the server lists this name twice; only the first definition is used` });
      return;
    }
    seen.add(tool.name);
    const entry = byName.get(tool.name);
    const pin = pinTool(tool);
    const { verdict, report } = verdictFor(entry, pin, policy, tool.name);
    reviewed.verdicts.push(verdict);
    if (report) reviewed.reports.push({ tool: tool.name, ...report });
    // A tool that argument rules allow for some calls stays listed; each call is decided on its own.
    if (verdict.action === 'deny' && !verdict.argumentRules) return;
    const raw = item as Record<string, unknown>;
    const meta = typeof raw._meta === 'object' && raw._meta !== null ? (raw._meta as Record<string, unknown>) : {};
    reviewed.tools.push({
      ...raw,
      // A reviewed tool gets the assessment's hints; an unreviewed one cannot reach here while the default is deny.
      ...(entry && verdict.status === 'reviewed' && { annotations: verifyAnnotations(tool.annotations as Record<string, unknown> | undefined, entry.inferredAnnotations) }),
      _meta: {
        ...meta,
        [VERDICT_META_KEY]: { category: verdict.category, risk: verdict.risk, action: verdict.action, reason: verdict.reason },
        ...(verdict.action === 'approve' && { [CLIENT_ASKS_META_KEY]: true }),
      },
    });
  });
  return reviewed;
}
