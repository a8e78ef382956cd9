import type { SecurityRecord } from '../../schemas/security-record.ts';
import { policyOf, type ServerView } from '../lib/model.ts';

/** The security record of one server (schemas/security-record.ts): its scan, versions, scan pin and every tool's verdict and recommended action. */
export function securityRecordOf(server: ServerView): SecurityRecord {
  const { file } = server;
  const policy = policyOf(server);
  const actions = new Map(policy.tools.map((tool) => [tool.name, tool.action]));
  return {
    schemaVersion: 2,
    producer: 'mcp-risk',
    server: {
      key: file.key,
      ...(file.package && { package: { name: file.package.name, version: file.package.version } }),
      ...(file.server && { reported: { name: file.server.name, version: file.server.version } }),
    },
    scannedAt: file.scannedAt,
    status: file.status,
    scannerVersion: file.scannerVersion,
    classifierVersion: file.classifierVersion,
    scanPin: policy.server.scanPin,
    truncated: file.truncated.includes('tools'),
    tools: file.tools.map((tool) => ({
      name: tool.name,
      pin: tool.pin,
      category: tool.assessment.category,
      risk: tool.assessment.risk,
      confidence: tool.assessment.confidence,
      action: actions.get(tool.name) ?? 'deny',
      findings: tool.assessment.findings.map((finding) => ({ id: finding.id, severity: finding.severity })),
    })),
    supplyChain: file.supplyChain ?? { unknown: file.package ? 'no supply-chain facts were gathered at this scan' : 'not an npm package: no supply-chain facts are gathered for it' },
  };
}
