import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { getMessageForUpdate, updateMessage } from "@/db/queries/messages";
import { enqueue } from "@/jobs/enqueue";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";

/** Puts a failed message back through the pipeline; nothing already accepted is lost or duplicated. */
export async function retryMessage(
  deps: { db: Db; boss: PgBoss },
  params: { messageId: string; actor: Actor },
) {
  return deps.db.transaction(async (tx) => {
    const message = await getMessageForUpdate(tx, params.messageId);
    if (!message) throw new AppError("NOT_FOUND", "This message does not exist");
    if (message.status !== "failed") {
      throw new AppError(
        "CONFLICT",
        `Only failed messages can be retried; this one is ${message.status.replace("_", " ")}.`,
      );
    }
    await updateMessage(tx, message.id, { status: "received" });
    await enqueue(deps.boss, tx, "message-process", { messageId: message.id });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "message.retried",
        entityType: "message",
        entityId: message.id,
        messageId: message.id,
        data: { previousError: message.error },
      },
    ]);
    return { id: message.id, status: "received" as const };
  });
}
