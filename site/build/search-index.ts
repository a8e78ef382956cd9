import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { McpRiskError } from '../../core/errors.ts';
import type { SiteModel } from '../lib/model.ts';

const DESCRIPTION_CHARACTERS = 400;

/** Search text from untrusted strings: markup characters become spaces, so no result excerpt can carry HTML. */
function searchable(text: string, max = Number.POSITIVE_INFINITY): string {
  return text.slice(0, max).replace(/[<>&"'`\p{Cc}\p{Cf}]/gu, ' ');
}

/**
 * Indexes every server and tool as a Pagefind custom record. Records come straight from the model,
 * not from the HTML, so indexing runs in Pagefind's own process while Astro renders the pages.
 */
export async function buildSearchIndex(model: SiteModel, outDirectory: string): Promise<{ records: number }> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: 'en' });
  if (!index) throw new McpRiskError('internal', `Pagefind could not start: ${errors.join('; ')}`);
  try {
    const additions: Promise<{ errors: string[] }>[] = [];
    for (const server of model.servers) {
      additions.push(index.addCustomRecord({
        url: server.url,
        language: 'en',
        content: searchable(`${server.name} ${server.file.key} ${server.file.package?.name ?? ''} ${server.file.server?.instructions ?? ''} ${server.file.detail}`, 2000),
        meta: { title: searchable(`${server.name} (server)`, 200) },
        filters: { type: ['server'], risk: [server.entry.maxRisk ?? 'none'] },
      }));
    }
    for (const view of model.tools) {
      const { assessment } = view.tool;
      additions.push(index.addCustomRecord({
        url: view.url,
        language: 'en',
        content: searchable(`${view.tool.name} ${view.tool.title ?? ''} ${assessment.category} ${assessment.risk} ${view.server.name}. ${view.tool.description ?? ''}`, DESCRIPTION_CHARACTERS),
        meta: { title: searchable(`${view.tool.name} — ${view.server.name}`, 200) },
        filters: { type: ['tool'], category: [assessment.category], risk: [assessment.risk] },
      }));
    }
    const results = await Promise.all(additions);
    const failed = results.flatMap((result) => result.errors);
    if (failed.length) throw new McpRiskError('internal', `Pagefind rejected ${failed.length} records: ${failed.slice(0, 3).join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(outDirectory, 'pagefind') });
    if (written.errors.length) throw new McpRiskError('io', `Pagefind could not write its index: ${written.errors.join('; ')}`);
    return { records: results.length };
  } finally {
    await pagefind.close();
  }
}
