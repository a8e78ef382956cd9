import { readFileSync } from 'node:fs';
import type { Assessment } from '../../schemas/assessment.ts';
import { ScanRecordSchema, type ScanRecord, type ScannedTool } from '../../schemas/scan-record.ts';

/** The server-filesystem scan record with embedded assessments (regenerate with scripts/write-policy-fixture.ts). */
export function loadFilesystemScan(): ScanRecord {
  return ScanRecordSchema.parse(JSON.parse(readFileSync(new URL('../fixtures/scans/server-filesystem.json', import.meta.url), 'utf8')));
}

const readHints = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/** A tool with a given assessment, for table tests. */
export function makeTool(name: string, assessment: Partial<Assessment> = {}): ScannedTool {
  return {
    name,
    inputSchema: { type: 'object' },
    pin: '0'.repeat(64),
    assessment: {
      category: 'read', risk: 'low', score: 1, confidence: 0.9,
      signals: [{ id: 'name-verb.read', label: 'name verb reads', evidence: 'get' }],
      findings: [], inferredAnnotations: readHints, ...assessment,
    },
  };
}

/** A minimal valid scan record holding the given tools. */
export function makeScan(tools: ScannedTool[], overrides: Partial<ScanRecord> = {}): ScanRecord {
  const base = loadFilesystemScan();
  return { ...base, tools, ...overrides };
}
