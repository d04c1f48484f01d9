import type { Tx } from "@/db/client";
import { insertOutboxItem } from "@/db/queries/applied-changes";
import type { Message } from "@/db/queries/messages";
import type { Proposal, ProposedChange } from "@/db/queries/proposals";
import { getFieldDefinition } from "../extraction/catalog";
import { describeValue, valueToWrite } from "../proposals/values";

/**
 * Puts the customer notice for an applied change set in the outbox, in the apply transaction.
 * Delivery happens after commit; the idempotency key makes a re-run queue nothing new.
 */
export async function queueCustomerNotice(tx: Tx, params: { proposal: Proposal; message: Message; changes: ProposedChange[] }) {
  const lines = params.changes.map((change) => {
    const field = getFieldDefinition(change.field);
    return `- ${field?.label ?? change.field} of ${change.recordLabel}: ${describeValue(valueToWrite(change))}`;
  });
  const body = ["Hello,", "", "we have made the changes you asked for:", ...lines, "", "If this was not you, reply to this message and we will undo it.", "", "Changedesk support"].join("\n");
  await insertOutboxItem(tx, {
    kind: "notification",
    idempotencyKey: `notice:${params.proposal.id}`,
    proposalId: params.proposal.id,
    channel: params.message.channel,
    recipient: params.message.sender,
    payload: { subject: params.message.subject ? `Re: ${params.message.subject}` : "Your account was updated", body },
  });
}
