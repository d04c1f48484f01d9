import type { Tx } from "@/db/client";
import {
  listChangesOfProposal,
  listOpenChangesOnField,
  updateProposal,
  updateProposedChange,
  type Proposal,
} from "@/db/queries/proposals";
import { appendAuditEvents, systemActor } from "../audit/append";
import type { CandidateChange } from "./build";

/**
 * A newer proposal for the same record field supersedes an open older one. A proposal whose
 * changes are all superseded is itself superseded (and leaves the queue).
 */
export async function supersedeOpenChanges(
  tx: Tx,
  newer: Proposal,
  changes: CandidateChange[],
): Promise<string[]> {
  const touchedProposals = new Map<string, Proposal>();
  for (const change of changes) {
    const open = await listOpenChangesOnField(tx, {
      recordId: change.recordId,
      field: change.field,
      exceptProposalId: newer.id,
    });
    for (const row of open) {
      await updateProposedChange(tx, row.change.id, { status: "superseded" });
      touchedProposals.set(row.proposal.id, row.proposal);
    }
  }
  const supersededProposals: string[] = [];
  for (const older of touchedProposals.values()) {
    const remaining = (await listChangesOfProposal(tx, older.id)).filter(
      (c) => c.status === "pending" || c.status === "conflict",
    );
    if (remaining.length > 0) continue;
    await updateProposal(tx, older.id, { status: "superseded", claimedBy: null, claimExpiresAt: null });
    supersededProposals.push(older.id);
    await appendAuditEvents(tx, [
      {
        actor: systemActor,
        action: "proposal.superseded",
        entityType: "proposal",
        entityId: older.id,
        proposalId: older.id,
        contactId: older.contactId,
        data: { by: newer.id },
      },
    ]);
  }
  return supersededProposals;
}
