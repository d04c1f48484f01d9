import type { PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db/client";
import { insertOutboxItem, updateOutboxItem, type OutboxItem } from "@/db/queries/outbox";
import type { outbox } from "@/db/schema";
import { enqueue } from "./enqueue";

/**
 * How an outbox item gets its `outbox-deliver` job. This sits in the job contract, below the
 * services, because both sides of the outbox need it: apply and retries put items in (apply sits
 * below the outbox's delivery, which calls apply's external write), and the sweeper re-sends
 * jobs that were lost.
 *
 * How long a delivery job "holds" an outbox item. While the lease runs the sweeper leaves the item
 * alone; when it runs out (the job was lost, or the item was written by a caller without a queue
 * handle) the sweeper sends a new job. Two jobs for one item are harmless: delivery locks the row.
 */
export const deliveryLeaseSeconds = 90;

/** The caller's transaction, and the queue when it has one. */
export type OutboxDeps = { db: DbOrTx; boss?: PgBoss };

/** The outbox key of every needs-information reply starts so. */
export const needsInformationKeyPrefix = "needs-information:";

/** One reply per needs-information message, whatever the clicks or retries. */
export function needsInformationOutboxKey(messageId: string): string {
  return `${needsInformationKeyPrefix}${messageId}`;
}

/**
 * The `Message-ID` a notice is sent with (without angle brackets, as messages store theirs),
 * derived from its idempotency key: a resend after a crash carries the same id, which mail
 * systems dedupe, and a customer's reply naming it in `In-Reply-To` finds the thread it answers
 * (server/channels/ingest.ts). The key holds a random id, so the Message-ID cannot be guessed.
 */
export function noticeEmailMessageId(idempotencyKey: string): string {
  return `${idempotencyKey.replace(/[^A-Za-z0-9.-]/g, ".")}@changedesk`;
}

/**
 * Writes an outbox item and, in the same transaction, the job that delivers it after commit.
 * Without a queue handle the item is due at once and the worker's sweeper sends its job within
 * seconds. A notice is given its own `Message-ID` here, once, so the row says what was sent.
 */
export async function putInOutbox(
  deps: OutboxDeps,
  values: Omit<typeof outbox.$inferInsert, "nextAttemptAt" | "status" | "emailMessageId">,
): Promise<OutboxItem | undefined> {
  const row = await insertOutboxItem(deps.db, {
    ...values,
    ...(values.kind === "notification"
      ? { emailMessageId: noticeEmailMessageId(values.idempotencyKey) }
      : {}),
    status: "pending",
    nextAttemptAt: new Date(),
  });
  if (row) await scheduleOutboxDelivery(deps, { outboxId: row.id });
  return row;
}

export async function scheduleOutboxDelivery(deps: OutboxDeps, params: { outboxId: string }): Promise<void> {
  if (!deps.boss) {
    await updateOutboxItem(deps.db, params.outboxId, { nextAttemptAt: new Date() });
    return;
  }
  await enqueue(deps.boss, deps.db, "outbox-deliver", { outboxId: params.outboxId });
  await updateOutboxItem(deps.db, params.outboxId, {
    nextAttemptAt: new Date(Date.now() + deliveryLeaseSeconds * 1000),
  });
}
