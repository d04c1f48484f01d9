import { z } from "zod";
import type { Db, Tx } from "@/db/client";
import { getUserById } from "@/db/queries/users";
import {
  getProposalById,
  insertDecision,
  listChangesOfProposal,
  listDecisionsOfProposal,
  openProposalStatuses,
  transitionProposal,
  updateProposedChange,
  type Proposal,
} from "@/db/queries/proposals";
import { appendAuditEvents, type Actor } from "../audit/append";
import { applyChangeSetInTransaction, type ApplyOutcome } from "../apply/apply-change-set";
import { AppError } from "../errors";
import { normalizeFieldValue } from "../extraction/normalize";

export const approveProposalInput = z.object({
  proposalId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  /** edit-and-approve: the edited value is validated like a proposed one; both are kept */
  edits: z.array(z.object({ changeId: z.string().uuid(), value: z.unknown() })).default([]),
});
export const rejectProposalInput = z.object({
  proposalId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  reason: z.string().trim().min(3, "Say briefly why this is rejected").max(2000),
});

type UserActor = Extract<Actor, { type: "user" }>;

/** Explains why a compare-and-set lost: who decided, or that the proposal moved on. */
async function explainLostRace(tx: Tx | Db, proposalId: string, expectedVersion: number): Promise<AppError> {
  const current = await getProposalById(tx, proposalId);
  if (!current) return new AppError("NOT_FOUND", "This proposal does not exist");
  if (!(openProposalStatuses as readonly string[]).includes(current.status)) {
    const by = current.decidedBy ? (await getUserById(tx, current.decidedBy))?.name : null;
    const who = by ?? (current.route === "auto_apply" ? "the policy" : "someone else");
    const when = current.decidedAt ? ` at ${current.decidedAt.toISOString()}` : "";
    return new AppError("CONFLICT", `Already decided by ${who}${when}: this proposal is ${current.status.replace("_", " ")}.`, {
      status: current.status,
      version: current.version,
    });
  }
  return new AppError(
    "CONFLICT",
    `This proposal changed since you opened it (version ${expectedVersion} → ${current.version}). Reload to see the latest before deciding.`,
    { status: current.status, version: current.version },
  );
}

export type ApproveResult =
  | { status: "awaiting_second_approval"; proposal: Proposal }
  | (ApplyOutcome & { proposalId: string });

/**
 * Approves (optionally with edited values) and applies in the same transaction, so the reviewer
 * learns at once whether it was applied or hit a conflict. Two reviewers cannot both win: the
 * transition is a compare-and-set on the proposal's version.
 */
export async function approveProposal(
  db: Db,
  params: z.infer<typeof approveProposalInput> & { actor: UserActor },
): Promise<ApproveResult> {
  return db.transaction(async (tx) => {
    const proposal = await getProposalById(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    const changes = await listChangesOfProposal(tx, proposal.id);
    const editedValues = new Map<string, unknown>();
    for (const edit of params.edits) {
      const change = changes.find((c) => c.id === edit.changeId);
      if (!change) throw new AppError("BAD_REQUEST", "An edited field is not part of this proposal");
      const normalized = normalizeFieldValue(change.field, edit.value);
      if (!normalized.ok) throw new AppError("BAD_REQUEST", normalized.error, { changeId: change.id });
      editedValues.set(change.id, normalized.value);
    }

    const approvals = (await listDecisionsOfProposal(tx, proposal.id)).filter(
      (d) => (d.kind === "approve" || d.kind === "edit_approve") && d.proposalVersion >= 1,
    );
    if (approvals.some((d) => d.userId === params.actor.id) && proposal.requiredApprovals > 1) {
      throw new AppError("FORBIDDEN", "You already approved this; a second person must approve it.");
    }
    const complete = approvals.length + 1 >= proposal.requiredApprovals;
    const moved = await transitionProposal(tx, {
      id: proposal.id,
      expectedVersion: params.expectedVersion,
      fromStatuses: openProposalStatuses,
      set: complete
        ? { status: "approved", decidedBy: params.actor.id, decidedAt: new Date(), claimedBy: null, claimExpiresAt: null }
        : {},
    });
    if (!moved) throw await explainLostRace(tx, proposal.id, params.expectedVersion);

    for (const change of changes) {
      if (change.status === "pending" || change.status === "conflict") {
        await updateProposedChange(tx, change.id, {
          status: complete ? "approved" : change.status,
          ...(editedValues.has(change.id) ? { editedValue: editedValues.get(change.id) } : {}),
        });
      }
    }
    const kind = editedValues.size > 0 ? "edit_approve" : "approve";
    await insertDecision(tx, {
      proposalId: proposal.id,
      kind,
      userId: params.actor.id,
      proposalVersion: params.expectedVersion,
      data: editedValues.size > 0 ? { edits: Object.fromEntries(editedValues) } : null,
    });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: complete ? "proposal.approved" : "proposal.approval_recorded",
        entityType: "proposal",
        entityId: proposal.id,
        proposalId: proposal.id,
        messageId: proposal.messageId,
        contactId: proposal.contactId,
        policyVersion: proposal.policyVersion,
        data: {
          edited: Object.fromEntries(editedValues),
          approvals: approvals.length + 1,
          required: proposal.requiredApprovals,
          fromStatus: proposal.status,
        },
      },
    ]);
    if (!complete) return { status: "awaiting_second_approval", proposal: moved };
    const outcome = await applyChangeSetInTransaction(tx, { proposalId: proposal.id, actor: params.actor });
    return { ...outcome, proposalId: proposal.id };
  });
}

export async function rejectProposal(db: Db, params: z.infer<typeof rejectProposalInput> & { actor: UserActor }): Promise<Proposal> {
  return db.transaction(async (tx) => {
    const moved = await transitionProposal(tx, {
      id: params.proposalId,
      expectedVersion: params.expectedVersion,
      fromStatuses: openProposalStatuses,
      set: { status: "rejected", decidedBy: params.actor.id, decidedAt: new Date(), claimedBy: null, claimExpiresAt: null },
    });
    if (!moved) throw await explainLostRace(tx, params.proposalId, params.expectedVersion);
    for (const change of await listChangesOfProposal(tx, moved.id)) {
      if (change.status === "pending" || change.status === "conflict") await updateProposedChange(tx, change.id, { status: "rejected" });
    }
    await insertDecision(tx, {
      proposalId: moved.id,
      kind: "reject",
      userId: params.actor.id,
      reason: params.reason,
      proposalVersion: params.expectedVersion,
    });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "proposal.rejected",
        entityType: "proposal",
        entityId: moved.id,
        proposalId: moved.id,
        messageId: moved.messageId,
        contactId: moved.contactId,
        policyVersion: moved.policyVersion,
        data: { reason: params.reason },
      },
    ]);
    return moved;
  });
}
