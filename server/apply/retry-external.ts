import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getOutboxItemByKey, getOutboxItemForUpdate, updateOutboxItem } from "@/db/queries/outbox";
import {
  getProposalForUpdate,
  insertDecision,
  listChangesOfProposal,
  updateProposal,
  updateProposedChange,
} from "@/db/queries/proposals";
import { appendAuditEvents, type Actor } from "../audit/append";
import { scheduleOutboxDelivery } from "@/jobs/outbox-delivery";
import { AppError } from "../errors";
import { getFieldDefinition } from "@/contracts/catalog";
import { externalWriteKey, proposalEvent } from "./apply-change-set";
import { finishProposalIfComplete } from "./finish";

export const retryPartialInput = z.object({
  proposalId: z.string().uuid(),
  /**
   * What to do with each unfinished external change; changes not listed are retried.
   * retry: send again (a failed delivery); force: write even though the remote value changed;
   * skip: give up on this field, keep what the external system holds.
   */
  actions: z
    .array(z.object({ changeId: z.string().uuid(), action: z.enum(["retry", "force", "skip"]) }))
    .default([]),
});

type UserActor = Extract<Actor, { type: "user" }>;

/**
 * One click on a partially applied change set: every failed or conflicting external write is
 * retried (or forced, or skipped), and the proposal becomes applied once none is left.
 */
export async function retryPartiallyApplied(
  deps: { db: Db; boss?: PgBoss },
  params: z.infer<typeof retryPartialInput> & { actor: UserActor },
): Promise<{ retried: number; skipped: number; applied: boolean }> {
  return deps.db.transaction(async (tx) => {
    const proposal = await getProposalForUpdate(tx, params.proposalId);
    if (!proposal) throw new AppError("NOT_FOUND", "This proposal does not exist");
    if (proposal.status !== "partially_applied") {
      throw new AppError(
        "CONFLICT",
        `Nothing to retry: this proposal is ${proposal.status.replaceAll("_", " ")}.`,
      );
    }
    const wanted = new Map(params.actions.map((a) => [a.changeId, a.action]));
    const unfinished = (await listChangesOfProposal(tx, proposal.id)).filter(
      (c) => c.status === "failed" || c.status === "conflict",
    );
    if (unfinished.length === 0)
      throw new AppError("CONFLICT", "Every external write of this change set is already under way.");
    let retried = 0;
    let skipped = 0;
    const events = [];
    for (const change of unfinished) {
      const action = wanted.get(change.id) ?? "retry";
      if (change.status === "conflict" && action === "retry") {
        throw new AppError(
          "BAD_REQUEST",
          `${getFieldDefinition(change.field)?.label ?? change.field} of ${change.recordLabel} changed in ${change.store}: choose force or skip for it.`,
        );
      }
      const item = await getOutboxItemByKey(tx, externalWriteKey(change.id));
      if (action === "skip") {
        await updateProposedChange(tx, change.id, {
          status: "skipped",
          decidedBy: params.actor.id,
          decisionReason: "skipped after a failed external write",
        });
        if (item)
          await updateOutboxItem(tx, item.id, {
            status: "dead",
            nextAttemptAt: null,
            lastError: `Skipped by ${params.actor.label}`,
          });
        events.push({
          actor: params.actor,
          action: "change.skipped",
          entityType: change.entity,
          entityId: change.recordId,
          proposalId: proposal.id,
          contactId: proposal.contactId,
          data: { field: change.field, store: change.store, lastError: change.lastError },
        });
        skipped += 1;
        continue;
      }
      await updateProposedChange(tx, change.id, {
        status: "sending",
        forced: change.forced || action === "force",
        lastError: null,
      });
      if (!item) throw new AppError("INTERNAL_SERVER_ERROR", "The outbox item of this write is missing");
      const locked = await getOutboxItemForUpdate(tx, item.id);
      await updateOutboxItem(tx, item.id, { status: "pending", lastError: locked?.lastError ?? null });
      await scheduleOutboxDelivery({ db: tx, boss: deps.boss }, { outboxId: item.id });
      retried += 1;
    }
    if ([...wanted.values()].includes("force")) {
      await insertDecision(tx, {
        proposalId: proposal.id,
        kind: "force",
        userId: params.actor.id,
        proposalVersion: proposal.version,
        data: Object.fromEntries(wanted),
      });
    }
    await updateProposal(tx, proposal.id, { conflicts: null });
    await appendAuditEvents(tx, [
      ...events,
      proposalEvent(proposal, params.actor, "proposal.delivery_retried", {
        retried,
        skipped,
        actions: Object.fromEntries(wanted),
      }),
    ]);
    const applied = await finishProposalIfComplete(
      { db: tx, boss: deps.boss },
      { proposalId: proposal.id, actor: params.actor },
    );
    return { retried, skipped, applied };
  });
}

/** Sends one outbox item again (a dead or kept notice, or a write): the console's retry button. */
export async function retryOutboxItem(
  deps: { db: Db; boss?: PgBoss },
  params: { outboxId: string; actor: UserActor },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const item = await getOutboxItemForUpdate(tx, params.outboxId);
    if (!item) throw new AppError("NOT_FOUND", "This outbox item does not exist");
    if (item.status === "sent")
      throw new AppError("CONFLICT", "This was already delivered; it is not sent twice.");
    if (item.kind === "connector_write") {
      throw new AppError(
        "BAD_REQUEST",
        "Retry an external write from its proposal: it may need a force or skip decision.",
      );
    }
    await updateOutboxItem(tx, item.id, { status: "pending" });
    await scheduleOutboxDelivery({ db: tx, boss: deps.boss }, { outboxId: item.id });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "outbox.retried",
        entityType: "outbox",
        entityId: item.id,
        proposalId: item.proposalId,
        data: { kind: item.kind, lastError: item.lastError, attempts: item.attempts },
      },
    ]);
  });
}
