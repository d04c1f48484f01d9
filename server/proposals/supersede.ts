import { isOpenProposalStatus, openProposalStatuses } from "@/contracts/statuses";
import type { Tx } from "@/db/client";
import {
  getProposalForUpdate,
  listApprovalsOfProposal,
  listChangesOfProposal,
  listOpenChangesOnField,
  updateProposedChange,
} from "@/db/queries/proposals";
import { appendAuditEvents, systemActor, type AuditEventInput } from "../audit/append";
import { approvalsOfRound, approvalsResetEvent } from "./approvals";
import type { CandidateChange } from "./build";
import { transitionProposal } from "./state-machine";

/**
 * A newer proposal for the same record field supersedes an open older one. A proposal whose
 * changes are all superseded is itself superseded (and leaves the queue).
 *
 * Each older proposal is locked and moved by compare-and-set before any of its changes is
 * touched, so a person approving or rejecting it at the same moment either wins (the older one
 * is then left as they decided it) or loses and is told it was superseded; never half of each.
 * Proposals are locked in id order and the audit entries appended last, so two pipelines, or a
 * pipeline and an apply, always take their locks in the same order.
 */
export async function supersedeOpenChanges(
  tx: Tx,
  newer: { id: string },
  changes: Pick<CandidateChange, "recordId" | "field">[],
): Promise<string[]> {
  const openChangeIds = new Map<string, Set<string>>();
  for (const change of changes) {
    const open = await listOpenChangesOnField(tx, {
      recordId: change.recordId,
      field: change.field,
      exceptProposalId: newer.id,
    });
    for (const row of open) {
      const ids = openChangeIds.get(row.proposal.id) ?? new Set<string>();
      ids.add(row.change.id);
      openChangeIds.set(row.proposal.id, ids);
    }
  }
  const supersededProposals: string[] = [];
  const audit: AuditEventInput[] = [];
  for (const [proposalId, changeIds] of [...openChangeIds].sort(([a], [b]) => a.localeCompare(b))) {
    const older = await getProposalForUpdate(tx, proposalId);
    // decided between the read above and this lock: the decision stands
    if (!older || !isOpenProposalStatus(older.status)) continue;
    const undecided = (await listChangesOfProposal(tx, older.id)).filter(
      (c) => c.status === "pending" || c.status === "conflict",
    );
    const superseding = undecided.filter((c) => changeIds.has(c.id));
    if (superseding.length === 0) continue;
    const whole = superseding.length === undecided.length;
    // a shrunken set is not what anyone approved so far: its approvals start again
    const voided = whole ? [] : approvalsOfRound(await listApprovalsOfProposal(tx, older.id), older);
    // the version bumps either way: a reviewer looking at the older set must reload to see it shrink
    const moved = await transitionProposal(tx, {
      proposalId: older.id,
      expectedVersion: older.version,
      from: openProposalStatuses,
      ...(whole ? { to: "superseded" } : { startApprovalRound: true }),
    });
    if (!moved) continue;
    for (const change of superseding) await updateProposedChange(tx, change.id, { status: "superseded" });
    if (!whole) {
      if (voided.length > 0)
        audit.push(
          approvalsResetEvent({ proposal: older, actor: systemActor, reason: "set_changed", voided }),
        );
      continue;
    }
    supersededProposals.push(older.id);
    audit.push({
      actor: systemActor,
      action: "proposal.superseded",
      entityType: "proposal",
      entityId: older.id,
      proposalId: older.id,
      contactId: older.contactId,
      data: { by: newer.id },
    });
  }
  await appendAuditEvents(tx, audit);
  return supersededProposals;
}
