import type { DbOrTx } from "@/db/client";
import { getProposalById } from "@/db/queries/proposals";
import {
  listAppliedChangesOfContact,
  listOtherOpenProposalsOfContact,
  listRecentMessagesOfContact,
} from "@/db/queries/review";
import { AppError } from "../errors";

/** The customer panel of the proposal page: earlier messages, changes written (rollbacks too), other open proposals. */
export async function getCustomerContext(db: DbOrTx, proposalId: string) {
  const proposal = await getProposalById(db, proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  if (!proposal.contactId) return { messages: [], changes: [], openProposals: [] };
  const [messages, changes, openProposals] = await Promise.all([
    listRecentMessagesOfContact(db, {
      contactId: proposal.contactId,
      exceptId: proposal.messageId,
      limit: 10,
    }),
    listAppliedChangesOfContact(db, { contactId: proposal.contactId, limit: 20 }),
    listOtherOpenProposalsOfContact(db, { contactId: proposal.contactId, exceptId: proposal.id, limit: 10 }),
  ]);
  return { messages, changes, openProposals };
}
