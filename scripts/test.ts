/**
 * `npm test`: the one command that runs every check and test.
 *
 *   1. `tsc --noEmit`, `eslint`, `prettier --check` and the layer check (fail fast)
 *   2. vitest (unit + integration) against a fresh database
 *   3. Playwright (real Chromium) against the built app on port 3100 and another fresh database
 *
 * Postgres: DATABASE_URL's server when set (its user needs CREATEDB), else an embedded server with
 * its data in `.data/postgres-test` on port 54339. Test databases are dropped at the end.
 *
 * Options (after `npm test --`; E2E_SERVER_LOGS=1 shows the app's output instead of logging it):
 *   --unit-only        only vitest            --e2e-only         only Playwright
 *   --no-checks        skip the checks        --keep-databases   do not drop the test databases
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
import { BuildError, buildIfNeeded } from "./lib/next-build";
import { dataDir, fromRoot } from "./lib/paths";
import {
  bin,
  isPortFree,
  spawnNode,
  stopChild,
  waitForOk,
  type ManagedChild,
  type SpawnOptions,
} from "./lib/processes";

const TEST_EMBEDDED_PORT = 54339;
const E2E_PORT = 3100;
const DATABASE_PREFIX = "changedesk_test";
/** Leftovers of killed runs on the embedded test server are dropped once they are this old. */
const LEFTOVER_AGE_MS = 2 * 60 * 60 * 1000;
const RESULTS_DIR = fromRoot("test-results");
const VITEST_REPORT = path.join(RESULTS_DIR, "vitest.json");
/** Must match the json reporter's outputFile in playwright.config.ts. */
const PLAYWRIGHT_REPORT = path.join(RESULTS_DIR, "playwright.json");
const E2E_SERVER_LOG = path.join(RESULTS_DIR, "e2e-server.log");
/** Migrations, demo data and the web app's first answer. */
const E2E_SERVER_TIMEOUT_MS = 300_000;

interface Options {
  unit: boolean;
  e2e: boolean;
  checks: boolean;
  keepDatabases: boolean;
  /** the crash harness: ≥ 2,000 messages, workers SIGKILLed, Postgres restarted (docs/guarantees.md) */
  crash: boolean;
  passThrough: string[];
}

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function parseOptions(argv: string[]): Options {
  const own = new Set(["--unit-only", "--e2e-only", "--no-checks", "--keep-databases", "--no-crash"]);
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
    // a file filter or grep means a focused run: the harness is the whole system, so it is left out
    crash: !flags.has("--e2e-only") && !flags.has("--no-crash") && argv.every((arg) => own.has(arg)),
    passThrough: argv.filter((arg) => !own.has(arg)),
  };
}

