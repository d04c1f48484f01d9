import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { createDb } from "./client";

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Runs the committed migrations. Safe to run from several processes at once (web and worker
 * starting together): an advisory lock on the single connection serialises them.
 */
export async function migrateDatabase(databaseUrl: string): Promise<void> {
  const { db, sql, close } = createDb(databaseUrl, { max: 1, applicationName: "changedesk-migrate" });
  try {
    await sql`select pg_advisory_lock(727101)`;
    await migrate(db, { migrationsFolder });
    await sql`select pg_advisory_unlock(727101)`;
  } finally {
    await close();
  }
}
