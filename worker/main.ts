import { createDb } from "@/db/client";
import { requireDatabaseUrl, env } from "@/server/env";
import { getExtractor, getShadowExtractor } from "@/server/extraction";
import { readNotificationConfig } from "@/server/notifications/config";
import { createNoticeSender } from "@/server/notifications/send";
import { logger } from "@/server/observability/logger";
import { startAuditSealer } from "@/server/audit/sealer";
import { configuredSigningKey } from "@/server/audit/trust";
import { createBoss } from "@/jobs/boss";
import { jobSchedules } from "@/jobs/definitions";
import { registerHandlers } from "@/worker/handlers";

/** The worker process: `npm run start:worker`, or started by `npm start` beside the web app. */
async function main() {
  const databaseUrl = requireDatabaseUrl();
  const { db, close } = createDb(databaseUrl, {
    max: env.WORKER_CONCURRENCY * 2 + 2,
    applicationName: "changedesk-worker",
  });
  const boss = createBoss(databaseUrl, "worker");
  boss.on("error", (error) => logger.error({ err: error }, "pg-boss error"));
  boss.on("warning", (warning) => logger.warn({ warning }, "pg-boss warning"));
  await boss.start();
  const extractor = getExtractor();
  const shadowExtractor = getShadowExtractor();
  // notices go out when SMTP / a chat webhook is configured; otherwise they stay in the outbox
  const noticeSender = createNoticeSender(readNotificationConfig(env));
  await registerHandlers(
    { db, boss, extractor, shadowExtractor, noticeSender },
    { concurrency: env.WORKER_CONCURRENCY, pollingIntervalSeconds: env.WORKER_POLL_SECONDS },
  );
  // any worker may register the schedules; pg-boss keeps one per name
  for (const [name, cron] of Object.entries(jobSchedules)) await boss.schedule(name, cron, {});
  const sealer = startAuditSealer(db, {
    key: configuredSigningKey(),
    intervalMs: env.AUDIT_SEAL_INTERVAL_MS,
    checkpointEveryMs: env.AUDIT_CHECKPOINT_SECONDS * 1000,
    exportTo: { file: env.AUDIT_CHECKPOINT_FILE, webhookUrl: env.AUDIT_CHECKPOINT_WEBHOOK_URL },
    onError: (error) => logger.error({ err: error }, "audit sealing failed; retrying"),
  });
  logger.info(
    {
      shadow: shadowExtractor ? `${shadowExtractor.name}@${shadowExtractor.version}` : null,
      extractor: `${extractor.name}@${extractor.version}`,
    },
    "worker started",
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await sealer.stop().catch(() => {});
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
