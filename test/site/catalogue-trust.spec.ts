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
  // The servers box sits between the search box and the results, not below them.
  const serversAboveResults = await page.evaluate(() => {
    const box = document.querySelector('.exact-matches')!;
    const result = document.querySelector('.pagefind-ui__result')!;
    return Boolean(box.compareDocumentPosition(result) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(serversAboveResults).toBe(true);
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

test('a server page shows where its code comes from; facts the registry did not give show as unknown; hostile values stay text', async ({ page }) => {
  await page.goto(url(DOCKER));
  const facts = page.locator('dl.supply-chain');
  const fact = (label: string) => facts.locator('div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');
  await expect(fact('Licence')).toHaveText('MIT');
  await expect(fact('Repository').getByRole('link')).toHaveAttribute('href', 'https://github.com/acme/docker-mcp');
  await expect(fact('Homepage')).toHaveText('javascript:alert(1)');
  expect(await fact('Homepage').getByRole('link').count()).toBe(0);
  await expect(fact('Install scripts')).toContainText('postinstall');
  await expect(fact('Dependencies')).toHaveText('3 direct, 87 installed in all');
  await expect(fact('Published')).toHaveText('2026-10-28 (6 days old when checked on 2026-11-03)');
  await expect(fact('Provenance')).toHaveText('registry signature; build attestation from https://github.com/acme/docker-mcp, workflow .github/workflows/publish.yml');
  await expect(fact('Known advisories')).toHaveText('1 critical, 2 moderate in the installed tree: GHSA-4w2v-vmj7-klvd, GHSA-p6mc-m468-83gw');
  await expect(fact('Description')).toContainText('<img src=x onerror="window.__pwned = 4">');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  if (SCREENS) {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SCREENS}/server-page-supply-chain-${width}.png`, fullPage: true });
    }
  }
  await page.goto(url('/servers/mcp-server-files/'));
  await expect(page.locator('dl.supply-chain div.fact-unknown dt')).toHaveText(['Published', 'Provenance', 'Known advisories']);
  await expect(page.locator('dl.supply-chain div.fact-unknown').last()).toContainText('unknown (npm audit gave no report');
  await page.goto(url('/servers/acme--github-mcp/'));
  await expect(page.locator('#supply-chain ~ p.fact-unknown')).toContainText('Unknown: no supply-chain facts');
});

test('the Findings page lists servers with a critical advisory and servers without a repository', async ({ page }) => {
  await page.goto(url('/findings/'));
  const section = page.locator('section[aria-labelledby="supply-chain-findings"]');
  await expect(section.locator('h3').first()).toHaveText('Critical advisory in the installed tree (1)');
  await expect(section.locator('ul').first().getByRole('link')).toHaveText(['@acme/docker-mcp']);
  await expect(section.locator('h3').nth(1)).toHaveText('No repository declared (1)');
  await expect(section.locator('ul').nth(1).getByRole('link')).toHaveAttribute('href', '/servers/foo/#supply-chain');
});
