import postgres from "postgres";
import { prepareDatabase } from "@/scripts/lib/prepare-database";
import { databaseNameOf, requireTestDatabaseUrl, withDatabaseName } from "@/testing/names";

/** Vitest global setup: migrate the run's database once; drop the workers' copies afterwards. */
export default async function setup(): Promise<() => Promise<void>> {
  const databaseUrl = requireTestDatabaseUrl();
  await prepareDatabase(databaseUrl);
  // The per-worker setup clones this database; it must know the original even after it has
  // pointed DATABASE_URL at the worker's copy.
  process.env.CHANGEDESK_TEST_TEMPLATE_URL = databaseUrl;

  return async () => {
    const sql = postgres(withDatabaseName(databaseUrl, "postgres"), { max: 1, onnotice: () => {} });
    try {
      const prefix = `${databaseNameOf(databaseUrl)}_w`;
      const copies = await sql<{ datname: string }[]>`
        select datname from pg_database where starts_with(datname, ${prefix})`;
      for (const { datname } of copies) await sql`drop database if exists ${sql(datname)} with (force)`;
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
}
