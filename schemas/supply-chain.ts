import { z } from 'zod';

/** A fact that could not be established (the registry did not answer, `npm audit` failed…), with why: never shown as an empty, clean-looking value. */
export const UnknownFactSchema = z.object({
  /** Why the fact is unknown, in one line. */
  unknown: z.string(),
});
export type UnknownFact = z.infer<typeof UnknownFactSchema>;

/** A fact as recorded: its value, or why it is unknown. */
const fact = <T extends z.ZodType>(value: T) => z.union([value, UnknownFactSchema]);

/** Advisory severities as npm reports them, least severe first. */
export const AdvisorySeveritySchema = z.enum(['info', 'low', 'moderate', 'high', 'critical']);
export type AdvisorySeverity = z.infer<typeof AdvisorySeveritySchema>;

/** Known advisories in the installed dependency tree, as `npm audit` reports them for that tree. */
export const AdvisoriesSchema = z.object({
  /** Vulnerable packages in the tree per severity (npm audit's `metadata.vulnerabilities`), zeros included. */
  counts: z.record(AdvisorySeveritySchema, z.number().int().min(0)),
  /** The advisories behind them: GitHub advisory ids (`GHSA-…`) or their addresses, sorted, at most 100. */
  ids: z.array(z.string()),
});
export type Advisories = z.infer<typeof AdvisoriesSchema>;

/** Whether and how the version's build can be traced: the registry's signature and a build attestation. */
export const ProvenanceSchema = z.object({
  /** How many registry signatures the version carries (`dist.signatures`); absent when the registry's answer had no such field (a mirror may strip it): unknown, not unsigned. */
  signatures: z.number().int().min(0).optional(),
  /** True when the registry holds a build attestation for the version (`dist.attestations`). */
  attested: z.boolean(),
  /** The repository the attested build ran in (from the SLSA provenance), when attested. */
  repository: z.string().optional(),
  /** The workflow file that built it, e.g. `.github/workflows/release.yml`, when attested. */
  workflow: z.string().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/**
 * Where a scanned npm package version comes from: what its install holds (package.json and the
 * installed tree) and what the registry says about that one version. Each fact is its value, `null`
 * when the package states none, or `{ unknown }` when it could not be established.
 */
export const SupplyChainSchema = z.object({
  /** The format version of this record. */
  schemaVersion: z.literal(1),
  /** When the facts were gathered (ISO 8601): advisories are as of then. */
  checkedAt: z.string(),
  /** The package's one-line description. */
  description: fact(z.string().nullable()),
  /** Its licence (SPDX expression as declared). */
  license: fact(z.string().nullable()),
  /** Its source repository address as declared (shown as a link only when http(s)). */
  repository: fact(z.string().nullable()),
  /** Its homepage as declared (shown as a link only when http(s)). */
  homepage: fact(z.string().nullable()),
  /** Lifecycle scripts the package declares that run at install (`preinstall`, `install`, `postinstall`, `prepare`); the scanner installs with scripts disabled. */
  installScripts: fact(z.array(z.string())),
  /** Dependencies: declared directly in its package.json, and installed in its tree (every package but itself). */
  dependencies: fact(z.object({ direct: z.number().int().min(0), installed: z.number().int().min(0) })),
  /** When the registry says this version was published (ISO 8601). */
  publishedAt: fact(z.string()),
  /** Registry signature and build attestation of the version. */
  provenance: fact(ProvenanceSchema),
  /** Known advisories in the installed tree. */
  advisories: fact(AdvisoriesSchema),
});
export type SupplyChain = z.infer<typeof SupplyChainSchema>;

/** Whether a recorded fact is unknown. */
export function isUnknown(value: unknown): value is UnknownFact {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { unknown?: unknown }).unknown === 'string';
}
