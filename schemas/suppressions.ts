import { z } from 'zod';
import { RiskSchema } from './assessment.ts';

/** One reviewed result a team silences: a tool's finding, or its verdict (risk), with why and until when. */
export const SuppressionSchema = z
  .strictObject({
    /** The tool's name, exact. */
    tool: z.string().min(1),
    /** The server's name as the scan reports it; omitted means any server. */
    server: z.string().min(1).optional(),
    /** A finding id (e.g. `prompt-injection`) this entry silences. */
    finding: z.string().min(1).optional(),
    /** A risk verdict (e.g. `high`) this entry silences. */
    verdict: RiskSchema.optional(),
    /** Why it was reviewed and accepted. */
    reason: z.string().min(1),
    /** The last day (YYYY-MM-DD, UTC) it holds; after that the scan fails until it is reviewed again. */
    expires: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .refine((entry) => (entry.finding === undefined) !== (entry.verdict === undefined), { message: 'give exactly one of finding or verdict' });
export type Suppression = z.infer<typeof SuppressionSchema>;

/** `.mcp-risk.yaml`: reviewed results the scan should not report again (docs/scanning.md, "Review in CI"). */
export const SuppressionsFileSchema = z.strictObject({
  /** The entries. */
  ignore: z.array(SuppressionSchema),
});
export type SuppressionsFile = z.infer<typeof SuppressionsFileSchema>;
