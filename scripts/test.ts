/**
 * `npm test`: the one command that runs every check and test.
 *
 *   1. `tsc --noEmit` and `eslint` (fail fast)
 *   2. vitest (unit + integration) against a fresh database
 *   3. Playwright (real Chromium) against the built app on port 3100 and another fresh database
 *
 * Postgres: DATABASE_URL's server when set (its user needs CREATEDB), else an embedded server with
 * its data in `.data/postgres-test` on port 54339. Test databases are dropped at the end.
 *
 * Options (after `npm test --`):
 *   --unit-only        only vitest            --e2e-only         only Playwright
 *   --no-checks        skip tsc and eslint    --keep-databases   do not drop the test databases
 *   anything else is passed on to vitest and/or Playwright (e.g. a file filter, `--grep x`).
 *
 * The last line printed is `N passed, N failed`, over vitest and Playwright together.
 */
import fs from "node:fs/promises";
import path from "node:path";
import {
  dropDatabase,
  dropDatabasesWithPrefix,
  ensureDatabase,
  redactUrl,
  uniqueDatabaseName,
  withDatabase,
} from "./lib/database";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { bold, fail, paint, say, warn } from "./lib/log";
import { buildIfNeeded } from "./lib/next-build";
import { dataDir, fromRoot } from "./lib/paths";
import { bin, spawnNode, type ManagedChild, type SpawnOptions } from "./lib/processes";

const TEST_EMBEDDED_PORT = 54339;
const E2E_PORT = 3100;
const DATABASE_PREFIX = "changedesk_test";
/** Leftovers of killed runs on the embedded test server are dropped once they are this old. */
const LEFTOVER_AGE_MS = 2 * 60 * 60 * 1000;
const RESULTS_DIR = fromRoot("test-results");
const VITEST_REPORT = path.join(RESULTS_DIR, "vitest.json");
/** Must match the json reporter's outputFile in playwright.config.ts. */
const PLAYWRIGHT_REPORT = path.join(RESULTS_DIR, "playwright.json");

interface Options {
  unit: boolean;
  e2e: boolean;
  checks: boolean;
  keepDatabases: boolean;
  passThrough: string[];
}

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function parseOptions(argv: string[]): Options {
  const own = new Set(["--unit-only", "--e2e-only", "--no-checks", "--keep-databases"]);
  const flags = new Set(argv.filter((arg) => own.has(arg)));
  if (flags.has("--unit-only") && flags.has("--e2e-only")) {
    fail("--unit-only and --e2e-only together run nothing; pick one (or neither for both)");
    process.exit(2);
  }
  return {
    unit: !flags.has("--e2e-only"),
    e2e: !flags.has("--unit-only"),
    checks: !flags.has("--no-checks"),
    keepDatabases: flags.has("--keep-databases"),
    passThrough: argv.filter((arg) => !own.has(arg)),
  };
}

let current: ManagedChild | undefined;
let interrupted: NodeJS.Signals | undefined;

async function run(name: string, args: string[], options: SpawnOptions = {}): Promise<number> {
  const child = spawnNode(name, args, options);
  current = child;
  const status = await child.exited;
  current = undefined;
  if (interrupted) throw new Interrupted(interrupted);
  return status.code ?? 1;
}

class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

class ChecksFailed extends Error {}

