/**
 * `npm start`: database, migrations, demo data, then the web app and the worker.
 *
 *   npm start                 web app + worker (the default)
 *   npm run start:web         web app only       (same as `npm start -- --web`)
 *   npm run start:worker      worker only        (same as `npm start -- --worker`)
 *   npm run dev               web app with `next dev` (hot reload) + worker
 *
 * Without DATABASE_URL an embedded Postgres server keeps its data in `.data/postgres`.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { ensureDatabase, redactUrl, withAdvisoryLock } from "./lib/database";
import { START_EMBEDDED_PORT, startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { bold, fail, paint, say, warn } from "./lib/log";
import { BuildError, buildIfNeeded } from "./lib/next-build";
import { dataDir, fromRoot } from "./lib/paths";
import {
  bin,
  describeExit,
  isPortFree,
  spawnNode,
  stopChild,
  waitForOk,
  type ManagedChild,
} from "./lib/processes";

const DEFAULT_PORT = 3000;
const HEALTH_TIMEOUT_MS = 180_000;
/** Arbitrary constant: serialises migrate + seed across processes starting at once. */
const MIGRATION_LOCK_KEY = 72_616_101;

interface Options {
  web: boolean;
  worker: boolean;
  dev: boolean;
  seed: boolean;
  /** Migrate (and seed unless --no-seed), then exit: for deploy steps and `db:migrate`. */
  migrateOnly: boolean;
}

const USAGE = `Usage: npm start [-- --web | --worker] [--dev] [--no-seed] [--migrate-only]
  --web            run only the web app
  --worker         run only the background worker
  --dev            run the web app with \`next dev\` (hot reload) instead of a production build
  --no-seed        do not create the demo users and data
  --migrate-only   migrate the database (and seed, unless --no-seed), then exit
Environment: DATABASE_URL (else embedded Postgres), PORT (${DEFAULT_PORT}), NEXTAUTH_URL, NEXTAUTH_SECRET.`;

function parseOptions(argv: string[]): Options {
  const flags = new Set(argv);
  for (const flag of flags) {
    if (!["--web", "--worker", "--dev", "--no-seed", "--migrate-only", "--help", "-h"].includes(flag)) {
      fail(`unknown option ${flag}\n${USAGE}`);
      process.exit(2);
    }
  }
  if (flags.has("--help") || flags.has("-h")) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const onlyOne = flags.has("--web") !== flags.has("--worker");
  return {
    web: !onlyOne || flags.has("--web"),
    worker: !onlyOne || flags.has("--worker"),
    dev: flags.has("--dev"),
    seed: !flags.has("--no-seed"),
    migrateOnly: flags.has("--migrate-only"),
  };
}

function parsePort(value: string | undefined): number {
  if (!value) return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new StartError(`PORT must be a port number, got "${value}"`);
  }
  return port;
}

