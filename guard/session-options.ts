import type { Readable } from 'node:stream';
import type { ContentPolicy } from '../schemas/content-inspection.ts';
import type { Policy, PolicyRulesFile } from '../schemas/policy.ts';
import type { AuditSink } from './audit-log.ts';
import type { Clock } from './clock.ts';
import type { RateStateStore } from './rate-state-file.ts';

/** How one guard session runs: which server, which policy, which limits, and where its record goes. */
export interface GuardSessionOptions {
  /** The server's key: in the audit log, the state file and messages. */
  serverKey: string;
  /** What was launched or reached, as the user wrote it (for a policy built live). */
  target: string;
  targetKind: 'command' | 'url';
  /** A reviewed policy (rules already applied); absent means: assess the live tool list at start. */
  policy?: Policy;
  /** Where the policy came from, in words, printed on stderr at start. */
  policySource: string;
  /** Applied to a policy built live. */
  rules?: PolicyRulesFile;
  /** Start even when the policy was reviewed against other tools (those tools get the default action). */
  allowChanged: boolean;
  /** Keep the arguments themselves in the audit log, not only their hash. */
  auditArguments: boolean;
  /** Whether a call of an approve tool runs on the client's own asking (see decide-call.ts). */
  clientAsks: 'trust' | 'refuse';
  /** What hostile findings in results, requests and arguments do (hostile definitions are denied by the policy); default warn. */
  contentPolicy?: ContentPolicy;
  maxMessageBytes: number;
  /** How long the guard waits for its own requests to the server (the tool list). */
  requestTimeoutMs: number;
  /** The most pages of the tool list the guard reads itself. */
  maxListPages: number;
  /** The most tools the guard reads itself (a longer list is cut, and tools past the cut are refused). */
  maxListItems?: number;
  clock: Clock;
  audit: AuditSink;
  state: RateStateStore;
  /** One line for a person (stderr). */
  log: (line: string) => void;
}

/** The client's side: MCP over newline-delimited JSON (the guard's stdin and stdout). */
export interface Downstream {
  input: Readable;
  /** `write` returning false with `once('drain')` is honoured: the server is not read until the client catches up. */
  output: { write(text: string): unknown; once?(event: 'drain', listener: () => void): unknown };
}
