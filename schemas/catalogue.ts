import { z } from 'zod';
import { CategorySchema, RiskSchema, SeveritySchema } from './assessment.ts';
import { PolicyActionSchema } from './policy.ts';
import { ScanRecordSchema, ScanStatusSchema } from './scan-record.ts';

/** Where a crawl target was discovered. */
export const SourceNameSchema = z.enum(['registry', 'npm', 'github', 'list']);
export type SourceName = z.infer<typeof SourceNameSchema>;

/** One server to crawl, merged from every source that mentioned it. */
export const CrawlTargetSchema = z.object({
  /** Identity: the official registry name (`io.github.user/weather`) or else the npm name (`@scope/name`). */
  key: z.string().min(1),
  /** The exact version to scan: the npm package's, or the server.json's for a server without one; absent means resolve `latest` at crawl time. */
  version: z.string().optional(),
  /** The npm package that runs this server, when there is one. */
  package: z.object({
    /** The npm package name. */
    name: z.string().min(1),
  }).optional(),
  /** The server's server.json as the registry or its repository published it, or as a list line with arguments stands for it. */
  serverJson: z.record(z.string(), z.unknown()).optional(),
  /** One line about the server, from its source. */
  description: z.string().optional(),
  /** The source repository URL, when a source gave one. */
  repository: z.string().optional(),
  /** Every source that listed it, sorted. */
  sources: z.array(SourceNameSchema).min(1),
});
export type CrawlTarget = z.infer<typeof CrawlTargetSchema>;

/** How one source's discovery went. */
export const SourceReportSchema = z.object({
  /** Which source. */
  source: SourceNameSchema,
  /** When discovery ran (ISO 8601); the registry's next `updated_since`. */
  discoveredAt: z.string(),
  /** How many targets it produced. */
  count: z.number().int().min(0),
  /** True when a page or item cap stopped the walk: the list is incomplete. */
  truncated: z.boolean(),
  /** Entries it could not use, each with the reason. */
  malformed: z.array(z.object({
    /** Where the entry was (URL, repository or line). */
    where: z.string(),
    /** What was wrong with it. */
    reason: z.string(),
  })),
});
export type SourceReport = z.infer<typeof SourceReportSchema>;

/** data/targets.json: what to crawl. */
export const TargetsFileSchema = z.object({
  /** The format version of this file. */
  schemaVersion: z.literal(1),
  /** What each source reported the last time it ran. */
  sources: z.array(SourceReportSchema),
  /** The targets, sorted by key, keys unique. */
  targets: z.array(CrawlTargetSchema),
});
export type TargetsFile = z.infer<typeof TargetsFileSchema>;

