import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Run through `npm test`, which creates a fresh database and sets DATABASE_URL. Global setup
 * migrates it once; each worker then gets its own copy of it (testing/worker-database.ts), so
 * test files running in parallel never see each other's rows.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // `server-only` throws unless bundled for React Server Components; tests import server code directly.
      { find: /^server-only$/, replacement: path.join(root, "node_modules", "server-only", "empty.js") },
    ],
  },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["e2e/**", "**/node_modules/**", ".next/**", ".data/**", "test-results/**"],
    globalSetup: ["testing/global-setup.ts"],
    setupFiles: ["testing/worker-database.ts"],
    // Integration tests talk to Postgres and pg-boss: generous, but a hang still fails.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    teardownTimeout: 30_000,
    pool: "forks",
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    fileParallelism: true,
  },
});
