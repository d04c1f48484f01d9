import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db/client";
import { insertOutboxItem } from "@/db/queries/applied-changes";
import { outbox } from "@/db/schema";
import { enqueue } from "@/jobs/enqueue";
import { updateOutboxItem, type OutboxItem } from "./queries";

/**
 * How long a delivery job "holds" an outbox item. While the lease runs the sweeper leaves the item
 * alone; when it runs out (the job was lost, or the item was written by a caller without a queue
 * handle) the sweeper sends a new job. Two jobs for one item are harmless: delivery locks the row.
 */
export const deliveryLeaseSeconds = 90;

/**
 * Writes an outbox item and, in the same transaction, the job that delivers it after commit.
 * Without a queue handle (an approval decided in the web process) the item is due at once and the
 * worker's sweeper sends its job within seconds.
 */
export async function putInOutbox(
  tx: DbOrTx,
  boss: PgBoss | undefined,
  values: Omit<typeof outbox.$inferInsert, "nextAttemptAt" | "status">,
): Promise<OutboxItem | undefined> {
  const row = await insertOutboxItem(tx, { ...values, status: "pending", nextAttemptAt: new Date() });
  if (row) await scheduleDelivery(tx, boss, row.id);
  return row;
}

export async function scheduleDelivery(
  tx: DbOrTx,
  boss: PgBoss | undefined,
  outboxId: string,
): Promise<void> {
  if (!boss) {
    await updateOutboxItem(tx, outboxId, { nextAttemptAt: new Date() });
    return;
  }
  await enqueue(boss, tx, "outbox-deliver", { outboxId });
  await updateOutboxItem(tx, outboxId, { nextAttemptAt: new Date(Date.now() + deliveryLeaseSeconds * 1000) });
}
