import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Db } from "@/db/client";
import { listStandingAppliedChangesOfProposal } from "@/db/queries/applied-changes";
import {
  getProposalForUpdate,
  insertDecision,
  insertProposal,
  insertProposedChanges,
  listChangesOfProposal,
  updateProposedChange,
} from "@/db/queries/proposals";
import { getRollbackUnderWay } from "@/db/queries/rollbacks";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError, conflictError } from "../errors";
import { transitionProposal } from "../proposals/state-machine";
import { getFieldDefinition } from "@/contracts/catalog";
import { describeValue } from "@/contracts/values";
import { applyChangeSetInTransaction, proposalEvent, type ApplyOutcome } from "./apply-change-set";

export const rollBackInput = z.object({
  proposalId: z.string().uuid(),
  /** roll back only these applied changes (single-field rollback); all standing ones when omitted */
  appliedChangeIds: z.array(z.string().uuid()).min(1).optional(),
  reason: z.string().trim().max(2000).optional(),
});

export const resolveRollbackInput = z.object({
  proposalId: z.string().uuid(),
  expectedVersion: z.number().int().positive(),
  /** for each conflicting field: keep what the record holds now (skip) or restore anyway (force) */
  resolutions: z.array(z.object({ changeId: z.string().uuid(), action: z.enum(["skip", "force"]) })).min(1),
});

type UserActor = Extract<Actor, { type: "user" }>;
export type RollBackResult = { rollbackProposalId: string; outcome: ApplyOutcome };

/**
 * Rolls back an applied change set, or some of its fields: a new change set whose proposed values
 * are the old values and whose bases are the values we wrote, through the same apply path. A field
 * changed since is a conflict, field by field; the person then skips or forces it
 * (resolveRollbackConflicts). Rolling back a rollback is the same operation.
 */
export async function rollBackChangeSet(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof rollBackInput> & { actor: UserActor },
): Promise<RollBackResult> {
  return deps.db.transaction(async (tx) => {
    // the original's row lock serialises two people rolling back the same change set
    const original = await getProposalForUpdate(tx, params.proposalId);
    if (!original) throw new AppError("NOT_FOUND", "This proposal does not exist");
    if (original.status !== "applied" && original.status !== "partially_applied") {
      throw new AppError(
        "CONFLICT",
        `Only applied changes can be rolled back; this proposal is ${original.status.replaceAll("_", " ")}.`,
      );
    }
    const written = await listStandingAppliedChangesOfProposal(tx, original.id);
    const wanted = params.appliedChangeIds
      ? written.filter((w) => params.appliedChangeIds?.includes(w.id))
      : written;
    if (params.appliedChangeIds && wanted.length !== params.appliedChangeIds.length) {
      throw new AppError(
        "CONFLICT",
        "Some of these changes were already rolled back, or are not part of this change set.",
      );
    }
    if (wanted.length === 0)
      throw new AppError("CONFLICT", "Everything in this change set has already been rolled back.");

    const underWay = await getRollbackUnderWay(tx, { appliedChangeIds: wanted.map((w) => w.id) });
    if (underWay) {
      throw new AppError(
        "CONFLICT",
        `A rollback of this change is already under way (proposal ${underWay.proposalId.slice(0, 8)}); finish that one first.`,
        {
          rollbackProposalId: underWay.proposalId,
        },
      );
    }

    const originalChanges = await listChangesOfProposal(tx, original.id);
    const labels = new Map(originalChanges.map((c) => [c.id, c]));
    const parts = wanted.map(
      (w) =>
        `${getFieldDefinition(w.field)?.label ?? w.field} (${labels.get(w.proposedChangeId)?.recordLabel ?? "record"}) back to ${describeValue(w.oldValue)}`,
    );
    const now = new Date();
    const rollback = await insertProposal(tx, {
      kind: "rollback",
      rollsBackProposalId: original.id,
      // the rollback answers the same message: its correction notice goes to the same person
      messageId: original.messageId,
      contactId: original.contactId,
      status: "approved",
      intents: original.intents,
      summary: `Roll back: ${parts.join("; ")}`,
      route: "review",
      routeRule: "manual_rollback",
      policyVersionId: original.policyVersionId,
      policyVersion: original.policyVersion,
      decidedBy: params.actor.id,
      decidedAt: now,
      createdByUserId: params.actor.id,
    });
    await insertProposedChanges(
      tx,
      wanted.map((w, position) => {
        const source = labels.get(w.proposedChangeId);
        const field = getFieldDefinition(w.field);
        return {
          proposalId: rollback.id,
          position,
          intent: source?.intent ?? "rollback",
          store: w.store,
          entity: w.entity,
          recordId: w.recordId,
          recordLabel: source?.recordLabel ?? w.recordId,
          field: w.field,
          // base = the value we wrote: anything else there now was changed by someone since
          baseValue: w.newValue,
          baseVersion: w.versionAfter,
          proposedValue: w.oldValue,
          risk: field?.risk ?? "high",
          route: "review" as const,
          routeRule: "manual_rollback",
          status: "approved" as const,
          rollsBackAppliedChangeId: w.id,
          decidedBy: params.actor.id,
          rationale: params.reason ?? null,
        };
      }),
    );
    await insertDecision(tx, {
      proposalId: rollback.id,
      kind: "rollback",
      userId: params.actor.id,
      reason: params.reason ?? null,
      proposalVersion: rollback.version,
      data: { rollsBackProposalId: original.id, appliedChangeIds: wanted.map((w) => w.id) },
    });
    await appendAuditEvents(tx, [
      proposalEvent(rollback, params.actor, "proposal.rollback_requested", {
        rollsBackProposalId: original.id,
        appliedChangeIds: wanted.map((w) => w.id),
        reason: params.reason ?? null,
      }),
    ]);
    const outcome = await applyChangeSetInTransaction(
      { db: tx, boss: deps.boss },
      { proposalId: rollback.id, actor: params.actor },
    );
    return { rollbackProposalId: rollback.id, outcome };
  });
}

