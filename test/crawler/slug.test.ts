import { describe, expect, test } from 'vitest';
import { isSlug, slugFor } from '../../core/slug.ts';

describe('slugFor', () => {
  test.each([
    ['mcp-server-kubernetes', 'mcp-server-kubernetes'],
    ['@modelcontextprotocol/server-filesystem', 'modelcontextprotocol--server-filesystem'],
    ['@playwright/mcp', 'playwright--mcp'],
    ['@notionhq/notion-mcp-server', 'notionhq--notion-mcp-server'],
  ])('keeps a plain name readable: %s → %s', (key, slug) => {
    expect(slugFor(key)).toBe(slug);
  });

  const hostile = [
    '../../etc/passwd',
    '..',
    '.',
    '/',
    '',
    '.hidden',
    'a/../../b',
    'C:\\Windows\\System32',
    'con',
    'CON',
    'nul',
    'lpt1',
    'index',
    'Foo',
    'foo',
    'FOO',
    'io.github.user/weather',
    'io.github.User/weather',
    '@scope/a--b',
    '@scope--a/b',
    'scope--a-b',
    'a--b',
    'café-server',
    'cafe\u0301-server',
    '日本語サーバー',
    '💣',
    'name\u0000with-nul',
    'name\nwith-newline',
    'rtl\u202eexe.json',
    'zero\u200bwidth',
    'x'.repeat(81),
    'x'.repeat(80),
    `@${'s'.repeat(200)}/${'n'.repeat(200)}`,
    'server.json',
    'a b c',
    '<script>alert(1)</script>',
    '%2e%2e%2f',
  ];

  test.each(hostile.map((key) => [key]))('makes a safe file name of %j', (key) => {
    const slug = slugFor(key);
    expect(isSlug(slug)).toBe(true);
    expect(slug).toMatch(/^[a-z0-9][a-z0-9_-]*$/);
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slugFor(key)).toBe(slug);
  });

  test('gives every hostile name its own slug, also when file names ignore case', () => {
    const slugs = hostile.map((key) => slugFor(key).toLowerCase());
    expect(new Set(slugs).size).toBe(hostile.length);
  });

  test('never maps a scoped and an unscoped name, or a hashed and a plain one, to the same slug', () => {
    const keys = ['@a/b', 'a--b', 'a-b', '@a-b/c', '@a/b-c', 'a.b', 'a_b'];
    expect(new Set(keys.map(slugFor)).size).toBe(keys.length);
  });

  test.each([['index'], ['con'], ['../x'], ['.x'], ['-x'], ['A'], ['x'.repeat(81)]])('isSlug rejects %j', (text) => {
    expect(isSlug(text)).toBe(false);
  });
});
