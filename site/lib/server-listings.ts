import { riskRank, RiskSchema } from '../../schemas/assessment.ts';
import { ScanStatusSchema } from '../../schemas/scan-record.ts';
import { STATUS_LABEL } from './format.ts';
import type { ServerView, SiteModel } from './model.ts';

/** One way to list the servers: an order or a filter, each a set of static pages (no JavaScript needed). */
export interface ServerListing {
  /** URL segment: /browse/<slug>/. */
  slug: string;
  /** The link text in the listing's navigation. */
  label: string;
  /** What the page says it shows. */
  title: string;
  /** Which row of the navigation it sits in. */
  group: 'order' | 'risk' | 'status' | 'review';
  select(model: SiteModel): ServerView[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const riskWeight = (server: ServerView) => (server.entry.maxRisk === null ? -1 : riskRank(server.entry.maxRisk));

/** Worst risk first, then most tools at that risk, then most tools, then name. */
export function compareServersByRisk(a: ServerView, b: ServerView): number {
  const worstA = a.entry.maxRisk;
  const worstB = b.entry.maxRisk;
  return (
    riskWeight(b) - riskWeight(a) ||
    (worstB ? b.entry.toolsByRisk[worstB] : 0) - (worstA ? a.entry.toolsByRisk[worstA] : 0) ||
    b.entry.toolCount - a.entry.toolCount ||
    compareText(a.name, b.name) ||
    compareText(a.slug, b.slug)
  );
}

const byRisk = (servers: ServerView[]) => [...servers].sort(compareServersByRisk);

/** Every listing of servers, the default (riskiest first) first. */
export const SERVER_LISTINGS: readonly ServerListing[] = [
  { slug: 'riskiest', label: 'riskiest first', title: 'Servers, riskiest first', group: 'order', select: (model) => byRisk(model.servers) },
  { slug: 'most-tools', label: 'most tools first', title: 'Servers, most tools first', group: 'order', select: (model) => [...model.servers].sort((a, b) => b.entry.toolCount - a.entry.toolCount || compareServersByRisk(a, b)) },
  { slug: 'a-z', label: 'A to Z', title: 'Servers, A to Z', group: 'order', select: (model) => [...model.servers].sort((a, b) => compareText(a.name.toLowerCase(), b.name.toLowerCase()) || compareText(a.slug, b.slug)) },
  { slug: 'newest', label: 'newest scans first', title: 'Servers, newest scans first', group: 'order', select: (model) => [...model.servers].sort((a, b) => compareText(b.file.scannedAt, a.file.scannedAt) || compareText(a.slug, b.slug)) },
  ...[...RiskSchema.options].reverse().map((risk): ServerListing => ({
    slug: `risk-${risk}`,
    label: risk,
    title: `Servers whose riskiest tool is ${risk}`,
    group: 'risk',
    select: (model) => byRisk(model.servers.filter((server) => server.entry.maxRisk === risk)),
  })),
  { slug: 'needs-review', label: 'needs review', title: 'Servers with tools that need review', group: 'review', select: (model) => [...model.servers].filter((server) => server.reviewCount > 0).sort((a, b) => b.reviewCount - a.reviewCount || compareServersByRisk(a, b)) },
  ...ScanStatusSchema.options.map((status): ServerListing => ({
    slug: `status-${status.replaceAll('_', '-')}`,
    label: STATUS_LABEL[status],
    title: `Servers whose scan ended: ${STATUS_LABEL[status]}`,
    group: 'status',
    select: (model) => byRisk(model.servers.filter((server) => server.file.status === status)),
  })),
];

/** Servers per listing page. */
export const SERVERS_PER_PAGE = 100;
