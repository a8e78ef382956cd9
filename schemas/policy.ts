import { z } from 'zod';
import { ArgumentConditionsSchema } from './argument-conditions.ts';
import { CategorySchema, InferredAnnotationsSchema, RiskSchema } from './assessment.ts';

/** What an agent may do with one tool: call it freely, call it after a person approves each call, or never. */
export const PolicyActionSchema = z.enum(['allow', 'approve', 'deny']);
export type PolicyAction = z.infer<typeof PolicyActionSchema>;

/** From least to most restrictive; when two verdicts meet, the later one in this list wins. */
export const ACTION_ORDER: readonly PolicyAction[] = PolicyActionSchema.options;

/** The length of a rate-limit window. */
export const RateLimitWindowSchema = z.enum(['minute', 'hour', 'day']);
export type RateLimitWindow = z.infer<typeof RateLimitWindowSchema>;

/** At most `max` calls per calendar `window`. */
export const RateLimitSchema = z.object({
  /** The window the count resets on. */
  window: RateLimitWindowSchema,
  /** The most calls allowed in one window. */
  max: z.number().int().positive(),
});
export type RateLimit = z.infer<typeof RateLimitSchema>;

const uniqueWindows = (limits: RateLimit[] | undefined) => new Set(limits?.map((limit) => limit.window)).size === (limits?.length ?? 0);

/** Where a tool's verdict came from. */
export const PolicySourceSchema = z.enum(['default', 'finding', 'rules']);
export type PolicySource = z.infer<typeof PolicySourceSchema>;

/** What a call gets when an argument rule (or, failing every one, the tool's other verdict) decides it. */
export const ArgumentOutcomeSchema = z
  .object({
    /** The action for such a call. */
    action: PolicyActionSchema,
    /** Its call budgets; absent means none. */
    rateLimits: z.array(RateLimitSchema).optional(),
    /** Why, in words. */
    reason: z.string(),
  })
  .refine((outcome) => uniqueWindows(outcome.rateLimits), { message: 'at most one rate limit per window', path: ['rateLimits'] });
export type ArgumentOutcome = z.infer<typeof ArgumentOutcomeSchema>;

/** One rule with `when` conditions, as it applies to one tool. */
export const ArgumentRuleSchema = z.object({
  /** The rule's number in the rules file (1-based), for audits and notes. */
  rule: z.number().int().positive(),
  /** Conditions on the call's arguments; all must hold. */
  when: ArgumentConditionsSchema,
  /** What a call gets when they hold. */
  outcome: ArgumentOutcomeSchema,
});
export type ArgumentRule = z.infer<typeof ArgumentRuleSchema>;

/** A tool's verdict per call: the first rule whose conditions hold decides, else `otherwise`. See docs/policy.md. */
export const ArgumentRulesSchema = z.object({
  /** In the order they are tried. */
  rules: z.array(ArgumentRuleSchema).min(1),
  /** What a call gets when no rule's conditions hold. */
  otherwise: ArgumentOutcomeSchema,
});
export type ArgumentRules = z.infer<typeof ArgumentRulesSchema>;

/** The policy for one tool. */
export const PolicyToolSchema = z
  .object({
    /** The tool's name exactly as the server lists it (untrusted text: exports escape or skip it). */
    name: z.string(),
    /** What an agent may do with it; with `argumentRules`, the most cautious action a call may get (for clients that cannot look at arguments). */
    action: PolicyActionSchema,
    /** Call budgets; absent or empty means no limit. At most one per window. */
    rateLimits: z.array(RateLimitSchema).optional(),
    /** Why, in words a person can read: category, risk and the strongest signals or the rule that decided. */
    reason: z.string(),
    /** Rules that decide each call by its arguments; the guard and the Claude Code hook apply them, exports translate what they can. */
    argumentRules: ArgumentRulesSchema.optional(),
    /** Whether the default mapping, a finding or the rules file decided the action. */
    source: PolicySourceSchema,
    /** The classifier's category for the tool. */
    category: CategorySchema,
    /** The classifier's risk for the tool. */
    risk: RiskSchema,
    /** sha256 of the tool definition the verdict is for; a changed definition needs a new scan. */
    pin: z.string().regex(/^[0-9a-f]{64}$/),
    /** The MCP hints the assessment implies, for exports that rewrite annotations. */
    inferredAnnotations: InferredAnnotationsSchema,
    /** The hints the server itself declared, when it declared any: no export overrides one with a less cautious value. */
    declaredAnnotations: InferredAnnotationsSchema.partial().optional(),
  })
  .refine((tool) => uniqueWindows(tool.rateLimits), { message: 'at most one rate limit per window', path: ['rateLimits'] })
  .refine((tool) => tool.action !== 'deny' || !tool.rateLimits?.length, { message: 'a denied tool has no rate limits', path: ['rateLimits'] });
