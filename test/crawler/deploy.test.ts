import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { CatalogueStore } from '../../crawler/catalogue-store.ts';

const read = (path: string) => readFile(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('deploy/', () => {
  test('the Indexed Job runs one shard per completion index and a merge job folds them in', async () => {
    const documents = parseAllDocuments(await read('deploy/kubernetes/crawl-job.yaml')).map((document) => document.toJS());
    const job = documents.find((document) => document.kind === 'Job');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    const shards = container.env.find((variable: { name: string }) => variable.name === 'SHARDS').value;
    expect(Number(shards)).toBe(job.spec.completions);
    expect(container.args[0]).toMatch(/shard=\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)/);
    expect(container.args[0]).toMatch(/crawl --data "\$out" --shard "\$shard\/\$SHARDS"/);
    const merge = parse(await read('deploy/kubernetes/merge-job.yaml'));
    expect(merge.spec.template.spec.containers[0].args[0]).toMatch(/merge --data \/data\/catalogue \/data\/shards\/\*/);
  });

  test('the GitHub workflow crawls a matrix of SHARDS shards, then merges', async () => {
    const workflow = parse(await read('deploy/github/crawl.yml'));
    expect(workflow.jobs.crawl.strategy.matrix.shard).toEqual(Array.from({ length: Number(workflow.env.SHARDS) }, (_, index) => index + 1));
    const crawlStep = workflow.jobs.crawl.steps.find((step: { run?: string }) => step.run?.includes('mcp-risk crawl'));
    expect(crawlStep.run).toMatch(/--shard \$\{\{ matrix.shard \}\}\/\$\{\{ env.SHARDS \}\}/);
    expect(workflow.jobs.merge.needs).toContain('crawl');
    expect(workflow.jobs.merge.steps.some((step: { run?: string }) => step.run?.includes('mcp-risk merge --data data'))).toBe(true);
  });

  test('data/targets.json is the curated list: at least 40 npm servers, including the required ones', async () => {
    const file = await new CatalogueStore('unused').readTargets(fileURLToPath(new URL('../../data/targets.json', import.meta.url)));
    const keys = file!.targets.map((target) => target.key);
    expect(keys.length).toBeGreaterThanOrEqual(40);
    for (const required of ['@modelcontextprotocol/server-filesystem', '@modelcontextprotocol/server-memory', '@modelcontextprotocol/server-everything', '@modelcontextprotocol/server-github', '@playwright/mcp', '@notionhq/notion-mcp-server', 'mcp-server-kubernetes']) {
      expect(keys).toContain(required);
    }
  });
});
