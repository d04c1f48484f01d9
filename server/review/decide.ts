import type { PgBoss } from "pg-boss";
import { z } from "zod";
import {
  escalatableProposalStatuses,
  isOpenProposalStatus,
  openProposalStatuses,
} from "@/contracts/statuses";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { releasedClaim } from "@/db/queries/review";
import { getUserById } from "@/db/queries/users";
import { getMessageById } from "@/db/queries/messages";
import {
  getProposalById,
  getProposalForUpdate,
  insertDecision,
  listApprovalsOfProposal,
  listChangesOfProposal,
  updateProposedChange,
  type ApprovalRow,
  type Proposal,
} from "@/db/queries/proposals";
import { aboutProposal, appendAuditEvents, type Actor } from "../audit/append";
import { applyChangeSetInTransaction, type ApplyOutcome } from "../apply/apply-change-set";
import { AppError, conflictError } from "../errors";
import { normalizeFieldValue } from "../extraction/normalize";
import {
  approvableChanges,
  approvalsOfRound,
  approvalsResetEvent,
  approvedValues,
  digestOfChanges,
  personKey,
} from "../proposals/approvals";
import { transitionProposal } from "../proposals/state-machine";

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

/** Internal to services: a decision taken as part of a bulk action carries the action's id. */
type DecisionOrigin = { bulkId?: string };

/**
 * A claim is a short lease: while someone else holds it, deciding is refused so two people do not
 * work the same item. The version compare-and-set still decides any race; this is courtesy.
 */
async function assertNotClaimedByOther(tx: Tx | Db, proposal: Proposal, actor: UserActor): Promise<void> {
  if (!proposal.claimedBy || proposal.claimedBy === actor.id) return;
  if (!proposal.claimExpiresAt || proposal.claimExpiresAt.getTime() <= Date.now()) return;
  const holder = (await getUserById(tx, proposal.claimedBy))?.name ?? "someone else";
  throw conflictError(
    "claimed_by_other",
    `${holder} is working on this (claimed until ${proposal.claimExpiresAt.toISOString()}).`,
    {
      claimedBy: holder,
      claimExpiresAt: proposal.claimExpiresAt.toISOString(),
    },
  );
}

/**
 * Separation of duties: the person who wrote a staff note (in the console, or as the helpdesk
 * agent with the same email) never approves its changes; a second person does. The same holds
 * for whoever uploaded the email a change comes from: they could have written every word of it.
 */
async function assertNotAuthor(tx: Tx | Db, proposal: Proposal, actor: UserActor): Promise<void> {
  if (!proposal.messageId) return;
  const message = await getMessageById(tx, proposal.messageId);
  if (message?.uploadedBy === actor.id)
    throw new AppError(
      "FORBIDDEN",
      "You uploaded the email this change comes from; a second person must approve it.",
    );
  if (!message || message.authorKind !== "agent") return;
  const user = await getUserById(tx, actor.id);
  if (message.authorUserId === actor.id || (user && message.authorEmail === user.email.toLowerCase()))
    throw new AppError(
      "FORBIDDEN",
      "You wrote the note this change comes from; a second person must approve it.",
    );
}

/** Explains why a compare-and-set lost: who decided, or that the proposal moved on. */
async function explainLostRace(tx: Tx | Db, proposalId: string, expectedVersion: number): Promise<AppError> {
  const current = await getProposalById(tx, proposalId);
  if (!current) return new AppError("NOT_FOUND", "This proposal does not exist");
  if (current.status === "superseded")
    return conflictError(
      "already_decided",
      "This proposal was superseded by a newer proposal for the same field: nothing of it was approved or written. Decide the newer one.",
      { status: current.status, version: current.version },
    );
  if (!isOpenProposalStatus(current.status)) {
    const by = current.decidedBy ? (await getUserById(tx, current.decidedBy))?.name : null;
    const who = by ?? (current.route === "auto_apply" ? "the policy" : "someone else");
    const when = current.decidedAt ? ` at ${current.decidedAt.toISOString()}` : "";
    return conflictError(
      "already_decided",
      `Already decided by ${who}${when}: this proposal is ${current.status.replace("_", " ")}.`,
      {
        status: current.status,
        version: current.version,
      },
    );
  }
  return conflictError(
    "stale_version",
    `This proposal changed since you opened it (version ${expectedVersion} → ${current.version}). Reload to see the latest before deciding.`,
    { status: current.status, version: current.version },
  );
}

export type ApproveResult =
  { status: "awaiting_second_approval"; proposal: Proposal } | (ApplyOutcome & { proposalId: string });

/**
 * Separation of duties for sets that need two people: nobody already counted in this round may
 * approve again, under the same account or another account with the same sign-in identity.
 */
