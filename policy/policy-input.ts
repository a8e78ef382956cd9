import type { ScanRecord, ScanStatus, ScannedTool } from '../schemas/scan-record.ts';
import { deriveServerKey } from './server-key.ts';

/** What the policy reads of one tool: its name and pin, the hints its server declared, and its assessment. */
export type PolicyInputTool = Pick<ScannedTool, 'name' | 'pin' | 'annotations' | 'assessment'>;

/** Everything `recommendPolicy` needs: who the server is, its assessed tools, and what the listing missed. */
export interface PolicyInput {
  server: {
    /** The server's name for people (a package name, the name it reported, or the target). */
    name: string;
    /** The name client configurations use for it (see deriveServerKey). */
    key: string;
    version?: string;
    /** The version the server reported about itself at initialize, when it did. */
    reportedVersion?: string;
    /** What was scanned or run, as the user wrote it. */
    target: string;
    /** When the tools were listed and assessed (ISO 8601). */
    assessedAt: string;
  };
  classifierVersion: string;
  tools: readonly PolicyInputTool[];
  /** Why the tool list may be incomplete; each becomes a note of the policy. */
  gaps: {
    status: ScanStatus;
    detail: string;
    /** A cap ended the tool list early. */
    truncatedTools: boolean;
    /** Tool definitions left out as malformed. */
    malformedTools: number;
  };
}

/** The policy's input from a scan record (or a catalogue entry, which is one). */
export function policyInputFromRecord(record: ScanRecord): PolicyInput {
  const version = record.package?.version ?? record.server?.version;
  return {
    server: {
      name: record.serverName ?? record.package?.name ?? record.server?.name ?? record.target,
      key: deriveServerKey(record),
      ...(version !== undefined && { version }),
      ...(record.server?.version !== undefined && { reportedVersion: record.server.version }),
      target: record.target,
      assessedAt: record.scannedAt,
    },
    classifierVersion: record.classifierVersion,
    tools: record.tools,
    gaps: {
      status: record.status,
      detail: record.detail,
      truncatedTools: record.truncated.includes('tools'),
      malformedTools: record.malformed.filter((item) => item.list === 'tools').length,
    },
  };
}
