import { createDb } from "@/db/client";
import { requireDatabaseUrl, env } from "@/server/env";
import { getExtractor } from "@/server/extraction";
import { logger } from "@/server/observability/logger";
import { createBoss } from "./boss";
import { registerHandlers } from "./worker";

/** The worker process: `npm run start:worker`, or started by `npm start` beside the web app. */
async function main() {
  const databaseUrl = requireDatabaseUrl();
  const { db, close } = createDb(databaseUrl, { max: env.WORKER_CONCURRENCY * 2 + 2, applicationName: "changedesk-worker" });
  const boss = createBoss(databaseUrl, "worker");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
  boss.on("warning", (warning) => logger.warn({ warning }, "pg-boss warning"));
  await boss.start();
  const extractor = getExtractor();
  await registerHandlers(
    { db, boss, extractor },
    { concurrency: env.WORKER_CONCURRENCY, pollingIntervalSeconds: env.WORKER_POLL_SECONDS },
  );
  logger.info({ extractor: `${extractor.name}@${extractor.version}` }, "worker started");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await boss.stop({ graceful: true, timeout: 10_000 }).catch(() => {});
    await close().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "worker failed to start");
  process.exit(1);
});
