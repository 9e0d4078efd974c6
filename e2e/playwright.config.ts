/**
 * Real-browser journeys against `next start` of the reference app and the local IdP (started by
 * the worker fixture in support/fixtures.ts, ports picked at run time).
 *
 * Debian's Chromium (test/support/chromium.ts), because Playwright cannot download its own browsers here. One worker: the
 * machine has two cores, and `next start`, the IdP and Chromium already share them.
 */
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../test/support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  // Journeys that wait out a 10 s token do it once or twice; the worker fixture's first build
  // has its own 120 s timeout.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: '../playwright-report', open: 'never' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 20_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: CHROMIUM_LAUNCH,
      },
    },
  ],
});