function assertNotCountedYet(
  counted: ApprovalRow[],
  me: { userId: string; ssoSubject: string | null },
): void {
  if (counted.some((a) => a.userId === me.userId))
    throw new AppError("FORBIDDEN", "You already approved this; a second person must approve it.");
  const same = counted.find((a) => personKey(a) === personKey(me));
  if (same)
    throw new AppError(
      "FORBIDDEN",
      `${same.userName ?? "Another account"} approved this already and has the same sign-in identity as you: a second person must approve it.`,
    );
}

/**
 * Approves (optionally with edited values) and applies in the same transaction, so the reviewer
 * learns at once whether it was applied or hit a conflict. Two reviewers cannot both win: the
 * transition is a compare-and-set on the proposal's version.
 *
 * A set that needs two people is applied only when two different people approved exactly the
 * same values (the same digest) in the same round (server/proposals/approvals.ts). An approval
 * with edits that change what the earlier approvals approved starts a new round in which the
 * editor is the first approval: the edit needs another person, and the earlier approvals (with
 * the values they approved) stay in the decisions and the trail.
 */
export async function approveProposal(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof approveProposalInput> & { actor: UserActor } & DecisionOrigin,
): Promise<ApproveResult> {
  return deps.db.transaction(async (tx) => {
    // locked before the approvals are read: they are then the ones that stand when this one is
    // added, so two sessions of one person (or two of their accounts) cannot each count as first
    const proposal = await getProposalForUpdate(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    if (!isOpenProposalStatus(proposal.status) || proposal.version !== params.expectedVersion)
      throw await explainLostRace(tx, proposal.id, params.expectedVersion);
    await assertNotClaimedByOther(tx, proposal, params.actor);
    await assertNotAuthor(tx, proposal, params.actor);
    const changes = await listChangesOfProposal(tx, proposal.id);
    const approvable = approvableChanges(changes);
    const editedValues = new Map<string, unknown>();
    for (const edit of params.edits) {
      const change = changes.find((c) => c.id === edit.changeId);
      if (!change) throw new AppError("BAD_REQUEST", "An edited field is not part of this proposal");
      if (!approvable.includes(change))
        throw new AppError("BAD_REQUEST", `This field is already ${change.status.replace("_", " ")}.`, {
          changeId: change.id,
        });
      const normalized = normalizeFieldValue(change.field, edit.value);
      if (!normalized.ok) throw new AppError("BAD_REQUEST", normalized.error, { changeId: change.id });
      editedValues.set(change.id, normalized.value);
    }

    const digest = digestOfChanges(approvable, editedValues);
    const edited = digest !== digestOfChanges(approvable);
    const round = approvalsOfRound(await listApprovalsOfProposal(tx, proposal.id), proposal);
    // approvals of other values (before an edit, or of a set that changed since) stop counting now
    const voided = round.filter((a) => a.changeDigest !== digest);
    const startsRound = voided.length > 0;
    const counted = startsRound ? [] : round;
    const me = await getUserById(tx, params.actor.id);
    if (!me) throw new AppError("FORBIDDEN", "Your account no longer exists");
    assertNotCountedYet(counted, { userId: me.id, ssoSubject: me.ssoSubject });
    const approvers = [...counted.map((a) => a.userId), me.id];
    const complete = approvers.length >= proposal.requiredApprovals;
    const moved = await transitionProposal(tx, {
      proposalId: proposal.id,
      expectedVersion: params.expectedVersion,
      from: openProposalStatuses,
      startApprovalRound: startsRound,
      // not complete: this person's part is done and the item is for a second person, so their
      // claim ends here instead of keeping everyone else out until it runs out
      ...(complete
        ? { to: "approved", set: { decidedBy: params.actor.id, decidedAt: new Date() } }
        : { set: { ...releasedClaim } }),
    });
    if (!moved) throw await explainLostRace(tx, proposal.id, params.expectedVersion);

    for (const change of approvable) {
      await updateProposedChange(tx, change.id, {
        status: complete ? "approved" : change.status,
        ...(editedValues.has(change.id) ? { editedValue: editedValues.get(change.id) } : {}),
      });
    }
    const kind = editedValues.size > 0 ? "edit_approve" : "approve";
    await insertDecision(tx, {
      proposalId: proposal.id,
      kind,
      userId: params.actor.id,
      proposalVersion: params.expectedVersion,
      approvalRound: moved.approvalRound,
      changeDigest: digest,
      data: {
        // what this person approved, kept as they saw it whatever a later approver edits
        approved: approvedValues(approvable, editedValues),
        ...(editedValues.size > 0 ? { edits: Object.fromEntries(editedValues) } : {}),
      },
    });
    await appendAuditEvents(tx, [
      ...(startsRound
        ? [
            approvalsResetEvent({
              proposal,
              actor: params.actor,
              reason: edited ? "edited" : "set_changed",
              voided,
            }),
          ]
        : []),
      {
        actor: params.actor,
        action: complete ? "proposal.approved" : "proposal.approval_recorded",
        ...aboutProposal(proposal),
        data: {
          edited: Object.fromEntries(editedValues),
          approvals: approvers.length,
          required: proposal.requiredApprovals,
          approvers,
          digest,
          round: moved.approvalRound,
          fromStatus: proposal.status,
          ...(params.bulkId ? { bulkId: params.bulkId } : {}),
        },
      },
    ]);
    if (!complete) return { status: "awaiting_second_approval", proposal: moved };
    const outcome = await applyChangeSetInTransaction(
      { db: tx, boss: deps.boss },
      { proposalId: proposal.id, actor: params.actor },
    );
    return { ...outcome, proposalId: proposal.id };
  });
}

export async function rejectProposal(
  db: Db,
  params: z.infer<typeof rejectProposalInput> & { actor: UserActor } & DecisionOrigin,
): Promise<Proposal> {
  return db.transaction(async (tx) => {
    const current = await getProposalById(tx, params.proposalId);
    if (current) await assertNotClaimedByOther(tx, current, params.actor);
    const moved = await transitionProposal(tx, {
      proposalId: params.proposalId,
      expectedVersion: params.expectedVersion,
      from: openProposalStatuses,
      to: "rejected",
      set: { decidedBy: params.actor.id, decidedAt: new Date() },
    });
    if (!moved) throw await explainLostRace(tx, params.proposalId, params.expectedVersion);
    for (const change of await listChangesOfProposal(tx, moved.id)) {
      // fields approved one by one are rejected with the set: nothing of a rejected set is applied
      if (change.status === "pending" || change.status === "conflict" || change.status === "approved") {
        await updateProposedChange(tx, change.id, { status: "rejected" });
      }
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
        ...aboutProposal(moved),
        data: { reason: params.reason, ...(params.bulkId ? { bulkId: params.bulkId } : {}) },
      },
    ]);
    return moved;
  });
}

