import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { requireTestDatabaseUrl } from "@/testing/names";

/** This worker's test database (see worker-database.ts). */
export function testDatabaseUrl(): string {
  return requireTestDatabaseUrl();
}

/** A drizzle client for this worker's test database. Call `close()` in afterAll. */
export function createTestDb(options: { max?: number } = {}) {
  return createDb(testDatabaseUrl(), { max: options.max ?? 5, applicationName: "changedesk-test" });
}

/**
 * Empties every table in schema public (drizzle's bookkeeping lives in schema drizzle and is kept)
 * and restarts their sequences.
 *
 * audit_events refuses TRUNCATE through a trigger. Tests connect as a superuser, which may set
 * session_replication_role = replica for this one transaction: ordinary triggers do not fire
 * then. Without that right we empty everything except the guarded tables, or say why we can't.
 */
export async function resetDatabase(db: Db): Promise<void> {
  const tables = await db.execute<{ name: string; guarded: boolean }>(sql`
    select format('%I.%I', n.nspname, c.relname) as name,
           exists (
             select 1 from pg_trigger t
             where t.tgrelid = c.oid and not t.tgisinternal and (t.tgtype & 32) <> 0
           ) as guarded
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname not like '\\_\\_drizzle%'
  `);
  if (tables.length === 0) return;
  const all = tables.map((table) => table.name);
  try {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql.raw(`truncate table ${all.join(", ")} restart identity cascade`));
    });
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== "42501") throw error;
  }
  const unguarded = tables.filter((table) => !table.guarded).map((table) => table.name);
  try {
    if (unguarded.length > 0)
      await db.execute(sql.raw(`truncate table ${unguarded.join(", ")} restart identity`));
  } catch (error) {
    throw new Error(
      "resetDatabase: the test database user may not set session_replication_role, and the tables " +
        "cannot be emptied around the append-only audit table. Run the tests as a superuser " +
        "(`npm test` does, with its embedded Postgres).",
      { cause: error },
    );
  }
}