export type PolicyTool = z.infer<typeof PolicyToolSchema>;

/** A recommended policy for one server, built from one scan. */
export const PolicySchema = z.object({
  /** The format version of this policy. */
  version: z.literal(1),
  /** The server the policy is for. */
  server: z.object({
    /** A human name: the configured name, the package or what the server called itself. */
    name: z.string(),
    /** The name a client configuration knows the server by; exports build tool references from it. */
    key: z.string().min(1),
    /** The version scanned (package version, else the server's own), when known. */
    version: z.string().optional(),
    /** The version the server reported about itself (`serverInfo.version`) when scanned: the guard compares like with like. */
    reportedVersion: z.string().optional(),
    /** What was scanned, as the user wrote it. */
    target: z.string(),
    /** sha256 over every tool's name and pin: the policy applies to exactly this tool list. */
    scanPin: z.string().regex(/^[0-9a-f]{64}$/),
    /** When the scan started (ISO 8601). */
    scannedAt: z.string(),
  }),
  /** The classifier version whose assessments the policy is built on. */
  classifierVersion: z.string(),
  /** Tools the policy does not name (added after the scan, or cut off by a cap) are denied. */
  defaultAction: z.literal('deny'),
  /** One entry per tool, in the order the server listed them; names are unique. */
  tools: z.array(PolicyToolSchema).refine((tools) => new Set(tools.map((tool) => tool.name)).size === tools.length, {
    message: 'tool names must be unique',
  }),
  /** Things a reader must know about the whole policy, e.g. that the scan's tool list was truncated. */
  notes: z.array(z.string()),
});
export type Policy = z.infer<typeof PolicySchema>;

/** Which tools a rule applies to; every field given must match. */
export const RuleMatchSchema = z
  .strictObject({
    /** Tools of this category. */
    category: CategorySchema.optional(),
    /** Tools of this risk. */
    risk: RiskSchema.optional(),
    /** A tool name, exact, or a glob where `*` matches any run of characters and `?` one character; at most 256 characters. */
    tool: z.string().min(1).max(256).optional(),
  })
  .refine((match) => match.category !== undefined || match.risk !== undefined || match.tool !== undefined, {
    message: 'give at least one of category, risk or tool',
  });
export type RuleMatch = z.infer<typeof RuleMatchSchema>;

/** One override in a rules file. */
export const PolicyRuleSchema = z
  .strictObject({
    /** Which tools it applies to. */
    match: RuleMatchSchema,
    /** The action those tools get. */
    action: PolicyActionSchema,
    /** Their call budgets; omitted means none. */
    rateLimits: z.array(RateLimitSchema).optional(),
    /** Why, shown in the policy's reason. */
    reason: z.string().optional(),
    /** Conditions on a call's arguments: the rule applies only to calls where all hold (decided per call; see docs/policy.md). */
    when: ArgumentConditionsSchema.optional(),
  })
  .refine((rule) => uniqueWindows(rule.rateLimits), { message: 'at most one rate limit per window', path: ['rateLimits'] })
  .refine((rule) => rule.action !== 'deny' || !rule.rateLimits?.length, { message: 'a deny rule takes no rate limits', path: ['rateLimits'] });
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/** A team's overrides of the default mapping (`--rules FILE`, YAML or JSON); precedence in docs/policy.md. */
export const PolicyRulesFileSchema = z.strictObject({
  /** The format version of this file. */
  version: z.literal(1),
  /** The overrides; among equally specific rules the later one wins. */
  rules: z.array(PolicyRuleSchema),
});
export type PolicyRulesFile = z.infer<typeof PolicyRulesFileSchema>;
