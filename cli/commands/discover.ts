import { countOf } from '../../core/terminal-text.ts';
import { resolve } from 'node:path';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { mergeTargets } from '../../crawler/merge-targets.ts';
import type { Source } from '../../crawler/source.ts';
import { createGithubSource } from '../../crawler/source-github.ts';
import { createListSource } from '../../crawler/source-list.ts';
import { createNpmSource } from '../../crawler/source-npm.ts';
import { createRegistrySource } from '../../crawler/source-registry.ts';
import { SourceNameSchema, type SourceName, type SourceReport, type TargetsFile } from '../../schemas/catalogue.ts';
import { parseCommandArgs, requireChoice } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, McpRiskError } from '../../core/errors.ts';

const usage = `Usage: mcp-risk discover [--source registry|npm|github|list]... [--list FILE]
                        [--out FILE] [--replace] [--updated-since TIME]
                        [--registry-url URL] [--npm-url URL] [--github-url URL]
                        [--keywords a,b] [--topics a,b] [--max-pages N]

Finds public MCP servers and writes the targets to crawl (default data/targets.json), merged and
de-duplicated by registry name or npm name. Targets already in the file are kept and updated.

Sources (repeat --source; default registry and npm):
  registry   the official MCP registry (GET /v0.1/servers, cursor pages, updated_since)
  npm        npm search by keyword (--keywords, default mcp,modelcontextprotocol,mcp-server,…)
  github     repositories by topic (--topics), then each one's server.json or package.json;
             set GITHUB_TOKEN for GitHub's higher rate limits
  list       a file of targets, one \`npm:NAME[@VERSION]\` or \`NAME[@VERSION]\` a line (--list FILE)

Options:
  --out FILE             the targets file to write (default data/targets.json)
  --replace              drop the targets already in the file instead of merging with them
  --updated-since TIME   registry entries updated since this RFC 3339 time; default: the last
                         registry discovery recorded in the file (a full walk when none)
  --registry-url, --npm-url, --github-url URL   other base URLs (mirrors, tests)
  --max-pages N          pages per source walk at most (a capped walk is marked truncated)
`;

function list(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((item) => item.trim()).filter(Boolean);
}

export const discoverCommand: Command = {
  name: 'discover',
  usage,
  async run(argv, io) {
    const { values } = parseCommandArgs('discover', argv, {
      source: { type: 'string', multiple: true },
      list: { type: 'string' },
      out: { type: 'string' },
      replace: { type: 'boolean' },
      'updated-since': { type: 'string' },
      'registry-url': { type: 'string' },
      'npm-url': { type: 'string' },
      'github-url': { type: 'string' },
      keywords: { type: 'string' },
      topics: { type: 'string' },
      'max-pages': { type: 'string' },
    });
    const names = [...new Set((values.source ?? ['registry', 'npm']).map((name) => requireChoice('discover', 'source', name, SourceNameSchema.options)))];
    const outPath = resolve(io.cwd, values.out ?? 'data/targets.json');
    const store = new CatalogueStore(resolve(io.cwd, 'data'));
    const existing = values.replace ? undefined : await store.readTargets(outPath);
    const maxPages = values['max-pages'] === undefined ? undefined : Number(values['max-pages']);
    if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1)) throw new McpRiskError('usage', `discover: expected --max-pages to be a whole number ≥ 1, got "${values['max-pages']}".`);
    const pages = maxPages === undefined ? {} : { maxPages };
    const lastRegistryRun = existing?.sources.find((report) => report.source === 'registry' && !report.truncated)?.discoveredAt;
    const updatedSince = values['updated-since'] ?? lastRegistryRun;

    const sources: Source[] = names.map((name: SourceName): Source => {
      switch (name) {
        case 'registry':
          return createRegistrySource({ ...pages, ...(values['registry-url'] && { baseUrl: values['registry-url'] }), ...(updatedSince && { updatedSince }) });
        case 'npm':
          return createNpmSource({ ...pages, ...(values['npm-url'] && { baseUrl: values['npm-url'] }), ...(list(values.keywords) && { keywords: list(values.keywords) }) });
        case 'github':
          return createGithubSource({ ...pages, ...(values['github-url'] && { baseUrl: values['github-url'] }), ...(list(values.topics) && { topics: list(values.topics) }), ...(process.env.GITHUB_TOKEN && { token: process.env.GITHUB_TOKEN }) });
        case 'list':
          if (!values.list) throw new McpRiskError('usage', 'discover: --source list needs --list FILE.');
          return createListSource({ path: resolve(io.cwd, values.list) });
      }
    });

    const discoveries = [];
    for (const source of sources) {
      const discovery = await source.discover();
      io.stderr.write(`${source.name}: ${countOf(discovery.report.count, 'target')}${discovery.report.truncated ? ' (truncated: a page cap was hit)' : ''}${discovery.report.malformed.length ? `, ${discovery.report.malformed.length} malformed entries skipped` : ''}\n`);
      for (const entry of discovery.report.malformed.slice(0, 5)) io.stderr.write(`  ${entry.where}: ${entry.reason}\n`);
      discoveries.push(discovery);
    }
    const reports = new Map<SourceName, SourceReport>((existing?.sources ?? []).map((report) => [report.source, report]));
    for (const discovery of discoveries) reports.set(discovery.report.source, discovery.report);
    const file: TargetsFile = {
      schemaVersion: 1,
      sources: [...reports.values()].sort((a, b) => SourceNameSchema.options.indexOf(a.source) - SourceNameSchema.options.indexOf(b.source)),
      targets: mergeTargets([...discoveries.map((discovery) => discovery.targets), existing?.targets ?? []]),
    };
    await store.writeTargets(file, outPath);
    io.stdout.write(`wrote ${countOf(file.targets.length, 'target')} to ${values.out ?? 'data/targets.json'}\n`);
    return EXIT_OK;
  },
};
