import { z } from 'zod';
import { SeveritySchema } from './assessment.ts';

/** Which check found something in a message (see docs/guard.md, "What the guard reads in messages"). */
export const ContentFindingIdSchema = z.enum([
  /** Text written to steer the model: ignore instructions, hide things from the user, role switches, exfiltration. */
  'prompt-injection',
  /** Characters a person cannot see: zero-width, bidi, tag characters, ESC and other controls. */
  'hidden-unicode',
  /** A credential recognised by its shape (private key, cloud key, access token); never shown, only its kind and a hash. */
  'secret',
  /** A server asking the person for a password, key or code (elicitation or a sampling prompt). */
  'credential-request',
  /** A call argument carrying shell syntax or an option that makes a command run something. */
  'argument-injection',
]);
export type ContentFindingId = z.infer<typeof ContentFindingIdSchema>;

/** One thing a check found in one message. */
export const ContentFindingSchema = z.object({
  /** Which check. */
  id: ContentFindingIdSchema,
  /** error: hostile; warning: worth a look, never blocks. */
  severity: SeveritySchema,
  /** Where in the message, as a path: `result.content[0].text`, `params.arguments.path`, `result.tools[2]`. */
  location: z.string(),
  /** One sentence a person can act on. */
  message: z.string(),
  /** What triggered it: the words (quoted), the code points, or for a secret its kind and a short hash, never its value. */
  evidence: z.string(),
});
export type ContentFinding = z.infer<typeof ContentFindingSchema>;

/** What to do with a message: forward it, forward it and record a warning, or stop it. */
export const ContentVerdictSchema = z.enum(['pass', 'warn', 'block']);
export type ContentVerdict = z.infer<typeof ContentVerdictSchema>;

/** How hostile findings in what servers send at run time (results, prompts, resources, requests) are treated. */
export const ContentActionSchema = z.enum(['warn', 'block']);
export type ContentAction = z.infer<typeof ContentActionSchema>;

/** The inspection policy: hostile definitions always block; hostile run-time content warns unless set to block. */
export const ContentPolicySchema = z.object({
  /** For tool results, prompts, resources, instructions, elicitation and sampling requests, and call arguments. */
  content: ContentActionSchema,
});
export type ContentPolicy = z.infer<typeof ContentPolicySchema>;

/** One input line of `mcp-risk inspect`: a JSON-RPC message with an id of the caller's choosing. */
export const InspectFrameSchema = z.looseObject({
  /** Echoed back on the verdict line. */
  id: z.union([z.string(), z.number()]),
  /** Which side sent it; without it, a `tools/call` request is read as the client's and everything else as the server's. */
  direction: z.enum(['server-to-client', 'client-to-server']).optional(),
  /** The JSON-RPC message as it went over the wire. */
  message: z.record(z.string(), z.unknown()),
});
export type InspectFrame = z.infer<typeof InspectFrameSchema>;

/** One output line of `mcp-risk inspect`. */
export const InspectVerdictLineSchema = z.object({
  /** The frame's id. */
  id: z.union([z.string(), z.number()]),
  /** What the guard would do with the message under the policy given. */
  verdict: ContentVerdictSchema,
  /** Everything the checks found. */
  findings: z.array(ContentFindingSchema),
});
export type InspectVerdictLine = z.infer<typeof InspectVerdictLineSchema>;
