import { PgBoss, type Queue } from "pg-boss";
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
      if (!existing) {
        await boss.createQueue(name, jobDefinitions[name].queue);
        continue;
      }
      // a queue's policy is fixed when it is created (pg-boss refuses to change it): the rest of
      // its options are brought up to date on every start
      const { policy = "standard", ...options }: Omit<Queue, "name"> = jobDefinitions[name].queue;
      if (existing.policy !== policy)
        throw new Error(
          `queue ${name} has policy ${existing.policy}, the code wants ${policy}: it must be recreated`,
        );
      await boss.updateQueue(name, options);
    }
  } finally {
    await boss.stop({ graceful: false });
  }
}
