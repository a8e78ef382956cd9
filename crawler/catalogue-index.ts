import { CategorySchema, riskRank, RiskSchema, SeveritySchema, type Risk } from '../schemas/assessment.ts';
import type { CatalogueIndex, IndexEntry, ServerFile } from '../schemas/catalogue.ts';
import { ScanStatusSchema } from '../schemas/scan-record.ts';

function zeroCounts<T extends string>(values: readonly T[]): Record<T, number> {
  return Object.fromEntries(values.map((value) => [value, 0])) as Record<T, number>;
}

/** Summarises one server file for the site's list: counts by category, risk and finding severity, and the worst risk. */
export function summarizeServer(file: ServerFile): IndexEntry {
  const toolsByCategory = zeroCounts(CategorySchema.options);
  const toolsByRisk = zeroCounts(RiskSchema.options);
  const findingsBySeverity = zeroCounts(SeveritySchema.options);
  let maxRisk: Risk | null = null;
  for (const tool of file.tools) {
    toolsByCategory[tool.assessment.category]++;
    toolsByRisk[tool.assessment.risk]++;
    for (const finding of tool.assessment.findings) findingsBySeverity[finding.severity]++;
    if (maxRisk === null || riskRank(tool.assessment.risk) > riskRank(maxRisk)) maxRisk = tool.assessment.risk;
  }
  const version = file.version ?? file.package?.version;
  return {
    slug: file.slug,
    key: file.key,
    name: file.server?.title ?? file.server?.name ?? file.key,
    ...(file.package && { package: file.package.name }),
    ...(version !== undefined && { version }),
    status: file.status,
    detail: file.detail,
    scannedAt: file.scannedAt,
    classifierVersion: file.classifierVersion,
    toolCount: file.tools.length,
    toolsByCategory,
    toolsByRisk,
    maxRisk,
    findingsBySeverity,
    truncated: file.truncated.includes('tools'),
    historyCount: file.history.length,
  };
}

/** Builds data/index.json from the server files alone, so rebuilding it is idempotent and shard merges agree. */
export function buildIndex(files: ServerFile[]): CatalogueIndex {
  return indexOfEntries(files.map(summarizeServer));
}

/** The index of already summarised servers, sorted by slug. */
export function indexOfEntries(entries: Iterable<IndexEntry>): CatalogueIndex {
  const servers = [...entries].sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  const statusCounts = zeroCounts(ScanStatusSchema.options);
  for (const server of servers) statusCounts[server.status]++;
  return { schemaVersion: 1, statusCounts, servers };
}