export const decideChangeInput = z.object({
  proposalId: z.string().uuid(),
  changeId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  decision: z.enum(["approve", "reject"]),
  /** required to reject a field */
  reason: z.string().trim().max(2000).optional(),
  /** edit-and-approve of this one field */
  value: z.unknown().optional(),
});

export type DecideChangeResult =
  | { status: "recorded"; proposal: Proposal }
  | { status: "rejected"; proposal: Proposal }
  | (ApplyOutcome & { proposalId: string });

/**
 * Approves or rejects one field of a change set. Each call is a compare-and-set on the proposal's
 * version. When the last open field is decided the set is settled: applied (its approved fields
 * only) if any field was approved, rejected if none was.
 */
export async function decideChange(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof decideChangeInput> & { actor: UserActor },
): Promise<DecideChangeResult> {
  return deps.db.transaction(async (tx) => {
    const proposal = await getProposalById(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    await assertNotClaimedByOther(tx, proposal, params.actor);
    const changes = await listChangesOfProposal(tx, proposal.id);
    const change = changes.find((c) => c.id === params.changeId);
    if (!change) throw new AppError("BAD_REQUEST", "This field is not part of this proposal");
    const undecided = (c: { status: string }) => c.status === "pending" || c.status === "conflict";
    if (!isOpenProposalStatus(proposal.status))
      throw await explainLostRace(tx, proposal.id, params.expectedVersion);
    if (!undecided(change))
      throw new AppError("CONFLICT", `This field is already ${change.status.replace("_", " ")}.`);
    const approve = params.decision === "approve";
    if (approve) await assertNotAuthor(tx, proposal, params.actor);
    if (approve && proposal.requiredApprovals > 1) {
      throw new AppError("BAD_REQUEST", "This change set needs two approvals: approve it as a whole.");
    }
    if (!approve && (params.reason ?? "").length < 3)
      throw new AppError("BAD_REQUEST", "Say briefly why this field is rejected");
    let editedValue: unknown = undefined;
    if (approve && params.value !== undefined) {
      const normalized = normalizeFieldValue(change.field, params.value);
      if (!normalized.ok) throw new AppError("BAD_REQUEST", normalized.error, { changeId: change.id });
      editedValue = normalized.value;
    }

    const othersOpen = changes.filter((c) => c.id !== change.id && undecided(c));
    const anyApproved = approve || changes.some((c) => c.id !== change.id && c.status === "approved");
    const settled = othersOpen.length === 0;
    const now = new Date();
    const moved = await transitionProposal(tx, {
      proposalId: proposal.id,
      expectedVersion: params.expectedVersion,
      from: openProposalStatuses,
      ...(settled
        ? { to: anyApproved ? "approved" : "rejected", set: { decidedBy: params.actor.id, decidedAt: now } }
        : {}),
    });
    if (!moved) throw await explainLostRace(tx, proposal.id, params.expectedVersion);

    await updateProposedChange(tx, change.id, {
      status: approve ? "approved" : "rejected",
      decidedBy: params.actor.id,
      decisionReason: params.reason ?? null,
      ...(editedValue !== undefined ? { editedValue } : {}),
    });
    await insertDecision(tx, {
      proposalId: proposal.id,
      kind: approve ? "approve_field" : "reject_field",
      userId: params.actor.id,
      reason: params.reason ?? null,
      proposalVersion: params.expectedVersion,
      data: {
        changeId: change.id,
        field: change.field,
        ...(editedValue !== undefined ? { edited: editedValue } : {}),
      },
    });
    const base = {
      actor: params.actor,
      ...aboutProposal(proposal),
    };
    const events = [
      {
        ...base,
        action: approve ? "change.approved" : "change.rejected",
        data: {
          field: change.field,
          record: change.recordLabel,
          reason: params.reason ?? null,
          edited: editedValue ?? null,
        },
      },
    ];
    if (settled) {
      events.push({
        ...base,
        action: anyApproved ? "proposal.approved" : "proposal.rejected",
        data: {
          field: change.field,
          record: change.recordLabel,
          reason: anyApproved ? null : "every field was rejected",
          edited: null,
        },
      });
    }
    await appendAuditEvents(tx, events);
    if (!settled) return { status: "recorded", proposal: moved };
    if (!anyApproved) return { status: "rejected", proposal: moved };
    const outcome = await applyChangeSetInTransaction(
      { db: tx, boss: deps.boss },
      { proposalId: proposal.id, actor: params.actor },
    );
    return { ...outcome, proposalId: proposal.id };
  });
}

export const escalateProposalInput = z.object({
  proposalId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  reason: z.string().trim().min(3, "Say briefly what the lead should look at").max(2000),
});

/** A reviewer hands an item to the leads: it leaves their hands (claim released) and counts in the leads' navigation. */
export async function escalateProposal(
  db: Db,
  params: z.infer<typeof escalateProposalInput> & { actor: UserActor },
): Promise<Proposal> {
  return db.transaction(async (tx) => {
    const current = await getProposalById(tx, params.proposalId);
    if (!current) throw new AppError("NOT_FOUND", "This proposal does not exist");
    if (current.status === "escalated")
      throw new AppError("CONFLICT", "This proposal is already escalated to the leads.");
    await assertNotClaimedByOther(tx, current, params.actor);
    const moved = await escalateInTransaction(tx, {
      proposalId: params.proposalId,
      expectedVersion: params.expectedVersion,
      fromStatus: current.status,
      actor: params.actor,
      reason: params.reason,
    });
    if (!moved) throw await explainLostRace(tx, params.proposalId, params.expectedVersion);
    return moved;
  });
}

/**
 * The one escalation, by a person or by the review SLA (server/review/sla.ts): the move to
 * `escalated` (a compare-and-set, so a decision racing it wins or loses whole), its decision row
 * and its audit entry. Returns undefined when the proposal moved on since `expectedVersion`.
 */
export async function escalateInTransaction(
  tx: DbOrTx,
  params: {
    proposalId: string;
    expectedVersion: number;
    /** the status it was read in, for the trail */
    fromStatus: Proposal["status"];
    actor: Actor;
    reason: string;
    now?: Date;
    /** more for the audit entry (the SLA that ran out) */
    data?: Record<string, unknown>;
  },
): Promise<Proposal | undefined> {
  const moved = await transitionProposal(tx, {
    proposalId: params.proposalId,
    expectedVersion: params.expectedVersion,
    from: escalatableProposalStatuses,
    to: "escalated",
    set: {
      escalatedBy: params.actor.type === "user" ? params.actor.id : null,
      escalatedAt: params.now ?? new Date(),
      escalationReason: params.reason,
    },
  });
  if (!moved) return undefined;
  await insertDecision(tx, {
    proposalId: moved.id,
    kind: "escalate",
    userId: params.actor.type === "user" ? params.actor.id : null,
    reason: params.reason,
    proposalVersion: params.expectedVersion,
  });
  await appendAuditEvents(tx, [
    {
      actor: params.actor,
      action: "proposal.escalated",
      ...aboutProposal(moved),
      data: { reason: params.reason, fromStatus: params.fromStatus, ...params.data },
    },
  ]);
  return moved;
}
