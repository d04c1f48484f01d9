import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests: real Chromium against the production build.
 *
 * `npm test` (scripts/test.ts) builds the app, creates a fresh database and starts scripts/start.ts
 * (migrate, seed demo users, web app + worker) on port 3100 against it before running Playwright.
 * Run alone (`npx playwright test`), the webServer below does the same with DATABASE_URL if set,
 * else with the embedded development database.
 */
const port = 3100;
const baseURL = `http://localhost:${port}`;
const isCI = Boolean(process.env.CI);

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  fullyParallel: false,
  workers: 1,
  retries: isCI ? 1 : 0,
  forbidOnly: isCI,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/playwright.json" }]],
  use: {
    baseURL,
    headless: true,
    browserName: "chromium",
    // Debian's Chromium: Playwright's own browser download is not available on these machines.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
    trace: "off",
  },
  projects: [
    {
      name: "setup",
      testDir: "e2e/fixtures",
      testMatch: /auth\.setup\.ts$/,
    },
    {
      name: "chromium",
      testIgnore: /fixtures\//,
      dependencies: ["setup"],
    },
  ],
  // `npm test` starts the app itself (and always stops it) and sets CHANGEDESK_E2E_SERVER; run
  // alone (`npx playwright test`), Playwright starts it the same way.
  webServer: process.env.CHANGEDESK_E2E_SERVER
    ? undefined
    : {
        command: `${JSON.stringify(process.execPath)} --import tsx scripts/start.ts`,
        url: `${baseURL}/api/health`,
        env: {
          PORT: String(port),
          NEXTAUTH_URL: baseURL,
          NEXT_TELEMETRY_DISABLED: "1",
        },
        // Migrations, demo data and (when stale) a production build happen before it answers.
        timeout: 300_000,
        reuseExistingServer: false,
        stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
        stderr: "pipe",
        gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      },
});
