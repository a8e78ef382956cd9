import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { checkParsePolicySet } from '@cedar-policy/cedar-wasm/nodejs';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { recommendPolicy } from '../../policy/recommend.ts';
import { policyInputFromRecord } from '../../policy/policy-input.ts';
import { exportPolicy, POLICY_FORMAT_INFO, POLICY_FORMATS } from '../../policy/render.ts';
import { CatalogueDownloadSchema } from '../../schemas/catalogue-download.ts';
import { CatalogueIndexSchema, ServerFileSchema } from '../../schemas/catalogue.ts';
import { publishedSchemas } from '../../schemas/json-schemas.ts';
import { PolicySchema } from '../../schemas/policy.ts';
import { SecurityRecordSchema } from '../../schemas/security-record.ts';
import { FIXTURE_DATA, FIXTURE_SITE } from './global-setup.ts';

const url = (path: string) => new URL(path, process.env.SITE_URL).toString();
const HOSTILE = '/servers/script-alert-1-script_5c140d35dc/';

/** Fails the test if a page opens a dialog or a payload set its marker. */
function guard(page: Page): void {
  page.on('dialog', (dialog) => {
    throw new Error(`a page opened a ${dialog.type()} dialog: ${dialog.message()}`);
  });
}
async function expectNothingRan(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
}

async function readIndex() {
  return CatalogueIndexSchema.parse(JSON.parse(await readFile(join(FIXTURE_DATA, 'index.json'), 'utf8')));
}

