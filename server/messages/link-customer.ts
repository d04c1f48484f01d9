import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { updateMessage } from "@/db/queries/messages";
import { getContactById } from "@/db/queries/records";
import { enqueue } from "@/jobs/enqueue";
import type { MessageStatus } from "@/contracts/statuses";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";
import { lockMessageInState } from "./lock-message";

/**
 * A person links an unmatched message (its sender matches no customer, or several) to the
 * customer it is about. The link, its audit entry and the job that runs the pipeline again commit
 * together; the pipeline then reads the linked customer instead of the sender
 * (server/customers/resolve.ts), and any change it proposes still goes to a person, since the
 * sender address is not the customer's on record.
 */
export async function linkMessageToCustomer(
  deps: { db: Db; boss: PgBoss },
  params: { messageId: string; contactId: string; expectedStatus: MessageStatus; actor: Actor },
) {
  return deps.db.transaction(async (tx) => {
    const message = await lockMessageInState(tx, {
      messageId: params.messageId,
      expectedStatus: params.expectedStatus,
      requiredStatus: "unmatched",
      action: "Only an unmatched message can be linked to a customer",
    });
    const contact = await getContactById(tx, params.contactId);
    if (!contact) throw new AppError("NOT_FOUND", "This customer does not exist");
    const updated = await updateMessage(tx, message.id, {
      status: "received",
      contactId: contact.id,
      resolutionMethod: "linked_by_person",
      resolutionConfidence: 1,
      pendingRequests: null,
      processedAt: null,
      error: null,
    });
    await enqueue(deps.boss, tx, "message-process", { messageId: message.id });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "message.linked",
        entityType: "message",
        entityId: message.id,
        messageId: message.id,
        contactId: contact.id,
        data: {
          sender: message.sender,
          contactName: contact.name,
          previousMethod: message.resolutionMethod,
          method: "linked_by_person",
          confidence: 1,
        },
      },
    ]);
    return { id: message.id, status: updated?.status ?? "received", contactId: contact.id };
  });
}
