import { defineConfig } from '@playwright/test';

/** Browser tests of the catalogue site, built once from test/fixtures/catalogue/ (see test/site/global-setup.ts). */
export default defineConfig({
  testDir: 'test/site',
  testMatch: /\.spec\.ts$/,
  globalSetup: './test/site/global-setup.ts',
  outputDir: 'test-results',
  timeout: 30_000,
  workers: 2,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    browserName: 'chromium',
    // The system's Chromium (scripts/setup.sh installs it); Playwright never downloads a browser here.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
