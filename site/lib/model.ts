import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { exportPolicy, type PolicyFormat } from '../../policy/render.ts';
import { CategorySchema, riskRank, RiskSchema, type Category, type Risk } from '../../schemas/assessment.ts';
import type { HistoryEntry, IndexEntry, ServerFile } from '../../schemas/catalogue.ts';
import type { Policy, PolicyTool } from '../../schemas/policy.ts';
import type { ScannedTool } from '../../schemas/scan-record.ts';
import type { Catalogue } from './catalogue.ts';
import { linkableUrl, npmPackageUrl } from './format.ts';
import { hasCriticalAdvisory, lacksRepository } from './supply-chain-facts.ts';
import { assignToolSlugs } from './tool-slug.ts';

/** One server as the pages show it. */
export interface ServerView {
  slug: string;
  file: ServerFile;
  entry: IndexEntry;
  /** What to call it: the npm package name (what people search for), else its key. */
  name: string;
  /** What it calls itself in `initialize` (its title, else its name), when that differs from `name`. */
  selfName: string | undefined;
  tools: ToolView[];
  url: string;
  /** Where it comes from: its npm page and its source repository, each an http(s) address or absent. */
  links: { npm?: string; repository?: string };
  /** The repository address as the metadata gave it, when it is not one the site links (shown as text). */
  unlinkedRepository: string | undefined;
  /** How many of its tools need review (an uncertain verdict, see needsReview). */
  reviewCount: number;
  /** The recommended policy, computed on first use (see policyOf). */
  policy?: Policy;
}

/** One tool as the pages show it. */
export interface ToolView {
  server: ServerView;
  tool: ScannedTool;
  slug: string;
  url: string;
  /** Its position in the server's list. */
  position: number;
  /** Its position in its category's listing (set once the listing is sorted). */
  categoryIndex: number;
}

/** The whole catalogue arranged for the pages: lookups and listings computed once per build. */
export interface SiteModel {
  catalogue: Catalogue;
  servers: ServerView[];
  tools: ToolView[];
  serverBySlug: Map<string, ServerView>;
  toolsByCategory: Record<Category, ToolView[]>;
  toolsByRisk: Record<Risk, ToolView[]>;
  toolsWithFindings: ToolView[];
  /** Tools whose verdict is uncertain (confidence below REVIEW_CONFIDENCE), riskiest first. */
  toolsNeedingReview: ToolView[];
  failedServers: ServerView[];
  /** Supply-chain findings, by name: servers whose installed tree has a critical advisory, and servers that declare no repository anywhere. */
  supplyChainFindings: { criticalAdvisory: ServerView[]; noRepository: ServerView[] };
  /** Every tool change across rescans, newest first. */
  changes: ChangeView[];
  totals: { servers: number; tools: number; byCategory: Record<Category, number>; byRisk: Record<Risk, number>; findings: number; failed: number };
}

/** One rescan that changed a server's tools, as the pages and the feed show it. */
export interface ChangeView {
  server: ServerView;
  entry: HistoryEntry;
  /** Anchor of this change on the server page (stable: its position in the server's history). */
  anchor: string;
  url: string;
}

/** Below this confidence a verdict is uncertain: the default policy asks a person, and the site marks the tool "needs review". */
export const REVIEW_CONFIDENCE = 0.5;

/** Whether a person should look at this tool's verdict. */
export function needsReview(tool: ScannedTool): boolean {
  return tool.assessment.confidence < REVIEW_CONFIDENCE;
}

