import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { updateMessage } from "@/db/queries/messages";
import { needsInformationOutboxKey, putInOutbox } from "@/jobs/outbox-delivery";
import type { MessageStatus } from "@/contracts/statuses";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";
import { lockMessageInState } from "./lock-message";
import { draftNeedsInformationReply } from "./needs-information-draft";

/**
 * A person approves the reply a needs-information item drafted (as drafted or edited). Only now is
 * it put in the outbox, whose delivery job sends it through the channel the message came from;
 * the message is marked answered and both are audited in the same transaction.
 */
export async function sendNeedsInformationReply(
  deps: { db: Db; boss?: PgBoss },
  params: {
    messageId: string;
    expectedStatus: MessageStatus;
    subject: string;
    body: string;
    actor: Actor;
  },
) {
  return deps.db.transaction(async (tx) => {
    const message = await lockMessageInState(tx, {
      messageId: params.messageId,
      expectedStatus: params.expectedStatus,
      requiredStatus: "needs_information",
      action: "Only a needs-information message gets this reply",
    });
    const draft = await draftNeedsInformationReply(tx, message);
    const item = await putInOutbox(
      { db: tx, boss: deps.boss },
      {
        kind: "notification",
        idempotencyKey: needsInformationOutboxKey(message.id),
        proposalId: null,
        messageId: message.id,
        channel: message.channel,
        recipient: message.sender,
        payload: { subject: params.subject, body: params.body, language: draft.language },
      },
    );
    if (!item) throw new AppError("CONFLICT", "A reply to this message is already in the outbox");
    await updateMessage(tx, message.id, { status: "answered", answeredAt: new Date() });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "message.answered",
        entityType: "message",
        entityId: message.id,
        messageId: message.id,
        contactId: message.contactId,
        data: {
          recipient: message.sender,
          channel: message.channel,
          subject: params.subject,
          outboxId: item.id,
          edited: params.subject !== draft.subject || params.body !== draft.body,
        },
      },
    ]);
    return { id: message.id, status: "answered" as const, outboxId: item.id };
  });
}
