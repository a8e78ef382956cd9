import { expect, test } from '@playwright/test';
import { PolicySchema } from '../../schemas/policy.ts';

const url = (path: string) => new URL(path, process.env.SITE_URL).toString();
const DOCKER = '/servers/acme--docker-mcp/';
const GITHUB = '/servers/acme--github-mcp/';
const SCREENS = process.env.SCREENS_DIRECTORY;

/** Every listing of servers or tools, and the column that holds each row's risk. */
const LISTINGS = ['/servers/', '/browse/a-z/', '/browse/risk-critical/', '/catalogue/', '/categories/read/', '/risks/high/', '/findings/', '/needs-review/'];

test('a linked search runs on load and lists servers above tools', async ({ page }) => {
  await page.goto(url('/search/?q=github'));
  await expect(page.getByRole('textbox')).toHaveValue('github', { timeout: 15_000 });
  const servers = page.locator('.exact-matches');
  await expect(servers.getByRole('link').first()).toHaveAttribute('href', GITHUB, { timeout: 15_000 });
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 15_000 });
  expect(await page.locator('#search a').first().getAttribute('href')).toBe(GITHUB);
  if (SCREENS) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENS}/search-github-${width}.png`, fullPage: true });
    }
  }
});

test('typing a query puts it in the address, so the search can be linked', async ({ page }) => {
  await page.goto(url('/search/'));
  await page.getByRole('textbox').fill('docker');
  await expect(page).toHaveURL(/\/search\/\?q=docker$/);
  await expect(page.locator('.exact-matches').getByRole('link').first()).toHaveAttribute('href', DOCKER, { timeout: 15_000 });
});

test('without JavaScript the search page links the Servers listing', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('/search/'));
  await expect(page.getByRole('link', { name: 'the Servers listing' })).toHaveAttribute('href', '/servers/');
  await context.close();
});

test("a server page lists each tool's default action beside its category and risk, and a bar of tools by action", async ({ page, request }) => {
  const policy = PolicySchema.parse(await (await request.get(url(`${DOCKER}policy.json`))).json());
  const label = { allow: 'allow', approve: 'ask', deny: 'deny' } as const;
  await page.goto(url(DOCKER));
  const headings = await page.locator('table.tools thead th').allInnerTexts();
  const action = headings.findIndex((text) => text.startsWith('Action'));
  expect(action).toBeGreaterThan(0);
  expect(headings[action - 1]).toMatch(/^Risk/);
  expect(headings[action + 1]).toMatch(/^Category/);
  for (const tool of policy.tools) {
    const row = page.locator('table.tools tbody tr').filter({ has: page.locator('th', { hasText: new RegExp(`^${tool.name}$`) }) });
    await expect(row.locator('td').nth(action - 1)).toHaveText(label[tool.action]);
  }
  const bar = page.locator('.action-bar svg[role="img"]');
  const counts = Object.entries(label).map(([action, word]) => [word, policy.tools.filter((tool) => tool.action === action).length] as const).filter(([, count]) => count > 0);
  await expect(bar).toHaveAttribute('aria-label', `Tools by action: ${counts.map(([word, count]) => `${count} ${word}`).join(', ')}`);
  expect(await page.locator('.action-bar rect').count()).toBe(counts.length);
});

test("the home page shows the catalogue's risk mix as a static SVG chart", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('/'));
  const chart = page.locator('svg.risk-chart');
  await expect(chart).toBeVisible();
  expect(await chart.locator('rect').count()).toBe(4);
  await expect(chart.locator('title')).toHaveText(/^Tools by risk: critical \d+, high \d+, medium \d+, low \d+$/);
  const widths = await chart.locator('rect').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('width'))));
  expect(Math.max(...widths)).toBeGreaterThan(0);
  await context.close();
});

test('at 390 px every listing keeps each row\'s name and risk on screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 900 });
  for (const path of LISTINGS) {
    await page.goto(url(path));
    const rows = await page.locator('table.listing tbody tr').evaluateAll((trs) => trs.slice(0, 40).map((tr) => {
      const name = tr.querySelector('th[scope="row"]')!.getBoundingClientRect();
      const risk = [...tr.querySelectorAll('td')].find((cell) => cell.querySelector('[class*="badge risk-"]') || cell.textContent?.trim() === '—');
      const box = risk?.getBoundingClientRect();
      return { name: name.right, risk: box ? box.right : Number.POSITIVE_INFINITY, visible: box ? box.width > 0 : false };
    }));
    expect(rows.length, `${path} has rows`).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.visible, `${path}: risk cell shown`).toBe(true);
      expect(Math.max(row.name, row.risk), `${path}: name and risk within 390 px`).toBeLessThanOrEqual(390);
    }
  }
});

test('the Changes page and the Atom feed show a reassessment as verdicts changed, before and after', async ({ page, request }) => {
  await page.goto(url('/changes/'));
  const reassessment = page.locator('ol.changes > li').filter({ hasText: '@pay/payments-mcp' });
  await expect(reassessment.locator('p').first()).toHaveText('reassessed by classifier 2.0.0: 2 verdicts changed, version 3.0.0.');
  await expect(reassessment.locator('li.verdict-changed').first()).toHaveText('Verdict changed: create_payment — before write, high risk, ask, after financial, critical risk, deny (category write → financial, risk high → critical, action ask → deny (classifier 1.9.0 → 2.0.0))');
  const feed = await (await request.get(url('/changes.atom'))).text();
  expect(feed).toContain('Verdict changed for create_payment: category write → financial, risk high → critical, action ask → deny (classifier 1.9.0 → 2.0.0), now financial, critical risk, deny.');
  await page.goto(url('/servers/pay--payments-mcp/#change-1'));
  await expect(page.locator('#change-1 li.verdict-changed')).toHaveCount(2);
  if (SCREENS) {
    await page.goto(url('/changes/'));
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENS}/changes-${width}.png`, fullPage: true });
    }
  }
});