test('home → server → tool, and a screenshot of the tool page', async ({ page }, testInfo) => {
  guard(page);
  await page.goto(url('/'));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Know what an MCP server');
  await expect(page.getByRole('table', { name: 'Tools by category' })).toBeVisible();
  await page.getByRole('region', { name: 'Newest scans' }).getByRole('link', { name: '@acme/docker-mcp' }).click();
  await expect(page).toHaveURL(/\/servers\/acme--docker-mcp\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('@acme/docker-mcp');
  await page.locator('table.tools').getByRole('link', { name: 'push_image', exact: true }).click();
  await expect(page).toHaveURL(/\/servers\/acme--docker-mcp\/tools\/push_image\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('push_image');
  await expect(page.locator('pre.description')).toHaveText('Push a Docker image to a registry. The image must be tagged with the registry host first.');
  for (const section of ['Why: signals and their evidence', 'Findings', 'Annotations: declared and inferred', 'Recommended rule', 'Input schema', 'Questions']) {
    await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible();
  }
  const screenshot = testInfo.outputPath('tool-page.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('tool page', { path: screenshot, contentType: 'image/png' });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the tool table filters by category, risk and findings through links', async ({ page }) => {
    await page.goto(url(HOSTILE));
    const rows = page.locator('table.tools tbody tr');
    const total = await rows.count();
    expect(total).toBeGreaterThan(10);
    await page.getByRole('navigation', { name: 'Filter tools' }).getByRole('link', { name: /^with findings/ }).click();
    await expect(page).toHaveURL(/#only-findings$/);
    await expect(rows.filter({ visible: true })).toHaveCount(await page.locator('table.tools tbody tr.has-findings').count());
    await expect(rows.filter({ hasText: 'send_note' }).first()).toBeVisible();
    await expect(rows.filter({ hasText: 'index' })).toBeHidden();
    await page.getByRole('navigation', { name: 'Filter tools' }).getByRole('link', { name: /^write/ }).click();
    for (const row of await rows.all()) {
      const isWrite = (await row.getAttribute('class'))?.includes('c-write');
      if (isWrite) await expect(row).toBeVisible();
      else await expect(row).toBeHidden();
    }
    await page.getByRole('navigation', { name: 'Filter tools' }).getByRole('link', { name: /^all/ }).click();
    await expect(rows.filter({ visible: true })).toHaveCount(total);
  });

  test('listings paginate with plain links', async ({ page }) => {
    await page.goto(url('/categories/read/'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('read tools');
    await page.getByRole('link', { name: 'Next →' }).click();
    await expect(page).toHaveURL(/\/categories\/read\/2\/$/);
    await expect(page.locator('table.listing tbody tr').first()).toBeVisible();
  });
});

test('column headings sort the tool table with JavaScript', async ({ page }) => {
  await page.goto(url('/servers/acme--docker-mcp/'));
  await page.getByRole('button', { name: 'Risk' }).click();
  const first = async () => page.locator('table.tools tbody tr th').first().innerText();
  expect(await first()).toBe('list_images');
  await page.getByRole('button', { name: 'Risk' }).click();
  expect(['docker_remove_image', 'run_container']).toContain(await first());
});

test('search finds a tool', async ({ page }) => {
  guard(page);
  await page.goto(url('/search/'));
  await page.getByRole('textbox').fill('push_image');
  const result = page.locator('.pagefind-ui__result-link').filter({ hasText: 'push_image' }).first();
  await expect(result).toBeVisible({ timeout: 15_000 });
  await result.click();
  await expect(page).toHaveURL(/\/servers\/acme--docker-mcp\/tools\/push_image\/$/);
});

test('searching for a payload shows it as text and runs nothing', async ({ page }) => {
  guard(page);
  await page.goto(url('/search/'));
  await page.getByRole('textbox').fill('pwned');
  await expect(page.locator('.pagefind-ui__result').first()).toBeVisible({ timeout: 15_000 });
  await expectNothingRan(page);
});

test('script and onerror payloads show as text and run nothing', async ({ page }) => {
  guard(page);
  const index = await readIndex();
  const hostile = ServerFileSchema.parse(JSON.parse(await readFile(join(FIXTURE_DATA, 'servers', 'script-alert-1-script_5c140d35dc.json'), 'utf8')));
  await page.goto(url(HOSTILE));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(hostile.key);
  await expect(page.locator('.subtitle')).toHaveText(`Calls itself ${hostile.server!.title!}`);
  await expectNothingRan(page);
  const toolPages = (await readdir(join(FIXTURE_SITE, HOSTILE, 'tools'))).map((slug) => `${HOSTILE}tools/${slug}/`);
  for (const path of [...toolPages, '/', '/failed/', '/findings/', '/catalogue/', '/servers/acme--github-mcp/', '/servers/acme--docker-mcp/']) {
    await page.goto(url(path));
    await expectNothingRan(page);
    expect(await page.locator('img').count(), `${path} has no images`).toBe(0);
  }
  await page.goto(url(`${HOSTILE}tools/render_html/`));
  await expect(page.locator('pre.description')).toContainText('<img src=x onerror="window.__pwned = 2; alert(2)">');
  await expect(page.locator('pre.description')).toContainText('</pre></code></td></tr></table><script>window.__pwned = 3</script>');
  await page.goto(url(`${HOSTILE}tools/script-window-pwned-1-alert-pwned-script_6ee36340ff/`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('<script>window.__pwned = 1; alert("pwned")</script>');
  await page.goto(url('/failed/'));
  await expect(page.getByRole('cell', { name: /GITHUB_TOKEN <script>/ })).toBeVisible();
  expect(index.servers.length).toBe(10);
  for (const path of ['/changes/', '/needs-review/', '/servers/', '/browse/a-z/', '/search/']) {
    await page.goto(url(path));
    await expectNothingRan(page);
  }
});

test('every download parses and validates against its schema', async ({ request }) => {
  const index = await readIndex();
  for (const entry of index.servers) {
    const record = ServerFileSchema.parse(JSON.parse(await readFile(join(FIXTURE_DATA, 'servers', `${entry.slug}.json`), 'utf8')));
    const policyResponse = await request.get(url(`/servers/${entry.slug}/policy.json`));
    expect(policyResponse.headers()['content-type']).toContain('application/json');
    const policy = PolicySchema.parse(await policyResponse.json());
    expect(policy).toEqual(recommendPolicy(policyInputFromRecord(record)));
    for (const format of POLICY_FORMATS.filter((candidate) => candidate !== 'mcp-risk')) {
      const { fileName, mediaType } = POLICY_FORMAT_INFO[format];
      const text = await (await request.get(url(`/servers/${entry.slug}/exports/${format}/${fileName}`))).text();
      expect(text).toBe(exportPolicy(policy, format).text);
      // Each download parses in its own language: JSON, YAML, TOML, or Cedar (the one text/plain format).
      const parse = { 'application/json': JSON.parse, 'application/yaml': parseYaml, 'application/toml': parseToml, 'text/plain': (policies: string) => expect(checkParsePolicySet({ staticPolicies: policies })).toEqual({ type: 'success' }) }[mediaType];
      expect(() => parse(text)).not.toThrow();
    }
    ServerFileSchema.parse(await (await request.get(url(`/servers/${entry.slug}/record.json`))).json());
    const security = SecurityRecordSchema.parse(await (await request.get(url(`/servers/${entry.slug}/security.json`))).json());
    expect(security.scanPin).toBe(policy.server.scanPin);
    expect(security.tools.map((tool) => [tool.name, tool.pin, tool.category, tool.risk])).toEqual(record.tools.map((tool) => [tool.name, tool.pin, tool.assessment.category, tool.assessment.risk]));
    for (const tool of security.tools) expect(tool.action).toBe(policy.tools.find((item) => item.name === tool.name)!.action);
  }
  const catalogue = CatalogueDownloadSchema.parse(await (await request.get(url('/catalogue.json'))).json());
  expect(catalogue.index).toEqual(index);
  expect(catalogue.servers.map((server) => server.slug)).toEqual(index.servers.map((server) => server.slug));
  for (const { name } of publishedSchemas) {
    const schema = await (await request.get(url(`/schema/${name}.schema.json`))).json();
    expect(schema.$id).toBe(`https://mcp-risk.dev/schema/${name}.schema.json`);
  }
  const llms = await (await request.get(url('/llms.txt'))).text();
  expect(llms).toMatch(/^# mcp-risk catalogue\n\n> /);
  expect(llms).not.toContain('<script>');
  for (const path of ['/servers/', '/needs-review/', '/changes/', '/servers/SLUG/security.json']) expect(llms).toContain(path);
});

test('every tool page is at most 30 KB of HTML and has one h1', async () => {
  const servers = await readdir(join(FIXTURE_SITE, 'servers'));
  let pages = 0;
  for (const server of servers) {
    const tools = await readdir(join(FIXTURE_SITE, 'servers', server, 'tools')).catch(() => []);
    for (const tool of tools) {
      const file = join(FIXTURE_SITE, 'servers', server, 'tools', tool, 'index.html');
      expect((await stat(file)).size, file).toBeLessThanOrEqual(30 * 1024);
      expect((await readFile(file, 'utf8')).match(/<h1[ >]/g)?.length, file).toBe(1);
      pages++;
    }
  }
  expect(pages).toBe((await readIndex()).servers.reduce((sum, server) => sum + server.toolCount, 0));
});
