import { z } from 'zod';

/** What an agent may do with one tool. */
export const PolicyActionSchema = z.enum(['allow', 'approve', 'deny']);
export type PolicyAction = z.infer<typeof PolicyActionSchema>;

/** A recommended policy for one server. The policy issue extends this stub. */
export const PolicySchema = z.object({
  /** The format version of this policy. */
  version: z.literal(1),
  /** Applies to tools the policy does not name. */
  defaultAction: z.literal('deny'),
  /** Per tool, by name. */
  tools: z.record(z.string(), z.object({ action: PolicyActionSchema })),
});
export type Policy = z.infer<typeof PolicySchema>;
