import type { DbOrTx } from "@/db/client";
import { listAppliedChangesOfProposal } from "@/db/queries/applied-changes";
import { listAuditEvents } from "@/db/queries/audit";
import { getConsoleMessageById } from "@/db/queries/messages";
import { getProposalById, listChangesOfProposal, listDecisionsOfProposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { getUserById } from "@/db/queries/users";
import { getConnector } from "../connectors/builtin";
import { AppError } from "../errors";
import { getFieldDefinition } from "@/contracts/catalog";

/** Everything the proposal page shows: the message, each change against the record as it is now, history. */
export async function getProposalDetail(db: DbOrTx, proposalId: string) {
  const proposal = await getProposalById(db, proposalId);
  if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
  const [changes, message, contact, decisions, applied, events, claimedBy] = await Promise.all([
    listChangesOfProposal(db, proposal.id),
    proposal.messageId ? getConsoleMessageById(db, proposal.messageId) : undefined,
    proposal.contactId ? getContactById(db, proposal.contactId) : undefined,
    listDecisionsOfProposal(db, proposal.id),
    listAppliedChangesOfProposal(db, proposal.id),
    listAuditEvents(db, {
      proposalId: proposal.id,
      includeMessageId: proposal.messageId ?? undefined,
      limit: 200,
    }),
    proposal.claimedBy ? getUserById(db, proposal.claimedBy) : undefined,
  ]);
  const changesWithCurrent = await Promise.all(
    changes.map(async (change) => {
      const field = getFieldDefinition(change.field);
      const record = field
        ? await getConnector(change.store).readRecord(db, change.entity, change.recordId)
        : null;
      return {
        ...change,
        fieldLabel: field?.label ?? change.field,
        fieldType: field?.type ?? "text",
        currentValue: record && field ? (record.values[field.field] ?? null) : null,
        currentVersion: record?.version ?? null,
        applied: applied.find((a) => a.proposedChangeId === change.id) ?? null,
      };
    }),
  );
  return {
    proposal: { ...proposal, claimedByName: claimedBy?.name ?? null },
    changes: changesWithCurrent,
    message: message ?? null,
    contact: contact ?? null,
    decisions,
    events: events.reverse(),
  };
}
