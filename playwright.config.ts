import { defineConfig } from '@playwright/test';

// Each story starts its own headless server and fake relays on loopback ports; running them one
// at a time keeps the 2-core build machines responsive and the stories independent.
export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  use: {
    screenshot: 'only-on-failure',
    launchOptions: {
      // scripts/e2e.mjs sets CHROMIUM_PATH (Debian's chromium); unset means Playwright's own.
      executablePath: process.env.CHROMIUM_PATH || undefined,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
