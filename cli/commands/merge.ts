import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';
import { mergeShards } from '../../crawler/merge-shards.ts';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT_FAILURE, EXIT_OK, McpRiskError } from '../../core/errors.ts';
import { countOf } from '../../core/terminal-text.ts';

const usage = `Usage: mcp-risk merge [--data DIR] SHARD_DIR...

Merges the catalogues written by \`mcp-risk crawl --shard I/N --data SHARD_DIR\` into DIR
(default data/): per server the newest scan record with the union of every copy's history, then
DIR/index.json rebuilt. Merging the same shards again changes nothing.
`;

export const mergeCommand: Command = {
  name: 'merge',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs('merge', argv, { data: { type: 'string' } });
    if (positionals.length === 0) throw new McpRiskError('usage', 'merge: expected at least one shard directory, got none.', { hint: 'Run `mcp-risk merge --help` for usage.' });
    const shards = positionals.map((directory) => new CatalogueStore(resolve(io.cwd, directory)));
    // A mistyped or missing shard must not pass for an empty one: the merged catalogue would silently lack it.
    for (const shard of shards) {
      const servers = await stat(shard.serversDirectory).catch(() => undefined);
      if (!servers?.isDirectory()) {
        throw new McpRiskError('input', `merge: expected a shard directory written by \`mcp-risk crawl\` at ${shard.directory} (with a servers/ folder), found none.`, {
          hint: 'Check the path; a shard is the --data directory of `mcp-risk crawl --shard I/N`.',
        });
      }
    }
    const into = new CatalogueStore(resolve(io.cwd, values.data ?? 'data'));
    const summary = await mergeShards(into, shards);
    io.stdout.write(`merged ${countOf(positionals.length, 'shard')}: ${summary.servers} servers, ${summary.written} written\n`);
    for (const corrupt of summary.corrupt) io.stderr.write(`skipped unreadable ${corrupt.path}: ${corrupt.reason}\n`);
    return summary.corrupt.length ? EXIT_FAILURE : EXIT_OK;
  },
};
