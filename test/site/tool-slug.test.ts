import { describe, expect, test } from 'vitest';
import { isSlug } from '../../core/slug.ts';
import { assignToolSlugs } from '../../site/lib/tool-slug.ts';

describe('assignToolSlugs', () => {
  test('keeps names that are already safe, so URLs stay readable', () => {
    expect(assignToolSlugs(['push_image', 'docker_remove_image', 'list-files'])).toEqual(['push_image', 'docker_remove_image', 'list-files']);
  });

  test('gives hostile, duplicate and case-colliding names unique safe slugs', () => {
    const names = ['Foo', 'foo', 'FOO', '../../etc/passwd', '..', '', 'index', 'con', '<script>alert(1)</script>', 'get\u200bsecret', 'rtl\u202egnp.exe', '日本語', 'send_note', 'send_note', 'x'.repeat(300), 'foo_1cbec737f8'];
    const slugs = assignToolSlugs(names);
    for (const slug of slugs) expect(isSlug(slug) || /^[a-z0-9][a-z0-9_-]{0,79}$/.test(slug)).toBe(true);
    expect(new Set(slugs.map((slug) => slug.toLowerCase())).size).toBe(names.length);
    expect(slugs.every((slug) => !slug.includes('/') && !slug.includes('.'))).toBe(true);
  });

  test('is stable: the same list gives the same slugs', () => {
    const names = ['A', 'a', 'b c', 'b-c'];
    expect(assignToolSlugs(names)).toEqual(assignToolSlugs([...names]));
  });
});
