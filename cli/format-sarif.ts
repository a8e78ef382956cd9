import { isAbsolute } from 'node:path';
import { type Finding, type Risk } from '../schemas/assessment.ts';
import type { ScanRecord, ScannedTool } from '../schemas/scan-record.ts';

type SarifLevel = 'error' | 'warning' | 'note';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties?: Record<string, unknown>;
}

const RISK_RULES: Record<Exclude<Risk, 'low'>, SarifRule> = {
  medium: { id: 'tool-risk/medium', name: 'MediumRiskTool', shortDescription: { text: 'An MCP tool whose worst normal call does moderate harm.' }, defaultConfiguration: { level: 'note' }, properties: { 'security-severity': '4.0' } },
  high: { id: 'tool-risk/high', name: 'HighRiskTool', shortDescription: { text: 'An MCP tool whose worst normal call does serious harm.' }, defaultConfiguration: { level: 'warning' }, properties: { 'security-severity': '7.0' } },
  critical: { id: 'tool-risk/critical', name: 'CriticalRiskTool', shortDescription: { text: 'An MCP tool whose worst normal call is irreversible or costs money.' }, defaultConfiguration: { level: 'error' }, properties: { 'security-severity': '9.0' } },
};

const FINDING_LEVEL: Record<Finding['severity'], SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

function findingRule(id: string, severity: Finding['severity']): SarifRule {
  return { id: `finding/${id}`, name: id, shortDescription: { text: `Tool definition problem: ${id}.` }, defaultConfiguration: { level: FINDING_LEVEL[severity] } };
}

/** The text of each scanned file (server.json or client configuration), by target, to point results at a line. */
export type SourceTexts = ReadonlyMap<string, string>;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The 1-based line where a file declares the server: its key under `mcpServers`/`servers` in a client
 * configuration, its `"name"` in a server.json; line 1 when it cannot be found.
 */
export function findServerLine(text: string, record: Pick<ScanRecord, 'targetKind' | 'serverName'>): number {
  if (!record.serverName) return 1;
  const quoted = escapeRegExp(JSON.stringify(record.serverName));
  const [pattern, from] = record.targetKind === 'client-config'
    ? [new RegExp(`${quoted}\\s*:`), Math.max(0, text.search(/"(?:mcpServers|servers)"\s*:/))]
    : [new RegExp(`"name"\\s*:\\s*${quoted}`), 0];
  const match = pattern.exec(text.slice(from));
  if (!match) return 1;
  return text.slice(0, from + match.index).split('\n').length;
}

/** Where a result points: the server's line in the file scanned when the target was one, and always the server and tool by name. */
function locationsFor(record: ScanRecord, tool: ScannedTool, sources: SourceTexts) {
  const server = record.serverName ?? record.package?.name ?? record.server?.name ?? record.target;
  const fileTarget = record.targetKind === 'server-json' || record.targetKind === 'client-config';
  const text = sources.get(record.target);
  const startLine = text === undefined ? 1 : findServerLine(text, record);
  return [
    {
      ...(fileTarget && { physicalLocation: { artifactLocation: { uri: toUri(record.target) }, region: { startLine } } }),
      logicalLocations: [
        { name: tool.name, fullyQualifiedName: `${server}/${tool.name}`, kind: 'function' },
        { name: server, fullyQualifiedName: server, kind: 'module' },
      ],
    },
  ];
}

function toUri(path: string): string {
  return isAbsolute(path) ? `file://${encodeURI(path)}` : encodeURI(path.replace(/^\.\//, ''));
}

/**
 * SARIF 2.1.0 for code scanning: a result per tool at medium risk or above and one per finding, each
 * fingerprinted by the tool's pin so a changed tool shows up as a new result, and located at the server
 * (its line in a scanned file, when `sources` has the file's text) and by the logical path server/tool.
 */
export function renderSarif(records: readonly ScanRecord[], driverVersion: string, sources: SourceTexts = new Map()): string {
  const rules = new Map<string, SarifRule>();
  const results: unknown[] = [];
  for (const record of records) {
    for (const tool of record.tools) {
      const { risk, category, findings, signals } = tool.assessment;
      if (risk !== 'low') {
        const rule = RISK_RULES[risk];
        rules.set(rule.id, rule);
        const evidence = signals.slice(0, 3).map((signal) => `${signal.label} (${signal.evidence})`).join('; ');
        results.push({
          ruleId: rule.id,
          level: rule.defaultConfiguration.level,
          message: { text: `Tool "${tool.name}" is ${category} with ${risk} risk${evidence ? `: ${evidence}` : '.'}` },
          locations: locationsFor(record, tool, sources),
          partialFingerprints: { 'mcpToolPin/v1': tool.pin },
          properties: { category, risk, score: tool.assessment.score, confidence: tool.assessment.confidence },
        });
      }
      for (const finding of findings) {
        const rule = findingRule(finding.id, finding.severity);
        if (!rules.has(rule.id)) rules.set(rule.id, rule);
        results.push({
          ruleId: rule.id,
          level: FINDING_LEVEL[finding.severity],
          message: { text: `Tool "${tool.name}": ${finding.message} Evidence: ${finding.evidence}` },
          locations: locationsFor(record, tool, sources),
          partialFingerprints: { 'mcpToolPin/v1': `${tool.pin}:${finding.id}` },
        });
      }
    }
  }
  const failed = records.filter((record) => record.status !== 'ok');
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mcp-risk', version: driverVersion, informationUri: 'https://mcp-risk.dev', rules: [...rules.values()].sort((a, b) => a.id.localeCompare(b.id)) } },
        invocations: [
          {
            executionSuccessful: failed.length === 0,
            toolExecutionNotifications: failed.map((record) => ({
              level: record.status === 'unsupported' ? 'note' : 'error',
              message: { text: `${record.serverName ?? record.target}: ${record.status}: ${record.detail}` },
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