function heading(text: string): void {
  process.stdout.write(`\n${bold(paint("blue", `━━ ${text}`))}\n`);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function numberField(value: unknown, key: string): number {
  if (typeof value !== "object" || value === null) return 0;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "number" ? field : 0;
}

/** Vitest's json reporter follows Jest's format. */
async function vitestTally(exitCode: number): Promise<Tally> {
  const report = await readJson(VITEST_REPORT);
  const tally = {
    passed: numberField(report, "numPassedTests"),
    failed: numberField(report, "numFailedTests"),
    skipped: numberField(report, "numPendingTests") + numberField(report, "numTodoTests"),
  };
  if (exitCode !== 0 && tally.failed === 0) {
    // A failing global setup, a syntax error in a test file, "no test files found"...
    fail(`vitest exited with code ${exitCode} without a failed test in its report; counted as one failure`);
    tally.failed = 1;
  }
  return tally;
}

async function playwrightTally(exitCode: number): Promise<Tally> {
  const report = await readJson(PLAYWRIGHT_REPORT);
  const stats = typeof report === "object" && report !== null ? (report as { stats?: unknown }).stats : undefined;
  const tally = {
    // "flaky" tests failed once and passed on retry (CI only).
    passed: numberField(stats, "expected") + numberField(stats, "flaky"),
    failed: numberField(stats, "unexpected"),
    skipped: numberField(stats, "skipped"),
  };
  if (exitCode !== 0 && tally.failed === 0) {
    // The web server did not start, no tests found, an error outside tests...
    fail(`playwright exited with code ${exitCode} without a failed test in its report; counted as one failure`);
    tally.failed = 1;
  }
  return tally;
}

async function runChecks(): Promise<boolean> {
  heading("typecheck and lint");
  const started = Date.now();
  // In parallel: on 2 cores both are mostly waiting on the same type information anyway.
  const [tsc, eslint] = await Promise.all([
    run("tsc", [bin.tsc(), "--noEmit", "--pretty"], { prefix: "[tsc]", color: "yellow" }),
    run("eslint", [bin.eslint(), ".", "--max-warnings", "0"], { prefix: "[eslint]", color: "magenta" }),
  ]);
  if (tsc !== 0) fail("tsc --noEmit found type errors (above)");
  if (eslint !== 0) fail("eslint found problems (above)");
  if (tsc === 0 && eslint === 0) say(`typecheck and lint clean in ${Math.round((Date.now() - started) / 1000)}s`);
  return tsc === 0 && eslint === 0;
}

/** Drops databases of earlier runs that were killed before they could clean up. */
async function dropLeftovers(serverUrl: string): Promise<void> {
  const sql = (await import("postgres")).default(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${`${DATABASE_PREFIX}_`})`;
    const cutoff = Date.now() - LEFTOVER_AGE_MS;
    for (const { datname } of rows) {
      const timestamp = Number(/_(\d{13})_/.exec(datname)?.[1]);
      if (Number.isFinite(timestamp) && timestamp < cutoff) {
        await sql`drop database if exists ${sql(datname)} with (force)`;
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  const databases: string[] = [];
  let embedded: EmbeddedPostgres | undefined;
  let serverUrl = "";

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (interrupted) process.exit(130);
      interrupted = signal;
      warn(`${signal}: stopping the running step, then cleaning up`);
      // A terminal's Ctrl-C reaches the child already; a lone SIGTERM (CI timeout) does not.
      current?.process.kill("SIGTERM");
    });
  }

  const summary = (): number => {
    const skipped = tally.skipped > 0 ? `, ${tally.skipped} skipped` : "";
    process.stdout.write(`\n${tally.passed} passed, ${tally.failed} failed${skipped}\n`);
    return tally.failed > 0 || interrupted ? 1 : 0;
  };

  try {
    if (options.checks && !(await runChecks())) {
      tally.failed += 1;
      throw new ChecksFailed();
    }

    heading("database");
    if (process.env.DATABASE_URL) {
      serverUrl = process.env.DATABASE_URL;
      say(`creating test databases on ${redactUrl(serverUrl)}`);
    } else {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, "postgres-test"),
        port: TEST_EMBEDDED_PORT,
        database: "postgres",
        fast: true,
      });
      serverUrl = embedded.serverUrl;
      await dropLeftovers(serverUrl);
    }
    await fs.mkdir(RESULTS_DIR, { recursive: true });

    if (options.unit) {
      heading("unit and integration tests (vitest)");
      const databaseUrl = withDatabase(serverUrl, uniqueDatabaseName(DATABASE_PREFIX));
      databases.push(databaseUrl);
      await ensureDatabase(databaseUrl);
      await fs.rm(VITEST_REPORT, { force: true });
      const code = await run(
        "vitest",
        [
          bin.vitest(),
          "run",
          "--reporter=default",
          "--reporter=json",
          `--outputFile.json=${VITEST_REPORT}`,
          ...options.passThrough,
        ],
        { env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: "test" } },
      );
      const result = await vitestTally(code);
      tally.passed += result.passed;
      tally.failed += result.failed;
      tally.skipped += result.skipped;
    }

    if (options.e2e) {
      heading("end-to-end tests (playwright)");
      const databaseUrl = withDatabase(serverUrl, uniqueDatabaseName(`${DATABASE_PREFIX}_e2e`));
      databases.push(databaseUrl);
      await ensureDatabase(databaseUrl);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        // Read by playwright.config.ts' webServer, which runs scripts/start.ts with them.
        DATABASE_URL: databaseUrl,
        PORT: String(E2E_PORT),
        NEXTAUTH_URL: `http://localhost:${E2E_PORT}`,
        NEXT_TELEMETRY_DISABLED: "1",
      };
      await buildIfNeeded(env);
      await fs.rm(PLAYWRIGHT_REPORT, { force: true });
      const code = await run("playwright", [bin.playwright(), "test", ...options.passThrough], { env });
      const result = await playwrightTally(code);
      tally.passed += result.passed;
      tally.failed += result.failed;
      tally.skipped += result.skipped;
    }
  } catch (error) {
    if (!(error instanceof Interrupted || error instanceof ChecksFailed)) {
      fail(error instanceof Error ? (error.stack ?? error.message) : String(error));
      tally.failed += 1;
    }
  } finally {
    if (databases.length > 0) {
      heading("cleaning up");
      if (options.keepDatabases) {
        say(`keeping the test databases: ${databases.map(redactUrl).join(", ")}`);
      } else {
        for (const databaseUrl of databases) {
          try {
            await dropDatabase(databaseUrl);
            // vitest's per-worker copies, should its teardown not have run.
            await dropDatabasesWithPrefix(serverUrl, `${new URL(databaseUrl).pathname.slice(1)}_w`);
          } catch (error) {
            warn(`could not drop ${redactUrl(databaseUrl)}: ${(error as Error).message}`);
          }
        }
        say(`dropped ${databases.length} test database${databases.length === 1 ? "" : "s"}`);
      }
    }
    if (embedded) await embedded.stop().catch((error: unknown) => warn(`stopping Postgres: ${String(error)}`));
  }
  if (interrupted) warn(`interrupted by ${interrupted}`);
  return summary();
}

process.exit(await main());
