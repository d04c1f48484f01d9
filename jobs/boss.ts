import { PgBoss } from "pg-boss";
import { deadLetterQueue, jobDefinitions, jobNames } from "./definitions";

export type BossRole = "web" | "worker" | "migrate";

/** pg-boss's own schema (its default, named here so the dashboard can read failed jobs from it). */
export const bossSchema = "pgboss";

/**
 * A pg-boss instance. Only the worker supervises (maintenance, expiry, dead-lettering) and
 * listens for NOTIFY; the web process only sends jobs.
 */
export function createBoss(databaseUrl: string, role: BossRole): PgBoss {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    schema: bossSchema,
    application_name: `changedesk-${role}-boss`,
    max: role === "worker" ? 6 : 3,
    supervise: role === "worker",
    schedule: role === "worker",
    migrate: role === "migrate",
    useListenNotify: role === "worker",
  });
  return boss;
}

/** Installs or upgrades pg-boss's schema and creates our queues. Run by `npm start` before anything else. */
export async function installQueues(databaseUrl: string): Promise<void> {
  const boss = createBoss(databaseUrl, "migrate");
  boss.on("error", () => {});
  await boss.start();
  try {
    await boss.createQueue(deadLetterQueue, { retentionSeconds: 30 * 24 * 3600 });
    for (const name of jobNames) {
      const existing = await boss.getQueue(name);
      if (existing) await boss.updateQueue(name, jobDefinitions[name].queue);
      else await boss.createQueue(name, jobDefinitions[name].queue);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}
