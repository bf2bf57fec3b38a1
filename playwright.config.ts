import { defineConfig } from '@playwright/test';
import { chromiumLaunch } from './e2e/chromium';

const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The dashboard in token mode, in front of the test API server (e2e/token). */
const TOKEN_PORT = PORT + 1000;

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'playwright-report/results.json' }],
  ],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunch,
  },
  projects: [
    {
      name: 'chromium',
      // The login suite has its own servers (playwright.login.config.ts).
      testIgnore: ['token/**', 'login/**'],
      use: { browserName: 'chromium', viewport: { width: 1440, height: 900 } },
    },
    {
      name: 'token',
      testMatch: 'token/**/*.spec.ts',
      use: {
        browserName: 'chromium',
        viewport: { width: 1440, height: 900 },
        baseURL: `http://127.0.0.1:${TOKEN_PORT}`,
      },
    },
  ],
  webServer: [
    {
      // The demo cluster, in memory; each run starts from the scenario files. The standalone server
      // is what the image runs.
      command: 'node scripts/serve.mjs',
      url: `http://127.0.0.1:${PORT}/api/cluster`,
      reuseExistingServer: false,
      timeout: 120_000,
      // An extra unreachable context lets the tests exercise switching and the connection error page.
      env: {
        HOST: '127.0.0.1',
        PORT: String(PORT),
        MESH_MIGRATOR_CLUSTER: 'demo',
        KUBECONFIG: 'e2e/fixtures/kubeconfig-unreachable.yaml',
        NEXT_TELEMETRY_DISABLED: '1',
        // Steps' traffic verdicts compare 10 s before and after (the demo's default is 30 s), so
        // e2e/verdict.spec.ts waits seconds, not a minute, for the injected fault to be caught.
        MESH_MIGRATOR_VERIFY_WINDOW: '10s',
      },
    },
    {
      // Token mode against the real test API server with the demo scenario loaded.
      command: `node scripts/e2e-token-server.mjs ${TOKEN_PORT}`,
      url: `http://127.0.0.1:${TOKEN_PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 600_000,
    },
  ],
});