/** Highest risk first, then higher score, then name and server: a stable order for every tool listing. */
export function compareToolsByRisk(a: ToolView, b: ToolView): number {
  return (
    riskRank(b.tool.assessment.risk) - riskRank(a.tool.assessment.risk) ||
    b.tool.assessment.score - a.tool.assessment.score ||
    compareText(a.tool.name, b.tool.name) ||
    compareText(a.server.slug, b.server.slug) ||
    a.position - b.position
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function emptyRecord<K extends string, V>(keys: readonly K[], make: () => V): Record<K, V> {
  return Object.fromEntries(keys.map((key) => [key, make()])) as Record<K, V>;
}

export function buildModel(catalogue: Catalogue): SiteModel {
  const servers: ServerView[] = [];
  const tools: ToolView[] = [];
  const serverBySlug = new Map<string, ServerView>();
  catalogue.servers.forEach((file, position) => {
    const entry = catalogue.index.servers[position]!;
    const name = file.package?.name || file.key;
    const selfName = file.server?.title || file.server?.name || undefined;
    const repositoryText = catalogue.repositories.get(file.key);
    const repository = linkableUrl(repositoryText);
    const npm = file.package ? npmPackageUrl(file.package.name) : undefined;
    const server: ServerView = {
      slug: file.slug,
      file,
      entry,
      name,
      selfName: selfName === name ? undefined : selfName,
      tools: [],
      url: `/servers/${file.slug}/`,
      links: { ...(npm && { npm }), ...(repository && { repository }) },
      unlinkedRepository: repository ? undefined : repositoryText,
      reviewCount: file.tools.filter(needsReview).length,
    };
    const slugs = assignToolSlugs(file.tools.map((tool) => tool.name));
    server.tools = file.tools.map((tool, index) => ({ server, tool, slug: slugs[index]!, url: `${server.url}tools/${slugs[index]}/`, position: index, categoryIndex: -1 }));
    servers.push(server);
    tools.push(...server.tools);
    serverBySlug.set(server.slug, server);
  });

  const toolsByCategory = emptyRecord(CategorySchema.options, (): ToolView[] => []);
  const toolsByRisk = emptyRecord(RiskSchema.options, (): ToolView[] => []);
  const toolsWithFindings: ToolView[] = [];
  const toolsNeedingReview: ToolView[] = [];
  let findings = 0;
  for (const view of tools) {
    if (needsReview(view.tool)) toolsNeedingReview.push(view);
    toolsByCategory[view.tool.assessment.category].push(view);
    toolsByRisk[view.tool.assessment.risk].push(view);
    if (view.tool.assessment.findings.length) {
      toolsWithFindings.push(view);
      findings += view.tool.assessment.findings.length;
    }
  }
  for (const list of [...Object.values(toolsByCategory), ...Object.values(toolsByRisk), toolsWithFindings, toolsNeedingReview]) list.sort(compareToolsByRisk);
  for (const list of Object.values(toolsByCategory)) list.forEach((view, index) => (view.categoryIndex = index));
  const failedServers = servers.filter((server) => server.file.status !== 'ok').sort((a, b) => compareText(b.file.scannedAt, a.file.scannedAt) || compareText(a.slug, b.slug));
  const byName = (a: ServerView, b: ServerView) => compareText(a.name, b.name) || compareText(a.slug, b.slug);
  const supplyChainFindings = {
    criticalAdvisory: servers.filter((server) => hasCriticalAdvisory(server.file.supplyChain)).sort(byName),
    noRepository: servers.filter((server) => lacksRepository(server.file.supplyChain) && !server.links.repository && !server.unlinkedRepository).sort(byName),
  };
  const changes = servers
    .flatMap((server) => server.file.history.map((entry, position): ChangeView => ({ server, entry, anchor: `change-${position + 1}`, url: `${server.url}#change-${position + 1}` })))
    .sort((a, b) => compareText(b.entry.at, a.entry.at) || compareText(a.server.slug, b.server.slug) || compareText(b.anchor, a.anchor));

  return {
    catalogue,
    servers,
    tools,
    serverBySlug,
    toolsByCategory,
    toolsByRisk,
    toolsWithFindings,
    toolsNeedingReview,
    failedServers,
    supplyChainFindings,
    changes,
    totals: {
      servers: servers.length,
      tools: tools.length,
      findings,
      failed: failedServers.length,
      ...countTotals(toolsByCategory, toolsByRisk),
    },
  };
}

function countTotals(byCategory: Record<Category, ToolView[]>, byRisk: Record<Risk, ToolView[]>) {
  return {
    byCategory: Object.fromEntries(Object.entries(byCategory).map(([key, list]) => [key, list.length])) as Record<Category, number>,
    byRisk: Object.fromEntries(Object.entries(byRisk).map(([key, list]) => [key, list.length])) as Record<Risk, number>,
  };
}

/** Servers with the most dangerous tools first: worst risk, then how many tools carry it, then findings. */
export function riskiestServers(model: SiteModel, count: number): ServerView[] {
  const weight = (server: ServerView) => {
    const max = server.entry.maxRisk;
    return max === null ? -1 : riskRank(max) * 100_000 + (server.entry.toolsByRisk[max] ?? 0) * 10 + server.entry.findingsBySeverity.error;
  };
  return model.servers.filter((server) => server.entry.maxRisk !== null).sort((a, b) => weight(b) - weight(a) || compareText(a.slug, b.slug)).slice(0, count);
}

/** The most recently scanned servers whose scan listed their tools (failed scans have their own page). */
export function newestServers(model: SiteModel, count: number): ServerView[] {
  return model.servers.filter((server) => server.file.status === 'ok').sort((a, b) => compareText(b.file.scannedAt, a.file.scannedAt) || compareText(a.slug, b.slug)).slice(0, count);
}

/**
 * Up to `count` other tools of the same category: the same server's first (a reader comparing
 * `delete_file` wants `move_file` beside it), then other servers' near this one in the category's
 * risk order, one per server, by a fixed walk so each page costs O(count), not O(catalogue).
 */
export function relatedTools(model: SiteModel, view: ToolView, count = 6): ToolView[] {
  const category = view.tool.assessment.category;
  const related = view.server.tools.filter((other) => other !== view && other.tool.assessment.category === category).slice(0, count);
  const list = model.toolsByCategory[category];
  const start = view.categoryIndex;
  const seenServers = new Set([view.server.slug]);
  for (let step = 1; step < Math.min(list.length, 200) && related.length < count; step++) {
    const candidate = list[(start + step) % list.length]!;
    if (seenServers.has(candidate.server.slug)) continue;
    seenServers.add(candidate.server.slug);
    related.push(candidate);
  }
  return related;
}

/** The server's recommended policy (default mapping), computed once per server and kept on the view, which the pages and the downloads share. */
export function policyOf(server: ServerView): Policy {
  return (server.policy ??= recommendPolicy(policyInputFromRecord(server.file)));
}

/** The policy entry for one tool (a name listed twice shares one, stricter, entry). */
export function policyToolOf(view: ToolView): PolicyTool | undefined {
  return policyOf(view.server).tools.find((tool) => tool.name === view.tool.name);
}

/** Formats shown inline on tool pages; the YAML ones (docker, intercept) cost most to render and are linked as server files instead. */
export const INLINE_TOOL_FORMATS: readonly PolicyFormat[] = ['claude-code', 'cursor', 'vscode', 'toolhive'];

/** The server's policy cut down to one tool, in the inline formats: what a reader copies for just this tool. */
export function exportsForTool(view: ToolView): { format: PolicyFormat; text: string; notes: string[] }[] {
  const policy = policyOf(view.server);
  const single: Policy = { ...policy, tools: policy.tools.filter((tool) => tool.name === view.tool.name), notes: [] };
  return INLINE_TOOL_FORMATS.map((format) => ({ format, ...exportPolicy(single, format) }));
}
