import { recommendPolicy } from '../policy/recommend.ts';
import { policyInputFromRecord } from '../policy/policy-input.ts';
import type { Verdict } from '../schemas/catalogue.ts';
import type { ScanRecord } from '../schemas/scan-record.ts';

/** Each tool's verdict in a record, in the record's order: its category and risk, and the recommended policy's action. */
export function verdictsOf(record: ScanRecord): Verdict[] {
  const policy = recommendPolicy(policyInputFromRecord(record));
  const actions = new Map(policy.tools.map((tool) => [tool.name, tool.action]));
  return record.tools.map((tool) => ({
    category: tool.assessment.category,
    risk: tool.assessment.risk,
    action: actions.get(tool.name) ?? 'deny',
    classifierVersion: record.classifierVersion,
  }));
}

