import { z } from 'zod';
import { AssessmentSchema } from './assessment.ts';
import { SupplyChainSchema } from './supply-chain.ts';
import { ToolDefinitionSchema } from './tool.ts';

/** How a scan ended. A failed scan is a result with one of these, never an exception. */
export const ScanStatusSchema = z.enum([
  'ok',
  'needs_credentials',
  'timeout',
  'crashed',
  'protocol_error',
  'install_failed',
  'unsupported',
  'auth_required',
  'unreachable',
]);
export type ScanStatus = z.infer<typeof ScanStatusSchema>;

/** What kind of thing was asked for. */
export const TargetKindSchema = z.enum(['npm', 'pypi', 'server-json', 'client-config', 'url', 'command']);
export type TargetKind = z.infer<typeof TargetKindSchema>;

/** A tool a server listed, with the classifier's assessment and a pin of its definition. */
export const ScannedToolSchema = ToolDefinitionSchema.extend({
  /** sha256 (hex) of the canonical JSON of name, title, description, inputSchema, outputSchema, annotations, icons and _meta (fields a tool lacks leave no trace). */
  pin: z.string().regex(/^[0-9a-f]{64}$/),
  /** The classifier's verdict on this tool. */
  assessment: AssessmentSchema,
});
export type ScannedTool = z.infer<typeof ScannedToolSchema>;

/** An item a server listed that did not match the protocol's schema; kept so nothing vanishes silently. */
export const MalformedItemSchema = z.object({
  /** Which list it came from. */
  list: z.enum(['tools', 'prompts', 'resources', 'resourceTemplates']),
  /** Its position in that list, across pages. */
  index: z.number().int().min(0),
  /** Its name, when it had a string one. */
  name: z.string().optional(),
  /** What was wrong with it. */
  reason: z.string(),
});

/** A prompt template the server offers. */
export const ScannedPromptSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** The prompt's arguments, as declared. */
  arguments: z.array(z.object({ name: z.string(), description: z.string().optional(), required: z.boolean().optional() })).optional(),
});

/** A resource, or a resource template when `uriTemplate` is set. */
export const ScannedResourceSchema = z.object({
  name: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  /** Set for concrete resources. */
  uri: z.string().optional(),
  /** Set for resource templates (RFC 6570). */
  uriTemplate: z.string().optional(),
  mimeType: z.string().optional(),
});

/** The installed package that was launched, when the target was a package. */
export const ResolvedPackageSchema = z.object({
  /** Which package registry: npm, or a Python package index (PyPI's or the one given). */
  registry: z.enum(['npm', 'pypi']),
  /** The package name, e.g. `@modelcontextprotocol/server-memory`. */
  name: z.string(),
  /** The exact version installed (`latest` resolved). */
  version: z.string(),
  /** The registry's integrity string (`sha512-…` from npm's lockfile, `sha256-…` of a Python wheel), when known. */
  integrity: z.string().optional(),
});

/** The limits the sandbox enforced. */
export const SandboxLimitsSchema = z.object({
  startTimeoutMs: z.number().int().positive(),
  requestTimeoutMs: z.number().int().positive(),
  memoryBytes: z.number().int().positive(),
  maxProcesses: z.number().int().positive(),
  maxMessageBytes: z.number().int().positive(),
  maxStdoutBytes: z.number().int().positive(),
  maxPages: z.number().int().positive(),
  maxItems: z.number().int().positive(),
});

/** The shape a placeholder was given to pass a format check: plain, a prefix a refusal named, a token or JWT shape, a URL or host on the sandbox's loopback, a number, an address, a file or directory created for it, a socket. */
export const PlaceholderKindSchema = z.enum(['generic', 'prefixed', 'token', 'jwt', 'url', 'host', 'port', 'email', 'file', 'directory', 'socket']);
export type PlaceholderKind = z.infer<typeof PlaceholderKindSchema>;

/** A stub service that ran beside the server inside its sandbox (loopback or a unix socket only). */
export const StubServiceSchema = z.enum(['docker', 'redis', 'http']);

/** What a launched server ran against: its Node, the placeholders and stubs it was given, and every launch it took. */
export const RanWithSchema = z.object({
  /** The Node that ran the server; absent for servers that are not Node scripts. */
  node: z.object({
    /** `process.version` of that Node, e.g. `v22.23.5`. */
    version: z.string(),
    /** The scanner's own Node, or a binary installed from the npm registry into the scanner's cache. */
    source: z.enum(['scanner', 'npm-registry']),
    /** Why a Node other than the scanner's ran it (`engines`, or what a failed launch said). */
    reason: z.string().optional(),
  }).optional(),
  /** Every placeholder the server saw, by variable name, with the shape it was given. */
  placeholders: z.array(z.object({
    /** The variable's name. */
    name: z.string(),
    /** The shape its value was given. */
    kind: PlaceholderKindSchema,
  })),
  /** Placeholder files created inside the sandbox because the server asked for them. */
  files: z.array(z.object({
    /** The path inside the sandbox. */
    path: z.string(),
  })),
  /** Stub services that ran beside the server in its own network namespace. */
  stubs: z.array(z.object({
    /** Which service. */
    service: StubServiceSchema,
    /** Where it listened: a loopback port or a unix socket path. */
    listen: z.string(),
  })),
  /** Host files and folders the entry's arguments named (and a command's working directory), and how each was shown to the server. */
  paths: z.array(z.object({
    /** The host path, at the same path inside the sandbox. */
    path: z.string(),
    /** Read-only, or an empty folder standing in for a protected one (the home directory, the configuration's folder). */
    shown: z.enum(['read-only', 'empty stand-in']),
  })).optional(),
  /** Every launch, in order, with how it ended and what was changed before it (the first changes nothing). */
  attempts: z.array(z.object({
    /** How that launch ended. */
    status: ScanStatusSchema,
    /** Its one-line outcome, shortened. */
    detail: z.string(),
    /** What was added or changed for this launch after reading the previous one's failure. */
    changes: z.array(z.string()),
  })),
});
export type RanWith = z.infer<typeof RanWithSchema>;

