import { describe, expect, test } from 'vitest';
import { mergeTargets } from '../../crawler/merge-targets.ts';
import type { CrawlTarget } from '../../schemas/catalogue.ts';

const registryEntry: CrawlTarget = {
  key: 'io.github.modelcontextprotocol/server-filesystem',
  version: '2025.8.21',
  package: { name: '@modelcontextprotocol/server-filesystem' },
  serverJson: { name: 'io.github.modelcontextprotocol/server-filesystem', version: '2025.8.21' },
  description: 'from the registry',
  sources: ['registry'],
};
const npmHit: CrawlTarget = { key: '@modelcontextprotocol/server-filesystem', version: '2025.9.1', package: { name: '@modelcontextprotocol/server-filesystem' }, description: 'from npm', repository: 'git+https://github.com/modelcontextprotocol/servers.git', sources: ['npm'] };
const githubHit: CrawlTarget = { key: '@modelcontextprotocol/server-filesystem', package: { name: '@modelcontextprotocol/server-filesystem' }, repository: 'https://github.com/modelcontextprotocol/servers', sources: ['github'] };
const listed: CrawlTarget = { key: 'mcp-server-kubernetes', package: { name: 'mcp-server-kubernetes' }, sources: ['list'] };
const npmKubernetes: CrawlTarget = { key: 'mcp-server-kubernetes', version: '2.9.0', package: { name: 'mcp-server-kubernetes' }, description: 'kubectl', sources: ['npm'] };

describe('mergeTargets', () => {
  test('folds an npm hit into the registry entry that runs that package, keyed by the registry name', () => {
    const merged = mergeTargets([[npmHit], [githubHit], [registryEntry]]);
    expect(merged).toEqual([{
      key: 'io.github.modelcontextprotocol/server-filesystem',
      version: '2025.8.21',
      package: { name: '@modelcontextprotocol/server-filesystem' },
      serverJson: registryEntry.serverJson,
      description: 'from the registry',
      repository: 'git+https://github.com/modelcontextprotocol/servers.git',
      sources: ['registry', 'npm', 'github'],
    }]);
  });

  test('keys a server no registry lists by its npm name; a curated list wins but takes a version it lacks', () => {
    expect(mergeTargets([[npmKubernetes], [listed]])).toEqual([{ key: 'mcp-server-kubernetes', version: '2.9.0', package: { name: 'mcp-server-kubernetes' }, description: 'kubectl', sources: ['list', 'npm'] }]);
  });

  test('gives the same result whatever the order of sources and items', () => {
    const lists = [[npmHit, npmKubernetes], [githubHit], [registryEntry], [listed]];
    const expected = mergeTargets(lists);
    expect(mergeTargets([...lists].reverse())).toEqual(expected);
    expect(mergeTargets(lists.map((list) => [...list].reverse()))).toEqual(expected);
    expect(expected.map((target) => target.key)).toEqual(['io.github.modelcontextprotocol/server-filesystem', 'mcp-server-kubernetes']);
  });

  test('never carries a version across different packages under one key', () => {
    const other: CrawlTarget = { key: 'io.github.acme/tool', version: '1.0.0', package: { name: 'acme-tool' }, serverJson: { name: 'io.github.acme/tool' }, sources: ['registry'] };
    const unrelated: CrawlTarget = { key: 'io.github.acme/tool', version: '9.9.9', package: { name: 'evil-tool' }, serverJson: { name: 'io.github.acme/tool' }, sources: ['github'] };
    expect(mergeTargets([[unrelated], [other]])).toEqual([{ ...other, sources: ['registry', 'github'] }]);
  });
});
