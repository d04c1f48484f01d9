import type { DbOrTx } from "@/db/client";
import type { Message } from "@/db/queries/messages";
import { getContactById } from "@/db/queries/records";
import type { PendingRequest } from "@/db/schema/messages";
import { composeNeedsInformationReply, type MissingItem } from "../notifications/needs-information";

/** What a needs-information reply asks for: each missing field, and each record the request did not name. */
export function missingItemsOf(requests: readonly PendingRequest[]): MissingItem[] {
  return requests.flatMap((request): MissingItem[] => [
    ...request.missing.map((field) => ({ field })),
    ...(request.reference ? [{ reference: request.reference }] : []),
  ]);
}

/**
 * The reply drafted for a needs-information message: in the language the message was written in,
 * else the customer's language on record, addressed by the name on record.
 */
export async function draftNeedsInformationReply(db: DbOrTx, message: Message) {
  const contact = message.contactId ? await getContactById(db, message.contactId) : undefined;
  return composeNeedsInformationReply({
    language: message.language ?? contact?.language,
    customerName: contact?.name,
    subject: message.subject,
    missing: missingItemsOf(message.pendingRequests ?? []),
  });
}
