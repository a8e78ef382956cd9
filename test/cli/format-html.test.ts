import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { escapeHtml, renderScanHtml } from '../../cli/format-html.ts';
import { main } from '../../cli/main.ts';
import { ServerFileSchema } from '../../schemas/catalogue.ts';
import type { SupplyChain } from '../../schemas/supply-chain.ts';
import { memoryIo } from '../helpers/memory-io.ts';
import { fixturesDirectory, nodeModulesDirectory } from '../scanner/helpers.ts';

const HOSTILE = join(import.meta.dirname, '..', 'fixtures', 'catalogue', 'servers', 'script-alert-1-script_5c140d35dc.json');

/** The elements the report writes itself; anything else (a `<script>`, an `<img>` from a tool's description) came in unescaped. */
const OWN_ELEMENTS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'p', 'section', 'h1', 'h2', 'dl', 'div', 'dt', 'dd', 'code', 'bdi', 'span', 'a', 'strong', 'ul', 'li', 'pre', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td', 'svg', 'rect']);

function expectNoActiveMarkup(html: string) {
  const tags = [...html.matchAll(/<([a-zA-Z][^\s>\/]*)([^>]*)>/g)];
  expect(tags.length).toBeGreaterThan(10);
  for (const [, element, attributes] of tags) {
    expect(OWN_ELEMENTS, `<${element}>`).toContain(element!.toLowerCase());
    expect(attributes, `<${element}${attributes}>`).not.toMatch(/\s(on[a-z]+|src)\s*=/i);
    expect(attributes, `<${element}${attributes}>`).not.toMatch(/href="(?!https?:)/);
  }
}

describe('scan --format html', () => {
  test('writes one self-contained page with the sections of a server page and each tool\'s action', async () => {
    const io = memoryIo({ cwd: fixturesDirectory, isTTY: false });
    const code = await main(['scan', '--format', 'html', '--read-only', nodeModulesDirectory, '--', 'node', 'plain.mjs'], io);
    expect(code).toBe(0);
    const html = io.out();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    for (const heading of ['<h2>Scan</h2>', '<h2>Tools</h2>', '<h2>Findings</h2>', '<h2>Recommended policy</h2>']) expect(html).toContain(heading);
    expect(html).toMatch(/<th scope="row"><bdi>delete_file<\/bdi><\/th>.*<span class="badge action-deny">deny<\/span>/);
    expect(html).toMatch(/<svg role="img" aria-label="Tools by action: /);
    expectNoActiveMarkup(html);
  });

  test('escapes every hostile name, description and detail, and shows supply-chain facts, unknown ones as unknown', async () => {
    const record = ServerFileSchema.parse(JSON.parse(await readFile(HOSTILE, 'utf8')));
    const supplyChain: SupplyChain = {
      schemaVersion: 1,
      checkedAt: '2026-12-08T00:00:00.000Z',
      description: '<script>alert(1)</script>',
      license: 'MIT',
      repository: 'javascript:alert(1)',
      homepage: null,
      installScripts: ['postinstall'],
      dependencies: { direct: 2, installed: 40 },
      publishedAt: '2026-12-01T00:00:00.000Z',
      provenance: { unknown: 'the registry did not answer' },
      advisories: { counts: { info: 0, low: 0, moderate: 1, high: 0, critical: 1 }, ids: ['GHSA-xxxx-yyyy-zzzz'] },
    };
    const html = renderScanHtml([{ ...record, supplyChain }]);
    expectNoActiveMarkup(html);
    expect(html).toContain('&lt;script&gt;window.__pwned = 1; alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('<h2>Where the code comes from</h2>');
    expect(html).toContain('<span class="fact-plain">javascript:alert(1)</span>');
    expect(html).toContain('<span class="fact-unknown">unknown (the registry did not answer)</span>');
    expect(html).toContain('1 critical, 1 moderate in the installed tree: GHSA-xxxx-yyyy-zzzz');
    expect(html).toContain('postinstall (not run by the scan');
    expect(html).toContain('2026-12-01 (7 days old when checked on 2026-12-08)');
  });

  test('escapeHtml escapes markup in text and in quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
