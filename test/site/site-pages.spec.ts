import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { ServerFileSchema } from '../../schemas/catalogue.ts';
import { nameShard, normalizeName } from '../../site/lib/search-names.ts';
import { CLASSIFIER_EVALUATION, FIXTURE_DATA, FIXTURE_SITE } from './global-setup.ts';

const url = (path: string) => new URL(path, process.env.SITE_URL).toString();
const HOSTILE = '/servers/script-alert-1-script_5c140d35dc/';
const DOCKER = '/servers/acme--docker-mcp/';
const FILES = '/servers/mcp-server-files/';
const AXE = join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js');

/** One page of every kind the site has. */
const PAGE_TYPES = [
  '/', DOCKER, FILES, HOSTILE, `${DOCKER}tools/push_image/`, `${HOSTILE}tools/render_html/`, '/servers/', '/browse/most-tools/', '/browse/risk-critical/',
  '/catalogue/', '/categories/', '/categories/read/', '/risks/', '/risks/high/', '/findings/', '/needs-review/', '/changes/', '/failed/',
  '/methodology/', '/downloads/', '/search/',
];

async function readServer(slug: string) {
  return ServerFileSchema.parse(JSON.parse(await readFile(join(FIXTURE_DATA, 'servers', `${slug}.json`), 'utf8')));
}

/**
 * Lines in table cells that end inside a word or number: a line break with a letter or digit on
 * both sides (within one list item or block of the cell) is a word broken in two.
 */
async function cellsBrokenInsideWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const broken: string[] = [];
    const wordCharacter = /[\p{L}\p{N}]/u;
    for (const cell of document.querySelectorAll('td, th')) {
      if ((cell as HTMLElement).offsetParent === null) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let previous: { char: string; top: number } | undefined;
      let block: Element | null | undefined;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        if (node.parentElement?.closest('pre')) continue;
        const nodeBlock = node.parentElement?.closest('li, p, div, td, th');
        if (nodeBlock !== block) previous = undefined;
        block = nodeBlock;
        const text = node.data;
        for (let index = 0; index < text.length; index++) {
          const range = document.createRange();
          range.setStart(node, index);
          range.setEnd(node, index + 1);
          const rect = range.getClientRects()[0];
          const char = text[index]!;
          // A space at a line's end collapses to nothing; it still counts as the break's left side.
          if (!rect || rect.width === 0) {
            if (previous) previous.char = char;
            continue;
          }
          if (previous && rect.top > previous.top + rect.height / 2 && wordCharacter.test(previous.char) && wordCharacter.test(char)) {
            broken.push(`${(cell.textContent ?? '').trim().slice(0, 60)} (between "${previous.char}" and "${char}")`);
          }
          previous = { char, top: rect.top };
        }
      }
    }
    return broken;
  });
}

for (const width of [390, 1280]) {
  test(`at ${width} px no table cell breaks inside a word, and the server page is kept as a screenshot`, async ({ page }, testInfo) => {
    await page.setViewportSize({ width, height: 900 });
    for (const path of PAGE_TYPES) {
      await page.goto(url(path));
      expect(await cellsBrokenInsideWords(page), `${path} at ${width} px`).toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    }
    for (const [name, path] of [['server-page', FILES], ['server-page-docker', DOCKER]] as const) {
      await page.goto(url(path));
      const screenshot = testInfo.outputPath(`${name}-${width}.png`);
      await page.screenshot({ path: screenshot, fullPage: true });
      await testInfo.attach(`${name} at ${width} px`, { path: screenshot, contentType: 'image/png' });
    }
  });
}