/** One field of a tool definition that changed between two scans. */
export const FieldChangeSchema = z.object({
  /** JSON Pointer into the tool definition, e.g. `/inputSchema/properties/path/type`. */
  path: z.string(),
  /** The value before (absent when the field was added). */
  before: z.unknown().optional(),
  /** The value after (absent when the field was removed). */
  after: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

/** What one classifier said about one tool at one scan, and what the recommended policy did with it. */
export const VerdictSchema = z.object({
  /** What the tool can do. */
  category: CategorySchema,
  /** How much harm a call can do. */
  risk: RiskSchema,
  /** The recommended policy's action for it (`approve`: a person is asked before each call). */
  action: PolicyActionSchema,
  /** The classifier version that gave the verdict. */
  classifierVersion: z.string(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** A tool named in a history entry, with its pin. */
const PinnedToolSchema = z.object({
  /** The tool's name. */
  name: z.string(),
  /** sha256 of its definition. */
  pin: z.string(),
  /** Its verdict: the new one for an added tool, the last one for a removed tool (entries of format 2 on). */
  verdict: VerdictSchema.optional(),
});

/**
 * What changed in a server's tools between two successful scans (how a rug pull shows up), or in
 * their verdicts when a new classifier reassessed them. Format 2 entries also carry verdicts; an
 * entry without `format` was written before verdicts were recorded and reads as format 1.
 */
export const HistoryEntrySchema = z.object({
  /** The entry's format: 2 records verdicts; absent in older entries (format 1: tool definitions only). */
  format: z.literal(2).optional(),
  /** When the newer scan (or the reassessment) ran (ISO 8601). */
  at: z.string(),
  /** Present when this entry is a reassessment of the same tools by another classifier, without a launch. */
  reassessment: z.object({
    /** The classifier version before. */
    fromClassifier: z.string(),
    /** The classifier version now. */
    toClassifier: z.string(),
  }).optional(),
  /** The version scanned before. */
  fromVersion: z.string().optional(),
  /** The version scanned now. */
  toVersion: z.string().optional(),
  /** Tools that appeared. */
  added: z.array(PinnedToolSchema),
  /** Tools that disappeared. */
  removed: z.array(PinnedToolSchema),
  /** Tools whose definition (and so pin) changed, with a field-level diff. */
  changed: z.array(z.object({
    /** The tool's name. */
    name: z.string(),
    /** Its pin before. */
    fromPin: z.string(),
    /** Its pin now. */
    toPin: z.string(),
    /** The fields that differ. */
    fields: z.array(FieldChangeSchema),
    /** Its verdict before (format 2). */
    fromVerdict: VerdictSchema.optional(),
    /** Its verdict now (format 2). */
    toVerdict: VerdictSchema.optional(),
  })),
  /** Tools with the same definition whose verdict changed (category, risk or action), typically under a new classifier (format 2). */
  verdictChanged: z.array(z.object({
    /** The tool's name. */
    name: z.string(),
    /** Its pin (unchanged). */
    pin: z.string(),
    /** Its verdict before. */
    before: VerdictSchema,
    /** Its verdict now. */
    after: VerdictSchema,
  })).optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** data/servers/<slug>.json: the newest scan record of one server, plus its identity and tool history. */
export const ServerFileSchema = ScanRecordSchema.extend({
  /** The file name (without `.json`) and URL segment of this server. */
  slug: z.string(),
  /** The target's key (registry or npm name). */
  key: z.string(),
  /** The version the crawler resolved and scanned (what incremental crawls compare against). */
  version: z.string().optional(),
  /** Tool changes across rescans, oldest first. */
  history: z.array(HistoryEntrySchema),
});
export type ServerFile = z.infer<typeof ServerFileSchema>;

/** A count for every value of an enum, zeros included, so the site never reads `undefined`. */
const countsOf = <T extends z.ZodEnum>(values: T) => z.record(values, z.number().int().min(0));

/** One server as the site lists it. */
export const IndexEntrySchema = z.object({
  /** File name and URL segment: data/servers/<slug>.json. */
  slug: z.string(),
  /** The target's key (registry or npm name). */
  key: z.string(),
  /** The server's display name: what `initialize` reported, else the key. */
  name: z.string(),
  /** The npm package scanned, when there was one. */
  package: z.string().optional(),
  /** The version scanned. */
  version: z.string().optional(),
  /** How the newest scan ended. */
  status: ScanStatusSchema,
  /** The one-line outcome. */
  detail: z.string(),
  /** When the newest scan ran (ISO 8601). */
  scannedAt: z.string(),
  /** The classifier version that assessed the tools. */
  classifierVersion: z.string(),
  /** How many tools were listed. */
  toolCount: z.number().int().min(0),
  /** Tools per category. */
  toolsByCategory: countsOf(CategorySchema),
  /** Tools per risk. */
  toolsByRisk: countsOf(RiskSchema),
  /** The highest risk of any tool, or null when there are no tools. */
  maxRisk: RiskSchema.nullable(),
  /** Findings across all tools, per severity. */
  findingsBySeverity: countsOf(SeveritySchema),
  /** True when a tool list was cut short by a cap. */
  truncated: z.boolean(),
  /** How many history entries (tool changes across rescans) the server has. */
  historyCount: z.number().int().min(0),
});
export type IndexEntry = z.infer<typeof IndexEntrySchema>;

/** data/index.json: a summary of every server file, sorted by slug; a pure function of data/servers/. */
export const CatalogueIndexSchema = z.object({
  /** The format version of this file. */
  schemaVersion: z.literal(1),
  /** How many servers ended with each status. */
  statusCounts: countsOf(ScanStatusSchema),
  /** One entry per server file. */
  servers: z.array(IndexEntrySchema),
});
export type CatalogueIndex = z.infer<typeof CatalogueIndexSchema>;
