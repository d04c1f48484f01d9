import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { getMessageBySource, insertMessageIfNew, type Message } from "@/db/queries/messages";
import { enqueue } from "@/jobs/enqueue";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";
import type { MessageInput } from "@/contracts/message-input";

/**
 * Stores a message once per (channel, source id) and queues its processing in the same
 * transaction. A re-delivery returns the stored message and creates nothing.
 */
export async function ingestMessage(
  deps: { db: Db; boss: PgBoss },
  params: { input: MessageInput; raw: unknown; actor: Actor },
): Promise<{ message: Message; created: boolean }> {
  const { input, raw, actor } = params;
  return deps.db.transaction(async (tx) => {
    const message = await insertMessageIfNew(tx, {
      channel: input.channel,
      sourceId: input.sourceId,
      sender: input.sender,
      subject: input.subject ?? null,
      text: input.text,
      html: input.html ?? null,
      receivedAt: input.receivedAt ?? new Date(),
      raw: raw ?? input,
    });
    if (!message) {
      const existing = await getMessageBySource(tx, { channel: input.channel, sourceId: input.sourceId });
      if (!existing) throw new AppError("CONFLICT", "The message was stored concurrently; send it again.");
      return { message: existing, created: false };
    }
    await enqueue(deps.boss, tx, "message-process", { messageId: message.id });
    await appendAuditEvents(tx, [
      {
        actor,
        action: "message.received",
        entityType: "message",
        entityId: message.id,
        messageId: message.id,
        data: { channel: message.channel, sourceId: message.sourceId, sender: message.sender },
      },
    ]);
    return { message, created: true };
  });
}