/** What one scan of one server saw. */
export const ScanRecordSchema = z.object({
  /** The format version of this record. */
  schemaVersion: z.literal(1),
  /** What was asked for, as the user wrote it, e.g. `npm:@modelcontextprotocol/server-memory@latest`. */
  target: z.string(),
  /** What kind of target it was. */
  targetKind: TargetKindSchema,
  /** The server's name within a server.json or client configuration (its key there), if any. */
  serverName: z.string().optional(),
  /** The package installed, for package targets. */
  package: ResolvedPackageSchema.optional(),
  /** The mcp-risk version that scanned. */
  scannerVersion: z.string(),
  /** The classifier version that assessed the tools (tools are reassessed when it changes). */
  classifierVersion: z.string(),
  /** When the scan started (ISO 8601). */
  scannedAt: z.string(),
  /** The sandbox backend and its limits. */
  sandbox: z.object({ backend: z.enum(['bubblewrap', 'docker', 'none', 'remote']), limits: SandboxLimitsSchema }),
  /** Which limits were hit, e.g. `maxStdoutBytes`, `maxItems:tools`. */
  limitsHit: z.array(z.string()),
  /** Milliseconds spent in each phase. */
  timings: z.object({
    installMs: z.number().optional(),
    startMs: z.number().optional(),
    listMs: z.number().optional(),
    totalMs: z.number(),
  }),
  /** How the scan ended. */
  status: ScanStatusSchema,
  /** One line a person can read about the outcome. */
  detail: z.string(),
  /** The process's exit code, if it exited. */
  exitCode: z.number().int().nullable().optional(),
  /** The first and last few hundred bytes the server wrote to stderr. */
  stderrExcerpt: z.string().optional(),
  /** Environment variables the server declared or asked for, each filled with a recorded placeholder (never a real secret). */
  environment: z.array(z.object({
    /** The variable's name. */
    name: z.string(),
    /** The value the server saw: a placeholder, or a non-secret default. */
    placeholder: z.string(),
    /** Whether it holds a secret (declared so, or guessed from the name). */
    isSecret: z.boolean(),
    /** Whether the server requires it. */
    isRequired: z.boolean(),
    /** True when the server did not declare it but asked for it by name on a first launch, so it was relaunched with a placeholder. */
    requested: z.literal(true).optional(),
  })),
  /**
   * The MCP protocol the scan spoke, once a session started: the revision (negotiated in `initialize`, or
   * read from `server/discover`) and the handshake. Absent when no session started (install failed, crashed first).
   */
  protocol: z
    .object({
      /** The protocol revision, e.g. `2025-11-25`. */
      version: z.string(),
      /** `initialize`, or `server/discover` for a server of the revision that dropped the initialize handshake. */
      handshake: z.enum(['initialize', 'server/discover']),
    })
    .optional(),
  /** What a launched server ran against: its Node, placeholders by kind, stub services and every attempt. Absent for remote servers. */
  ranWith: RanWithSchema.optional(),
  /** What the server said about itself in `initialize` (or `server/discover`). */
  server: z
    .object({
      name: z.string(),
      version: z.string(),
      title: z.string().optional(),
      protocolVersion: z.string(),
      capabilities: z.record(z.string(), z.unknown()),
      instructions: z.string().optional(),
    })
    .optional(),
  /** The tools listed, each assessed and pinned. */
  tools: z.array(ScannedToolSchema),
  prompts: z.array(ScannedPromptSchema),
  resources: z.array(ScannedResourceSchema),
  /** Items that did not match the protocol's schema. */
  malformed: z.array(MalformedItemSchema),
  /** Lists cut short by a page or item cap: such a list is incomplete. */
  truncated: z.array(z.enum(['tools', 'prompts', 'resources', 'resourceTemplates'])),
  /** Optional lists (prompts, resources, templates) the server advertised but failed to answer; their items are missing. */
  listErrors: z.array(z.object({ list: z.enum(['tools', 'prompts', 'resources', 'resourceTemplates']), reason: z.string() })).optional(),
  /** Where an npm package's code comes from (licence, repository, install scripts, provenance, advisories); absent when not gathered (older records, non-npm targets). */
  supplyChain: SupplyChainSchema.optional(),
});
export type ScanRecord = z.infer<typeof ScanRecordSchema>;
