import { z } from 'zod';
import { CategorySchema, FindingIdSchema, RiskSchema, SeveritySchema } from './assessment.ts';
import { PolicyActionSchema } from './policy.ts';
import { ScanStatusSchema } from './scan-record.ts';
import { SupplyChainSchema, UnknownFactSchema } from './supply-chain.ts';

/** One finding about a tool's definition, without its evidence text (the scan record has it). */
const SecurityFindingSchema = z.object({
  /** Which check fired. */
  id: FindingIdSchema,
  /** How serious it is. */
  severity: SeveritySchema,
});

/** One tool's verdict in a security record. */
export const SecurityToolSchema = z.object({
  /** The tool's name exactly as the server lists it (untrusted text). */
  name: z.string(),
  /** sha256 of the tool's definition: a rescan with another pin means the tool changed. */
  pin: z.string().regex(/^[0-9a-f]{64}$/),
  /** What the tool can do. */
  category: CategorySchema,
  /** How much harm a call can do. */
  risk: RiskSchema,
  /** The classifier's confidence in the verdict (0–1); below 0.5 a person should review it. */
  confidence: z.number().min(0).max(1),
  /** What the recommended policy lets an agent do with it. */
  action: PolicyActionSchema,
  /** Problems in the definition itself (prompt injection, hidden unicode, annotation mismatch…). */
  findings: z.array(SecurityFindingSchema),
});
export type SecurityTool = z.infer<typeof SecurityToolSchema>;

/**
 * /servers/<slug>/security.json: a compact security summary of one scanned server, small enough to
 * attach to a registry entry's `_meta` (for example under the key `dev.mcp-risk/security`).
 */
export const SecurityRecordSchema = z.object({
  /** The format version of this record: 2 adds `supplyChain`. */
  schemaVersion: z.literal(2),
  /** Who produced it. */
  producer: z.literal('mcp-risk'),
  /** The server the record is about. */
  server: z.object({
    /** The catalogue's key for it (registry or npm name). */
    key: z.string(),
    /** The npm package scanned, when there was one. */
    package: z.object({
      /** The package name. */
      name: z.string(),
      /** The exact version scanned. */
      version: z.string(),
    }).optional(),
    /** The name and version the server reported in `initialize`, when the scan got that far. */
    reported: z.object({
      /** Its name. */
      name: z.string(),
      /** Its version. */
      version: z.string(),
    }).optional(),
  }),
  /** When the scan ran (ISO 8601). */
  scannedAt: z.string(),
  /** How the scan ended; only `ok` scans have tools. */
  status: ScanStatusSchema,
  /** The mcp-risk version that scanned. */
  scannerVersion: z.string(),
  /** The classifier version that assessed the tools. */
  classifierVersion: z.string(),
  /** sha256 over every tool's name and pin (the recommended policy's scanPin): the record holds for exactly this tool list. */
  scanPin: z.string().regex(/^[0-9a-f]{64}$/),
  /** True when a cap cut the tool list short: tools not listed here were not assessed. */
  truncated: z.boolean(),
  /** Every tool the server listed, in its order. */
  tools: z.array(SecurityToolSchema),
  /**
   * Where the package's code comes from (licence, repository, install scripts, provenance, advisories in
   * its installed tree), each fact known or `{ unknown }`; the whole is `{ unknown }` when no facts were
   * gathered (not an npm package, or scanned before they were recorded).
   */
  supplyChain: z.union([SupplyChainSchema, UnknownFactSchema]),
});
export type SecurityRecord = z.infer<typeof SecurityRecordSchema>;
