import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { listDueOutboxItemsForUpdate } from "@/db/queries/outbox";
import { scheduleOutboxDelivery } from "@/jobs/outbox-delivery";
import { logger } from "../observability/logger";

/**
 * Sends delivery jobs for pending outbox items that are due and not held by a live job: items
 * written without a queue handle (an approval in the web process) and items whose job was lost.
 */
export type SweepDeps = { db: Db; boss: PgBoss };

export async function sweepOutbox(deps: SweepDeps, params: { limit?: number } = {}): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await listDueOutboxItemsForUpdate(tx, { limit: params.limit ?? 200 });
    for (const { id } of due) await scheduleOutboxDelivery({ db: tx, boss: deps.boss }, { outboxId: id });
    return due.length;
  });
}

/** Runs the sweep every `intervalMs` until the queue stops. */
export function startOutboxSweeper(deps: SweepDeps, params: { intervalMs: number }): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOutbox(deps)
      .catch((error: unknown) => logger.warn({ err: error }, "outbox sweep failed"))
      .finally(() => (running = false));
  }, params.intervalMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  deps.boss.once("stopped", stop);
  return stop;
}
