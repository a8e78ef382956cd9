import { z } from 'zod';
import { ArgumentDecisionSchema } from './argument-conditions.ts';
import { ContentFindingSchema, ContentVerdictSchema } from './content-inspection.ts';
import { PolicyActionSchema, RateLimitWindowSchema } from './policy.ts';

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

const common = {
  /** When it happened (ISO 8601, UTC). */
  time: z.string(),
  /** The server's key (the name client configurations know it by). */
  server: z.string(),
};

/** What the guard did with one `tools/call`. */
export const GuardDecisionSchema = z.enum(['allowed', 'approved', 'declined', 'denied', 'rate_limited', 'refused']);
export type GuardDecision = z.infer<typeof GuardDecisionSchema>;

/** How one call ended. */
export const GuardOutcomeSchema = z.enum([
  /** The server answered with a result. */
  'ok',
  /** The server answered with a tool error (`isError: true`). */
  'tool_error',
  /** The server answered with a JSON-RPC error. */
  'error',
  /** The guard never forwarded it. */
  'blocked',
  /** The client cancelled it, or went away, before an answer. */
  'cancelled',
  /** The server exited (or the connection to it closed) before answering. */
  'server_exited',
  /** The server answered, but the guard withheld the answer: the message checks blocked its content. */
  'withheld',
]);
export type GuardOutcome = z.infer<typeof GuardOutcomeSchema>;

/** One tool call through the guard. */
export const GuardCallLineSchema = z.object({
  event: z.literal('call'),
  ...common,
  /** The tool's name as the client sent it. */
  tool: z.string(),
  /** The policy's action for the tool at the time of the call; absent when the tool was not in the list. */
  action: PolicyActionSchema.optional(),
  /** What the guard did. */
  decision: GuardDecisionSchema,
  /** Why, in words: the policy's reason, the spent budget, or the person's answer. */
  reason: z.string(),
  /** sha256 (hex) of the canonical JSON of the arguments (keys sorted; `{}` when none were given). */
  argumentsSha256: Sha256Schema,
  /** The arguments themselves, only when the guard runs with --audit-args. */
  arguments: z.unknown().optional(),
  /** From the call reaching the guard to its answer leaving it, approval time included. */
  durationMs: z.number().nonnegative(),
  /** How it ended. */
  outcome: GuardOutcomeSchema,
  /** The budget window that refused it, for `rate_limited`. */
  window: RateLimitWindowSchema.optional(),
  /** For a tool with argument rules: which rule and which condition decided this call. */
  argumentRule: ArgumentDecisionSchema.optional(),
  /** What the message checks found in the arguments and in the answer; absent when they found nothing. */
  findings: z.array(ContentFindingSchema).optional(),
});
export type GuardCallLine = z.infer<typeof GuardCallLineSchema>;

/** A listed tool the policy did not review as it is now: added, changed (a rug pull), malformed or duplicated. */
export const GuardToolLineSchema = z.object({
  event: z.literal('tool'),
  ...common,
  /** The tool's name (or `#INDEX` when a malformed item has none). */
  tool: z.string(),
  /** What is wrong with it. */
  change: z.enum(['unknown', 'changed', 'malformed', 'duplicate']),
  /** The action it gets instead: the policy's default. */
  action: PolicyActionSchema,
  /** The pin of the definition the server sent now. */
  pin: Sha256Schema.optional(),
  /** The pin the policy was reviewed against. */
  expectedPin: Sha256Schema.optional(),
  /** One sentence for a person. */
  detail: z.string(),
});
export type GuardToolLine = z.infer<typeof GuardToolLineSchema>;

/** The guard starting, refusing to start, or stopping. */
export const GuardSessionLineSchema = z.object({
  event: z.literal('session'),
  ...common,
  /** Which moment of the session this is. */
  phase: z.enum(['start', 'refused', 'stop']),
  /** Where the policy came from (start), what differs (refused), or why it stopped and with which status (stop). */
  detail: z.string(),
});
export type GuardSessionLine = z.infer<typeof GuardSessionLineSchema>;

/** A message other than a call's that the message checks found something in: a prompt, a resource, instructions, a request. */
export const GuardContentLineSchema = z.object({
  event: z.literal('content'),
  ...common,
  /** The request's method (`prompts/get`, `elicitation/create`, …), or of the request a response answers; `response` when unknown. */
  method: z.string(),
  /** Which side sent it. */
  direction: z.enum(['server-to-client', 'client-to-server']),
  /** What the guard did: forwarded it (`warn`), or withheld it and answered with an error (`block`). */
  verdict: ContentVerdictSchema.exclude(['pass']),
  /** What the checks found (a secret by its kind and a short hash, never its value). */
  findings: z.array(ContentFindingSchema),
});
export type GuardContentLine = z.infer<typeof GuardContentLineSchema>;

/** One line of the guard's audit log (JSON Lines; see docs/guard.md). */
export const GuardAuditLineSchema = z.discriminatedUnion('event', [GuardCallLineSchema, GuardToolLineSchema, GuardSessionLineSchema, GuardContentLineSchema]);
export type GuardAuditLine = z.infer<typeof GuardAuditLineSchema>;

/** The guard's rate-limit counters, kept across restarts. */
export const GuardStateSchema = z.object({
  /** The format version of this file. */
  version: z.literal(1),
  /** The server key the counters belong to. */
  server: z.string(),
  /** Per tool, per window: when the window started (ms since the epoch) and how many calls it has seen. */
  counters: z.record(z.string(), z.partialRecord(RateLimitWindowSchema, z.object({ start: z.number().int(), count: z.number().int().nonnegative() }))),
});
export type GuardState = z.infer<typeof GuardStateSchema>;
