import type { PgBoss } from "pg-boss";
import type { Tx } from "@/db/client";
import { listWrittenChangesOfProposal } from "@/db/queries/applied-changes";
import { getMessageById } from "@/db/queries/messages";
import type { Proposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { putInOutbox } from "@/jobs/outbox-delivery";
import { composeNotice } from "../notifications/compose";

/**
 * Puts the customer notice for an applied change set in the outbox, in the transaction that
 * finishes it. A rollback sends a correction to whoever asked for the original change. Nothing is
 * sent for a set without a source message (made in the console) or with nothing written.
 * The idempotency key makes a re-run queue nothing new.
 */
export async function queueCustomerNotice(
  deps: { db: Tx; boss?: PgBoss },
  params: { proposal: Proposal },
): Promise<void> {
  const tx = deps.db;
  const { proposal } = params;
  if (!proposal.messageId) return;
  const message = await getMessageById(tx, proposal.messageId);
  if (!message) return;
  const written = await listWrittenChangesOfProposal(tx, proposal.id);
  if (written.length === 0) return;
  const contact = proposal.contactId ? await getContactById(tx, proposal.contactId) : undefined;
  const notice = composeNotice({
    kind: proposal.kind === "rollback" ? "correction" : "change",
    language: contact?.language,
    customerName: contact?.name,
    subject: message.subject,
    changes: written,
  });
  await putInOutbox(deps, {
    kind: "notification",
    idempotencyKey: `notice:${proposal.id}`,
    proposalId: proposal.id,
    // the notice answers the customer's message: sent as a reply in its thread
    messageId: message.id,
    channel: message.channel,
    recipient: message.sender,
    payload: notice,
  });
}
