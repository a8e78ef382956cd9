import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { exportPolicy } from '../../policy/render.ts';
import { ServerFileSchema } from '../../schemas/catalogue.ts';
import { codeSpans, displayName, identifierPieces, installSnippet, linkableUrl, npmPackageUrl, shortDescription } from '../../site/lib/format.ts';

const root = new URL('../../', import.meta.url).pathname;

describe('linkableUrl: only http(s) addresses become links', () => {
  test.each([
    ['https://github.com/acme/tool', 'https://github.com/acme/tool'],
    ['git+https://github.com/acme/tool.git', 'https://github.com/acme/tool'],
    ['git://github.com/acme/tool.git', 'https://github.com/acme/tool'],
    ['http://example.com/x', 'http://example.com/x'],
    ['javascript:alert(1)', undefined],
    ['JAVASCRIPT:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['ssh://git@example.com/files.git', undefined],
    ['git@github.com:acme/tool.git', undefined],
    ['/relative/path', undefined],
    ['https://user:secret@example.com/', undefined],
    ['', undefined],
  ])('%s → %s', (input, expected) => {
    expect(linkableUrl(input)).toBe(expected);
  });

  test('npm pages only for valid package names', () => {
    expect(npmPackageUrl('@acme/docker-mcp')).toBe('https://www.npmjs.com/package/@acme/docker-mcp');
    expect(npmPackageUrl('<script>')).toBeUndefined();
    expect(npmPackageUrl('../../etc/passwd')).toBeUndefined();
  });
});

describe('names and text for display', () => {
  test('a 10,000-character name is cut to the display limit with an ellipsis', () => {
    const name = `tool_${'x'.repeat(9_995)}`;
    expect(displayName(name)).toHaveLength(120);
    expect(displayName(name).endsWith('…')).toBe(true);
    expect(displayName('push_image')).toBe('push_image');
  });

  test('identifiers break after their separators only', () => {
    expect(identifierPieces('docker_remove_image')).toEqual(['docker_', 'remove_', 'image']);
    expect(identifierPieces('@acme/docker-mcp')).toEqual(['@', 'acme/', 'docker-', 'mcp']);
    expect(identifierPieces('plain').join('')).toBe('plain');
  });

  test('backtick spans become code pieces', () => {
    expect(codeSpans('merge `permissions` into settings')).toEqual([{ text: 'merge ', code: false }, { text: 'permissions', code: true }, { text: ' into settings', code: false }]);
    expect(codeSpans('no code')).toEqual([{ text: 'no code', code: false }]);
  });

  test('the short description is the first sentence, on one line, capped', () => {
    expect(shortDescription('Read a file. Then more.')).toBe('Read a file.');
    expect(shortDescription('line one\nline two')).toBe('line one');
    expect(shortDescription('x'.repeat(500))).toHaveLength(90);
    expect(shortDescription(undefined)).toBe('');
  });
});

describe('the install snippet', () => {
  test('for every server in data/ and the fixture, its key is the key the exports use', async () => {
    let checked = 0;
    for (const directory of ['data', 'test/fixtures/catalogue']) {
      for (const file of await readdir(join(root, directory, 'servers'))) {
        const record = ServerFileSchema.parse(JSON.parse(await readFile(join(root, directory, 'servers', file), 'utf8')));
        const snippet = installSnippet(record);
        if (!snippet) continue;
        const policy = recommendPolicy(policyInputFromRecord(record));
        expect(Object.keys(JSON.parse(snippet.config).mcpServers), file).toEqual([policy.server.key]);
        expect(snippet.key).toBe(policy.server.key);
        // The Claude Code rules name the server by the same key.
        if (policy.tools.some((tool) => tool.action !== 'deny')) expect(exportPolicy(policy, 'claude-code').text, file).toContain(`mcp__${policy.server.key.replace(/[^A-Za-z0-9_-]/g, '_')}`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  test('names every variable the server needs, as placeholders, and never a recorded value', async () => {
    const record = ServerFileSchema.parse(JSON.parse(await readFile(join(root, 'test/fixtures/catalogue/servers/mcp-server-files.json'), 'utf8')));
    const snippet = installSnippet(record)!;
    expect(snippet.variables).toEqual(['FILES_ROOT', 'FILES_TOKEN']);
    expect(JSON.parse(snippet.config).mcpServers[snippet.key].env).toEqual({ FILES_ROOT: '<FILES_ROOT>', FILES_TOKEN: '<FILES_TOKEN>' });
    expect(snippet.config).not.toContain('mcp-risk-placeholder');
  });
});
