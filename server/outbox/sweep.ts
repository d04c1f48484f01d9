import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { listDueOutboxItemsForUpdate } from "@/db/queries/outbox";
import { scheduleOutboxDelivery } from "@/jobs/outbox-delivery";
import { logger } from "../observability/logger";

/**
 * Sends delivery jobs for pending outbox items that are due and not held by a live job: items
 * written without a queue handle (an approval in the web process) and items whose job was lost.
 */
export async function sweepOutbox(db: Db, boss: PgBoss, limit = 200): Promise<number> {
  return db.transaction(async (tx) => {
    const due = await listDueOutboxItemsForUpdate(tx, { limit });
    for (const { id } of due) await scheduleOutboxDelivery({ db: tx, boss }, { outboxId: id });
    return due.length;
  });
}

/** Runs the sweep every `intervalMs` until the queue stops. */
export function startOutboxSweeper(db: Db, boss: PgBoss, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOutbox(db, boss)
      .catch((error: unknown) => logger.warn({ err: error }, "outbox sweep failed"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  boss.once("stopped", stop);
  return stop;
}