test('server pages are titled by the package, link npm and the repository over http(s) only, and show the self-reported name', async ({ page }) => {
  await page.goto(url(DOCKER));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('@acme/docker-mcp');
  await expect(page.locator('.subtitle')).toHaveText('Calls itself Acme Docker');
  await expect(page.getByRole('link', { name: 'npm package' })).toHaveAttribute('href', 'https://www.npmjs.com/package/@acme/docker-mcp');
  await expect(page.getByRole('link', { name: 'Source repository' })).toHaveAttribute('href', 'https://github.com/acme/docker-mcp');
  await expect(page).toHaveTitle(/^@acme\/docker-mcp · mcp-risk$/);
  // A javascript: or ssh address from the metadata is text, never a link.
  await page.goto(url(HOSTILE));
  await expect(page.getByRole('link', { name: 'Source repository' })).toHaveCount(0);
  await expect(page.locator('.source-links')).toContainText('javascript:alert(document.domain)');
  await page.goto(url(FILES));
  await expect(page.locator('.source-links')).toContainText('ssh://git@example.com/files.git');
  for (const path of PAGE_TYPES) {
    await page.goto(url(path));
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
    for (const href of hrefs) expect(href, `${path}`).toMatch(/^(https?:\/\/|\/|#)/);
  }
});

test('the tool table has a short description column, and the install snippet uses the policy key and names the variables', async ({ page, request }) => {
  await page.goto(url(FILES));
  await expect(page.locator('table.tools thead th').nth(1)).toHaveText('Does');
  await expect(page.locator('table.tools tbody tr').first().locator('td.summary')).toHaveText('Read the complete contents of a file as text.');
  const policy = await (await request.get(url(`${FILES}policy.json`))).json();
  const config = JSON.parse(await page.locator('#install ~ pre code, section[aria-labelledby="install"] pre code').nth(1).innerText());
  expect(Object.keys(config.mcpServers)).toEqual([policy.server.key]);
  expect(config.mcpServers[policy.server.key].env).toEqual({ FILES_ROOT: '<FILES_ROOT>', FILES_TOKEN: '<FILES_TOKEN>' });
  await expect(page.locator('section[aria-labelledby="install"] pre code').first()).toHaveText('FILES_ROOT=<FILES_ROOT> FILES_TOKEN=<FILES_TOKEN> npx -y mcp-server-files@0.6.2');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('"Servers" opens a listing that orders and filters by risk, tools, review and scan outcome', async ({ page }) => {
    await page.goto(url('/'));
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Servers', exact: true }).click();
    await expect(page).toHaveURL(/\/servers\/$/);
    const rows = page.locator('table.servers tbody tr');
    await expect(rows).toHaveCount(10);
    const nav = page.getByRole('navigation', { name: 'Order and filter servers' });
    await nav.getByRole('link', { name: 'critical' }).click();
    await expect(page).toHaveURL(/\/browse\/risk-critical\/$/);
    for (const row of await rows.all()) await expect(row.locator('.badge')).toHaveText('critical');
    await nav.getByRole('link', { name: 'most tools first' }).click();
    const counts = (await rows.locator('td.number').evaluateAll((cells) => cells.map((cell) => cell.textContent ?? ''))).filter((_, index) => index % 2 === 0).map(Number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    await nav.getByRole('link', { name: 'needs review' }).click();
    await expect(rows.first()).toContainText('<script>alert(1)</script>');
    await expect(rows).toHaveCount(2);
    await nav.getByRole('link', { name: 'timed out' }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('slow-mcp');
  });

  test('"needs review" marks uncertain tools, lists them and filters the server table', async ({ page }) => {
    await page.goto(url('/needs-review/'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tools that need review');
    await expect(page.locator('table.listing tbody tr').filter({ hasText: 'frobnicate' })).toHaveCount(1);
    await expect(page.locator('table.listing tbody tr').filter({ hasText: 'push_image' })).toHaveCount(0);
    await page.goto(url(`${HOSTILE}tools/frobnicate/`));
    await expect(page.locator('.needs-review-note')).toContainText('Needs review');
    await page.goto(url(HOSTILE));
    await page.getByRole('navigation', { name: 'Filter tools' }).getByRole('link', { name: /^needs review/ }).click();
    const visible = page.locator('table.tools tbody tr').filter({ visible: true });
    await expect(visible).toHaveCount(await page.locator('table.tools tbody tr.needs-review').count());
    await expect(visible.filter({ hasText: 'frobnicate' })).toHaveCount(1);
  });

  test('a server page shows its changes field by field; /changes/ and the home page list the latest', async ({ page }) => {
    await page.goto(url(DOCKER));
    const changes = page.getByRole('region', { name: 'Changes', exact: true });
    await expect(changes.getByRole('heading', { level: 3 }).first()).toContainText('2026-11-03: version 2.0.0 → 2.1.0 — 1 changed');
    await expect(changes).toContainText('Tool changed: push_image — description changed');
    const diff = changes.locator('table.diff tbody tr').first();
    await expect(diff.locator('th')).toHaveText('/description');
    await expect(diff.locator('td').nth(0)).toHaveText('Push an image.');
    await expect(diff.locator('td').nth(1)).toContainText('<script>window.__pwned = 1');
    await expect(changes).toContainText('Tool added: run_container');
    await expect(changes).toContainText('Tool removed: prune_everything');
    await page.goto(url('/changes/'));
    const items = page.locator('ol.changes > li');
    await expect(items).toHaveCount(4);
    await expect(items.nth(0)).toContainText('2026-11-05');
    await expect(items.nth(0)).toContainText('reassessed by classifier 2.0.0');
    await expect(items.nth(1)).toContainText('2026-11-03');
    await expect(items.nth(2)).toContainText('mcp-server-files');
    await expect(items.nth(2)).toContainText('Changed delete_file: description and input schema changed');
    await items.nth(2).getByRole('link').first().click();
    await expect(page).toHaveURL(/\/servers\/mcp-server-files\/#change-1$/);
    await page.goto(url('/'));
    await expect(page.getByRole('region', { name: 'Latest changes' }).getByRole('listitem')).toHaveCount(4);
    const newest = page.getByRole('region', { name: 'Newest scans' });
    await expect(newest).not.toContainText('slow-mcp');
    await expect(newest).not.toContainText('github-mcp');
    await expect(newest.getByRole('listitem').first()).toContainText('<script>alert(1)</script>');
  });

  test('filters work from the keyboard', async ({ page }) => {
    await page.goto(url(HOSTILE));
    let found = false;
    for (let press = 0; press < 80 && !found; press++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => (document.activeElement?.textContent ?? '').startsWith('with findings'));
    }
    expect(found, 'the "with findings" filter is reachable with Tab').toBe(true);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#only-findings$/);
    await expect(page.locator('table.tools tbody tr').filter({ visible: true })).toHaveCount(await page.locator('table.tools tbody tr.has-findings').count());
  });
});

test('the Atom feed of changes is well-formed and escapes what servers wrote', async ({ page, request }) => {
  const response = await request.get(url('/changes.atom'));
  expect(response.headers()['content-type']).toContain('application/atom+xml');
  const text = await response.text();
  expect(text).not.toContain('<script>');
  await page.goto(url('/'));
  const parsed = await page.evaluate((xml) => {
    const document = new DOMParser().parseFromString(xml, 'application/xml');
    return { error: document.querySelector('parsererror')?.textContent ?? null, entries: [...document.querySelectorAll('entry')].map((entry) => ({ title: entry.querySelector('title')?.textContent, link: entry.querySelector('link')?.getAttribute('href') })) };
  }, text);
  expect(parsed.error).toBeNull();
  expect(parsed.entries).toHaveLength(4);
  expect(parsed.entries[0]).toEqual({ title: '@pay/payments-mcp: reassessed by classifier 2.0.0: 2 verdicts changed', link: 'https://mcp-risk.dev/servers/pay--payments-mcp/#change-1' });
  expect(parsed.entries[1]).toEqual({ title: '@acme/docker-mcp: 1 changed', link: 'https://mcp-risk.dev/servers/acme--docker-mcp/#change-2' });
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute('href', '/changes.atom');
});

test('search puts a server whose package or server name is the query first, and the page agrees with the build on name shards', async ({ page }) => {
  await page.goto(url('/search/'));
  await page.getByRole('textbox').fill('docker-mcp');
  const exact = page.locator('.exact-matches');
  await expect(exact.getByRole('link')).toHaveText(['@acme/docker-mcp'], { timeout: 15_000 });
  const firstLink = await page.locator('#search a').first().getAttribute('href');
  expect(firstLink).toBe(DOCKER);
  await exact.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`${DOCKER}$`));
  await page.goto(url('/search/'));
  for (const name of ['docker-mcp', '@Acme/Docker-MCP ', '日本語', 'x'.repeat(300), '<script>']) {
    const inPage = await page.evaluate((text) => (window as unknown as { nameShard(text: string): string; normalizeName(text: string): string }).nameShard((window as unknown as { normalizeName(text: string): string }).normalizeName(text)), name);
    expect(inPage, name).toBe(nameShard(normalizeName(name)));
  }
});

test('other tools of the same category list the same server first', async ({ page }) => {
  await page.goto(url(`${HOSTILE}tools/frobnicate/`));
  const related = page.locator('ul.related > li');
  await expect(related.first()).toContainText('(this server)');
  const servers = await related.evaluateAll((items) => items.map((item) => item.textContent!.includes('(this server)')));
  expect(servers.indexOf(false) === -1 || servers.slice(servers.indexOf(false)).every((same) => !same)).toBe(true);
});

test('a ten-thousand-character tool name is cut on its page, which links the full name and stays under 30 KB', async ({ page }) => {
  const hostile = await readServer('script-alert-1-script_5c140d35dc');
  const long = hostile.tools.find((tool) => tool.name.length === 10_000)!;
  const slug = (await readdir(join(FIXTURE_SITE, HOSTILE, 'tools'))).find((name) => name.startsWith('very-long'))!;
  const html = await readFile(join(FIXTURE_SITE, HOSTILE, 'tools', slug, 'index.html'), 'utf8');
  expect(html.length).toBeLessThanOrEqual(30 * 1024);
  await page.goto(url(`${HOSTILE}tools/${slug}/`));
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  expect(heading.length).toBeLessThanOrEqual(120);
  expect(long.name.startsWith(heading.replace(/…$/, '').replace(/\s/g, ''))).toBe(true);
  await expect(page.locator('.full-name')).toContainText('10,000 characters');
  await expect(page.locator('.full-name').getByRole('link', { name: 'the scan record' })).toHaveAttribute('href', `${HOSTILE}record.json`);
  await page.goto(url(HOSTILE));
  expect((await page.locator('table.tools').innerText()).length).toBeLessThan(5_000);
});

for (const path of PAGE_TYPES) {
  test(`${path} has one h1, no raw backticks in its text, a favicon, and no serious or critical accessibility violation`, async ({ page }) => {
    await page.goto(url(path));
    await expect(page.locator('h1')).toHaveCount(1);
    const prose = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const found: string[] = [];
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement?.closest('pre, code, script, style, bdi, .pagefind-ui')) continue;
        if (node.textContent?.includes('`')) found.push(node.textContent.trim().slice(0, 80));
      }
      return found;
    });
    expect(prose, 'raw backticks').toEqual([]);
    await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', '/favicon.svg');
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown }[] }[] }> } }).axe.run(document, { resultTypes: ['violations'] });
      return result.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id} (${violation.impact}): ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`);
    });
    expect(violations).toEqual([]);
  });
}

test('the favicon is served', async ({ request }) => {
  expect((await request.get(url('/favicon.svg'))).status()).toBe(200);
});

test('every built page has exactly one h1', async () => {
  const files = (await readdir(FIXTURE_SITE, { recursive: true })).filter((file) => file.endsWith('.html'));
  expect(files.length).toBeGreaterThan(100);
  for (const file of files) expect((await readFile(join(FIXTURE_SITE, file), 'utf8')).match(/<h1[ >]/g)?.length, file).toBe(1);
});

test('the methodology page renders the figures data/classifier-eval.json holds', async ({ page }) => {
  const figures = JSON.parse(await readFile(CLASSIFIER_EVALUATION, 'utf8').catch(() => 'null')) as Record<string, unknown> | null;
  await page.goto(url('/methodology/'));
  const accuracy = page.getByRole('region', { name: 'Accuracy' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Methodology');
  if (!figures) {
    await expect(accuracy).toContainText('not published yet');
    return;
  }
  await expect(accuracy).not.toContainText('not published yet');
  await expect(accuracy.getByRole('table', { name: /Classifier figures/ })).toBeVisible();
  await expect(accuracy.getByRole('table', { name: /Confusion matrix/ })).toBeVisible();
  await expect(accuracy).toContainText(/\d+(\.\d+)?%/);
  if (typeof figures.command === 'string') await expect(accuracy).toContainText(figures.command);
  if (typeof figures.total === 'number') await expect(accuracy).toContainText(figures.total.toLocaleString('en-US'));
});

test('the install snippet key equals the export key for every fixture server', async ({ page }) => {
  for (const entry of (await readdir(join(FIXTURE_DATA, 'servers')))) {
    const record = await readServer(entry.replace(/\.json$/, ''));
    if (!record.package) continue;
    await page.goto(url(`/servers/${record.slug}/`));
    const config = JSON.parse(await page.locator('section[aria-labelledby="install"] pre code').nth(1).innerText());
    expect(Object.keys(config.mcpServers), record.slug).toEqual([recommendPolicy(policyInputFromRecord(record)).server.key]);
  }
});
