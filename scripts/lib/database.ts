import { randomBytes } from "node:crypto";
import postgres from "postgres";

/** Returns the same server URL pointing at another database (credentials and query kept). */
export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export function databaseName(databaseUrl: string): string {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`DATABASE_URL has no database name: ${redactUrl(databaseUrl)}`);
  return name;
}

/** The URL without its password, for printing. */
export function redactUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = "****";
    return url.toString();
  } catch {
    return "<unparseable database URL>";
  }
}

/** A connection to the server's maintenance database, for CREATE/DROP DATABASE. */
function maintenanceConnection(databaseUrl: string) {
  return postgres(withDatabase(databaseUrl, "postgres"), {
    max: 1,
    onnotice: () => {},
    connect_timeout: 10,
    connection: { application_name: "changedesk-scripts" },
  });
}

export async function databaseExists(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const sql = maintenanceConnection(databaseUrl);
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    return rows.length > 0;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Creates the database named in the URL unless it exists. Returns true when it was created. */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const sql = maintenanceConnection(databaseUrl);
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length > 0) return false;
    try {
      await sql`create database ${sql(name)}`;
    } catch (error) {
      // Another process created it between our check and our CREATE.
      if (isPostgresError(error, "42P04")) return false;
      throw error;
    }
    return true;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = databaseName(databaseUrl);
  const sql = maintenanceConnection(databaseUrl);
  try {
    // FORCE (Postgres 13+) ends sessions a crashed test may have left open.
    await sql`drop database if exists ${sql(name)} with (force)`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Drops every database whose name starts with `prefix` (a test run's database and its clones). */
export async function dropDatabasesWithPrefix(serverUrl: string, prefix: string): Promise<string[]> {
  const sql = maintenanceConnection(serverUrl);
  try {
    const rows = await sql<{ datname: string }[]>`
      select datname from pg_database where starts_with(datname, ${prefix}) and not datistemplate`;
    for (const { datname } of rows) {
      await sql`drop database if exists ${sql(datname)} with (force)`;
    }
    return rows.map((row) => row.datname);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A database name nobody else uses: `changedesk_test_<timestamp>_<random>`. */
export function uniqueDatabaseName(prefix: string): string {
  return `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
}

export function isPostgresError(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === code;
}

/**
 * Runs `work` while holding a session-level advisory lock, so several `npm start` processes
 * against one server migrate and seed one at a time.
 */
export async function withAdvisoryLock<T>(
  databaseUrl: string,
  key: number,
  work: () => Promise<T>,
): Promise<T> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    await sql`select pg_advisory_lock(${key})`;
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${key})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}