let current: ManagedChild | undefined;
let e2eServer: ManagedChild | undefined;
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
  const stats =
    typeof report === "object" && report !== null ? (report as { stats?: unknown }).stats : undefined;
  const tally = {
    // "flaky" tests failed once and passed on retry (CI only).
    passed: numberField(stats, "expected") + numberField(stats, "flaky"),
    failed: numberField(stats, "unexpected"),
    skipped: numberField(stats, "skipped"),
  };
  if (exitCode !== 0 && tally.failed === 0) {
    // The web server did not start, no tests found, an error outside tests...
    fail(
      `playwright exited with code ${exitCode} without a failed test in its report; counted as one failure`,
    );
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
  const prettier = await run("prettier", [bin.prettier(), "--check", ".", "--log-level", "warn"], {
    prefix: "[prettier]",
    color: "cyan",
  });
  const architecture = await run(
    "architecture",
    ["--import", "tsx", fromRoot("scripts", "check-architecture.ts")],
    {
      prefix: "[architecture]",
      color: "blue",
    },
  );
  if (tsc !== 0) fail("tsc --noEmit found type errors (above)");
  if (eslint !== 0) fail("eslint found problems (above)");
  if (prettier !== 0) fail("prettier --check found unformatted files (above): run `npm run format`");
  if (architecture !== 0) fail("the layer rules of docs/architecture.md are broken (above)");
  const clean = tsc === 0 && eslint === 0 && prettier === 0 && architecture === 0;
  if (clean) say(`typecheck, lint, format and layers clean in ${Math.round((Date.now() - started) / 1000)}s`);
  return clean;
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

async function tail(file: string, lines = 60): Promise<string> {
  try {
    return (await fs.readFile(file, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts Changedesk (scripts/start.ts: migrate, seed, web app + worker) on the e2e database, runs
 * Playwright against it, and stops it. We run the server rather than Playwright's webServer so
 * that it is always stopped, whatever ends the run.
 */
async function runEndToEnd(env: NodeJS.ProcessEnv, passThrough: string[], tally: Tally): Promise<void> {
  if (!(await isPortFree(E2E_PORT))) {
    // Its answers would be taken for our server's: a Changedesk left running by a killed run?
    fail(`port ${E2E_PORT} is already in use; stop whatever listens there (e.g. \`lsof -i :${E2E_PORT}\`)`);
    tally.failed += 1;
    return;
  }
  const showLogs = Boolean(process.env.E2E_SERVER_LOGS);
  await fs.rm(E2E_SERVER_LOG, { force: true });
  say(
    `starting Changedesk on port ${E2E_PORT}` +
      (showLogs ? "" : ` (its output: ${path.relative(process.cwd(), E2E_SERVER_LOG)})`),
  );
  const server = spawnNode(
    "e2e-server",
    ["--import", "tsx", fromRoot("scripts", "start.ts")],
    showLogs ? { env, prefix: "[e2e-server]", color: "gray" } : { env, logFile: E2E_SERVER_LOG },
  );
  e2eServer = server;
  try {
    const healthy = await waitForOk(`http://127.0.0.1:${E2E_PORT}/api/health`, server, E2E_SERVER_TIMEOUT_MS);
    if (interrupted) throw new Interrupted(interrupted);
    if (!healthy) {
      fail(`Changedesk did not answer /api/health on port ${E2E_PORT}${showLogs ? " (see above)" : ""}`);
      if (!showLogs) process.stderr.write(`Last lines of its output:\n${await tail(E2E_SERVER_LOG)}\n`);
      tally.failed += 1;
      return;
    }
    await fs.rm(PLAYWRIGHT_REPORT, { force: true });
    const code = await run("playwright", [bin.playwright(), "test", ...passThrough], { env });
    const result = await playwrightTally(code);
    tally.passed += result.passed;
    tally.failed += result.failed;
    tally.skipped += result.skipped;
    if (result.failed > 0 && !showLogs) {
      say(`the app's output during the run: ${path.relative(process.cwd(), E2E_SERVER_LOG)}`);
    }
  } finally {
    await stopChild(server, 30_000);
    e2eServer = undefined;
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
      const forward = () => {
        for (const child of [current, e2eServer]) {
          if (child && !child.hasExited()) child.process.kill("SIGTERM");
        }
      };
      // A terminal's Ctrl-C reaches our children too (same process group) and they stop on their
      // own; a SIGINT or SIGTERM sent to us alone does not, so pass it on (later, for SIGINT).
      if (signal === "SIGINT") setTimeout(forward, 5000).unref();
      else forward();
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
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            NODE_ENV: "test",
            // Info logs of jobs and requests would bury the test output; warnings still show.
            LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
          },
        },
      );
      const result = await vitestTally(code);
      tally.passed += result.passed;
      tally.failed += result.failed;
      tally.skipped += result.skipped;
    }

    if (options.crash) {
      heading("crash and re-delivery harness");
      // it runs its own Postgres (port 54349) so that it can crash and restart it
      const code = await run("crash-harness", ["--import", "tsx", "scripts/crash-harness.ts"], {
        env: { ...process.env, LOG_LEVEL: "warn" },
      });
      if (code === 0) tally.passed += 1;
      else tally.failed += 1;
    }

    if (options.e2e) {
      heading("end-to-end tests (playwright)");
      const databaseUrl = withDatabase(serverUrl, uniqueDatabaseName(`${DATABASE_PREFIX}_e2e`));
      databases.push(databaseUrl);
      await ensureDatabase(databaseUrl);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        DATABASE_URL: databaseUrl,
        PORT: String(E2E_PORT),
        NEXTAUTH_URL: `http://localhost:${E2E_PORT}`,
        NEXT_TELEMETRY_DISABLED: "1",
        // playwright.config.ts starts no web server of its own when this is set.
        CHANGEDESK_E2E_SERVER: "1",
      };
      await buildIfNeeded(env);
      await runEndToEnd(env, options.passThrough, tally);
    }
  } catch (error) {
    if (!(error instanceof Interrupted || error instanceof ChecksFailed)) {
      const expected = error instanceof BuildError;
      fail(error instanceof Error ? ((expected ? undefined : error.stack) ?? error.message) : String(error));
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
    if (embedded)
      await embedded.stop().catch((error: unknown) => warn(`stopping Postgres: ${String(error)}`));
  }
  if (interrupted) warn(`interrupted by ${interrupted}`);
  return summary();
}

process.exit(await main());
