/**
 * Vitest setup file: gives each worker process its own copy of the migrated test database and
 * points DATABASE_URL at it before any test module (or `server/env.ts`) reads it. Test files
 * in one worker run one after another, so `resetDatabase` between tests is enough isolation.
 */
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import {
  assertTestDatabase,
  databaseNameOf,
  requireTestDatabaseUrl,
  withDatabaseName,
  workerDatabaseName,
} from "@/testing/names";

const templateUrl = process.env.CHANGEDESK_TEST_TEMPLATE_URL ?? requireTestDatabaseUrl();
assertTestDatabase(templateUrl);
const poolId = process.env.VITEST_POOL_ID ?? "1";
const workerName = workerDatabaseName(databaseNameOf(templateUrl), poolId);

async function ensureWorkerDatabase(): Promise<void> {
  const sql = postgres(withDatabaseName(templateUrl, "postgres"), { max: 1, onnotice: () => {} });
  try {
    for (let attempt = 1; ; attempt++) {
      const existing = await sql`select 1 from pg_database where datname = ${workerName}`;
      if (existing.length > 0) return;
      try {
        await sql`create database ${sql(workerName)} template ${sql(databaseNameOf(templateUrl))}`;
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === "42P04") return; // created meanwhile
        // 55006: "source database is being accessed by other users" — another worker is cloning.
        if (code !== "55006" || attempt >= 20) throw error;
        await sleep(250 * attempt);
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

await ensureWorkerDatabase();
process.env.CHANGEDESK_TEST_TEMPLATE_URL = templateUrl;
process.env.DATABASE_URL = withDatabaseName(templateUrl, workerName);
