import { migrateDatabase } from "@/db/migrate";
import { installQueues } from "@/jobs/boss";

/**
 * Everything a database needs before web or worker start: our migrations, then pg-boss's schema
 * and our queues (pg-boss locks its own migration, so several processes may run this at once).
 */
export async function prepareDatabase(databaseUrl: string): Promise<void> {
  await migrateDatabase(databaseUrl);
  await installQueues(databaseUrl);
}
