import "server-only";
import type { PgBoss } from "pg-boss";
import { createBoss } from "@/jobs/boss";
import { requireDatabaseUrl } from "./env";
import { logger } from "./observability/logger";

const globalForBoss = globalThis as unknown as { changedeskBoss?: Promise<PgBoss> };

/** The web process's pg-boss: it only sends jobs (inside our transactions); workers process them. */
export function getBoss(): Promise<PgBoss> {
  globalForBoss.changedeskBoss ??= (async () => {
    const boss = createBoss(requireDatabaseUrl(), "web");
    boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    globalForBoss.changedeskBoss = undefined;
    throw error;
  });
  return globalForBoss.changedeskBoss;
}