/** The session-signing secret: from the environment, else generated once and kept in `.data/secret`. */
async function nextAuthSecret(): Promise<string> {
  const fromEnv = process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, "secret");
  try {
    const stored = (await fs.readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // not created yet
  }
  const secret = randomBytes(32).toString("base64url");
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${secret}\n`, { mode: 0o600 });
  say(`generated a session secret in ${path.relative(process.cwd(), file) || file}`);
  return secret;
}

interface DemoUser {
  email: string;
  password: string;
  role: string;
}

type DemoChannels = { apiKey: string; chatSecret: string };

function printReady(
  options: Options,
  consoleUrl: string | undefined,
  users: DemoUser[],
  demoChannels: DemoChannels | undefined,
): void {
  const lines: string[] = [""];
  if (consoleUrl) {
    lines.push(`  ${bold("Changedesk is running:")} ${paint("green", bold(consoleUrl))}`);
  } else {
    lines.push(`  ${bold("Changedesk worker is running.")}`);
  }
  if (consoleUrl && users.length > 0) {
    lines.push("", "  Sign in with a demo user:");
    const width = Math.max(...users.map((user) => user.email.length));
    for (const user of users) {
      lines.push(`    ${user.role.padEnd(9)} ${user.email.padEnd(width)}  password: ${user.password}`);
    }
  }
  if (consoleUrl && demoChannels) {
    lines.push(
      "",
      "  Demo channels (README, Channels, has a copy-paste example for each):",
      `    API key (every channel, trusted to assert senders)  ${demoChannels.apiKey}`,
      `    chat signing secret                                 ${demoChannels.chatSecret}`,
    );
  }
  lines.push("", `  ${paint("gray", "Press Ctrl-C to stop.")}`, "");
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** A problem the person starting Changedesk can fix; printed without a stack trace. */
class StartError extends Error {}

class StopRequested extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  let port: number;
  try {
    port = parsePort(process.env.PORT);
  } catch (error) {
    fail((error as Error).message);
    return 2;
  }
  const children: ManagedChild[] = [];
  let embedded: EmbeddedPostgres | undefined;
  let stopping: Promise<void> | undefined;

  const stopEverything = (): Promise<void> => {
    stopping ??= (async () => {
      await Promise.all(children.map((child) => stopChild(child)));
      if (embedded) await embedded.stop();
    })();
    return stopping;
  };

  let stopSignal: NodeJS.Signals | undefined;
  let requestedStop: (signal: NodeJS.Signals) => void = () => {};
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestedStop = resolve));
  /** Between start-up steps: a Ctrl-C during migrations or the build stops before the next step. */
  const unlessStopped = () => {
    if (stopSignal) throw new StopRequested(stopSignal);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopSignal) {
        // A second Ctrl-C means "now". Other repeats (a supervisor's SIGTERM after the terminal's
        // SIGINT) just wait for the orderly stop already under way.
        if (signal !== "SIGINT") return;
        warn("stopping now without waiting (second Ctrl-C); Postgres is stopped on the next start");
        for (const child of children) child.process.kill("SIGKILL");
        process.exit(130);
      }
      stopSignal = signal;
      requestedStop(signal);
    });
  }

  try {
    // 1. Database
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      say(`using the database at ${redactUrl(databaseUrl)}`);
      try {
        if (await ensureDatabase(databaseUrl)) say("created the database");
      } catch (error) {
        // Managed servers often forbid connecting to `postgres`; the database may exist anyway.
        warn(`could not check or create the database (${(error as Error).message}); assuming it exists`);
      }
    } else {
      embedded = await startEmbeddedPostgres({
        dataDir: path.join(dataDir, "postgres"),
        port: START_EMBEDDED_PORT,
        database: "changedesk",
      });
      databaseUrl = embedded.databaseUrl;
    }
    process.env.DATABASE_URL = databaseUrl;
    unlessStopped();

    // 2. Schema and demo data. Imported only now, so they see DATABASE_URL.
    const { users, demoChannels } = await withAdvisoryLock(databaseUrl, MIGRATION_LOCK_KEY, async () => {
      say("migrating the database");
      const { prepareDatabase } = await import("./lib/prepare-database");
      await prepareDatabase(databaseUrl);
      if (!options.seed) return { users: [], demoChannels: undefined };
      const { seedDemoData } = await import("@/server/seed/seed-demo");
      const result = await seedDemoData(databaseUrl);
      say(result.seeded ? "seeded the demo users and data" : "demo data already present");
      return { users: result.users, demoChannels: { apiKey: result.apiKey, chatSecret: result.chatSecret } };
    });

    unlessStopped();
    if (options.migrateOnly) {
      for (const user of users) say(`demo user ${user.role}: ${user.email} / ${user.password}`);
      await stopEverything();
      return 0;
    }

    // 3. Environment shared by the web app and the worker
    const consoleUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
    const childEnv: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      NEXTAUTH_URL: consoleUrl,
      NEXTAUTH_SECRET: await nextAuthSecret(),
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: options.dev ? "development" : "production",
    };

    // 4. Web app (built first when needed) and worker
    if (options.web) {
      if (!options.dev) await buildIfNeeded(childEnv);
      unlessStopped();
      if (!(await isPortFree(port))) {
        throw new StartError(
          `port ${port} is already in use (another \`npm start\`, or a web process left running?). ` +
            "Stop it or choose another port: PORT=3001 npm start",
        );
      }
      children.push(
        spawnNode("web", [bin.next(), options.dev ? "dev" : "start", "--port", String(port)], {
          env: childEnv,
          prefix: "[web]",
          color: "cyan",
        }),
      );
    }
    if (options.worker) {
      children.push(
        spawnNode("worker", ["--import", "tsx", fromRoot("worker", "main.ts")], {
          env: childEnv,
          prefix: "[worker]",
          color: "magenta",
        }),
      );
    }

    const crashed = Promise.race(children.map(async (child) => ({ child, status: await child.exited })));
    const web = children.find((child) => child.name === "web");
    let unhealthy = false;
    void (async () => {
      if (web && !(await waitForOk(`http://127.0.0.1:${port}/api/health`, web, HEALTH_TIMEOUT_MS))) {
        if (!web.hasExited() && !stopping) {
          fail(`the web app did not answer ${consoleUrl}/api/health within ${HEALTH_TIMEOUT_MS / 1000}s`);
          unhealthy = true;
          requestedStop("SIGTERM");
        }
        return;
      }
      if (!stopping) printReady(options, web ? consoleUrl : undefined, users, demoChannels);
    })();

    const outcome = await Promise.race([
      stopRequested.then((signal) => ({ kind: "signal" as const, signal })),
      crashed.then((exit) => ({ kind: "crash" as const, ...exit })),
    ]);
    if (outcome.kind === "crash") {
      fail(`the ${outcome.child.name} ${describeExit(outcome.status)} unexpectedly; stopping everything`);
      await stopEverything();
      return 1;
    }
    say(unhealthy ? "stopping everything" : `stopping (${outcome.signal})…`);
    await stopEverything();
    say("stopped");
    return unhealthy ? 1 : 0;
  } catch (error) {
    if (error instanceof StopRequested || stopSignal) {
      // A Ctrl-C also reaches a running `next build`, which then fails: that is not an error.
      say(`stopping (${stopSignal ?? "signal"})…`);
      await stopEverything();
      return 0;
    }
    fail(
      error instanceof StartError || error instanceof BuildError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error),
    );
    await stopEverything().catch((stopError: unknown) => fail(`while stopping: ${String(stopError)}`));
    return 1;
  }
}

// Exit explicitly: a library may leave a timer or socket behind, and we are done.
process.exit(await main());