/**
 * Resolves the conflicts of a rollback field by field: `skip` keeps what the record holds now,
 * `force` restores the old value over it (audited as `change.forced`). Then applies the rest.
 */
export async function resolveRollbackConflicts(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof resolveRollbackInput> & { actor: UserActor },
): Promise<ApplyOutcome & { proposalId: string }> {
  return deps.db.transaction(async (tx) => {
    const proposal = await getProposalForUpdate(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    if (proposal.kind !== "rollback")
      throw new AppError(
        "BAD_REQUEST",
        "Only a rollback's conflicts are resolved here; review other proposals in the queue.",
      );
    const changes = await listChangesOfProposal(tx, proposal.id);
    const conflicted = changes.filter((c) => c.status === "conflict");
    const decided = new Map(params.resolutions.map((r) => [r.changeId, r.action]));
    for (const change of conflicted) {
      if (!decided.has(change.id))
        throw new AppError(
          "BAD_REQUEST",
          `Choose skip or force for ${getFieldDefinition(change.field)?.label ?? change.field} of ${change.recordLabel}.`,
        );
    }
    const moved = await transitionProposal(tx, {
      proposalId: proposal.id,
      expectedVersion: params.expectedVersion,
      from: ["conflict"],
      to: "approved",
      set: { decidedBy: params.actor.id, decidedAt: new Date(), conflicts: null },
    });
    if (!moved) {
      throw conflictError(
        "stale_version",
        `This rollback changed since you opened it (it is ${proposal.status.replaceAll("_", " ")}, version ${proposal.version}). Reload and decide again.`,
      );
    }
    const events = [];
    for (const change of changes) {
      const action = decided.get(change.id);
      if (change.status === "conflict" && action === "skip") {
        await updateProposedChange(tx, change.id, {
          status: "skipped",
          decidedBy: params.actor.id,
          decisionReason: "kept the current value",
        });
        events.push({
          actor: params.actor,
          action: "change.skipped",
          entityType: change.entity,
          entityId: change.recordId,
          proposalId: proposal.id,
          contactId: proposal.contactId,
          data: { field: change.field, kept: change.baseValue },
        });
      } else if (change.status === "conflict" && action === "force") {
        // the base was refreshed when the conflict was found: forcing writes over exactly that value
        await updateProposedChange(tx, change.id, {
          status: "approved",
          forced: true,
          decidedBy: params.actor.id,
          decisionReason: "restore over a newer value",
        });
      } else if (change.status === "pending") {
        await updateProposedChange(tx, change.id, { status: "approved" });
      }
    }
    if ([...decided.values()].includes("force")) {
      await insertDecision(tx, {
        proposalId: proposal.id,
        kind: "force",
        userId: params.actor.id,
        proposalVersion: params.expectedVersion,
        data: Object.fromEntries(decided),
      });
    }
    await appendAuditEvents(tx, [
      ...events,
      proposalEvent(proposal, params.actor, "proposal.conflicts_resolved", {
        resolutions: Object.fromEntries(decided),
      }),
    ]);
    const outcome = await applyChangeSetInTransaction(
      { db: tx, boss: deps.boss },
      { proposalId: proposal.id, actor: params.actor },
    );
    return { ...outcome, proposalId: proposal.id };
  });
}
