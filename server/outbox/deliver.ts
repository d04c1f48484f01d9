import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import {
  deliverConnectorWrite,
  recordConnectorWriteFailure,
  type ConnectorWriteResult,
} from "../apply/external-write";
import { RetryableDeliveryError } from "../connectors/rest";
import { AppError } from "../errors";
import type { NoticePayload, NoticeSender, SendResult } from "../notifications/send";
import { noticeThread } from "../notifications/threading";
import { getMessageById } from "@/db/queries/messages";
import { getOutboxItemById, getOutboxItemForUpdate, updateOutboxItem } from "@/db/queries/outbox";
import { deliveryLeaseSeconds } from "@/jobs/outbox-delivery";

export type DeliveryDeps = { db: Db; boss?: PgBoss; sender: NoticeSender };
export type DeliveryResult =
  | { status: "nothing_to_do"; reason: string }
  | { status: "notice"; result: SendResult | { status: "already_sent" } }
  | { status: "connector"; result: ConnectorWriteResult }
  | { status: "dead"; error: string };

/**
 * Delivers one outbox item. Idempotent: a sent or dead item is left alone, and each kind checks
 * its own state under a row lock before acting. Retryable failures are recorded and re-thrown so
 * the queue retries with backoff; `final` (the queue's last attempt) or a failure that retrying
 * cannot fix makes the item dead, visible in the console with its error and a retry button.
 */
export async function deliverOutboxItem(
  deps: DeliveryDeps,
  params: { outboxId: string; final: boolean },
): Promise<DeliveryResult> {
  const { outboxId } = params;
  const item = await getOutboxItemById(deps.db, outboxId);
  if (!item) return { status: "nothing_to_do", reason: "no such outbox item" };
  if (item.status === "sent" || item.status === "dead")
    return { status: "nothing_to_do", reason: `already ${item.status}` };
  try {
    if (item.kind === "connector_write")
      return { status: "connector", result: await deliverConnectorWrite(deps, { item }) };
    return { status: "notice", result: await deliverNotice(deps, outboxId) };
  } catch (error) {
    const retryable = error instanceof RetryableDeliveryError || !(error instanceof AppError);
    const message = error instanceof Error ? error.message : String(error);
    const dead = params.final || !retryable;
    await deps.db.transaction(async (tx) => {
      const locked = await getOutboxItemForUpdate(tx, outboxId);
      if (!locked || locked.status === "sent" || locked.status === "dead") return;
      await updateOutboxItem(tx, outboxId, {
        status: dead ? "dead" : "pending",
        attempts: locked.attempts + 1,
        lastError: message,
        // the queue holds the retry; the sweeper steps in only if that job is lost
        nextAttemptAt: dead ? null : new Date(Date.now() + deliveryLeaseSeconds * 1000 * 4),
      });
      if (locked.kind === "connector_write") await recordConnectorWriteFailure(tx, locked, message, dead);
    });
    if (!dead) throw error;
    return { status: "dead", error: message };
  }
}

async function deliverNotice(
  deps: DeliveryDeps,
  outboxId: string,
): Promise<SendResult | { status: "already_sent" }> {
  // the row lock keeps two workers from sending the same notice at the same time
  return deps.db.transaction(async (tx) => {
    const item = await getOutboxItemForUpdate(tx, outboxId);
    if (!item || item.status === "sent" || item.status === "dead") return { status: "already_sent" as const };
    const answered = item.messageId ? await getMessageById(tx, item.messageId) : undefined;
    const result = await deps.sender.send({
      idempotencyKey: item.idempotencyKey,
      channel: item.channel,
      recipient: item.recipient,
      payload: item.payload as NoticePayload,
      thread: noticeThread(item, answered),
    });
    if (result.status === "sent") {
      await updateOutboxItem(tx, outboxId, {
        status: "sent",
        sentAt: new Date(),
        attempts: item.attempts + 1,
        lastError: null,
        nextAttemptAt: null,
      });
    } else {
      // kept: visible in the console; a retry after configuring a transport sends it
      await updateOutboxItem(tx, outboxId, { lastError: result.reason, nextAttemptAt: null });
    }
    return result;
  });
}
