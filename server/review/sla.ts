import type { Db } from "@/db/client";
import { transitionProposal } from "@/db/queries/proposals";
import { listOverdueProposals } from "@/db/queries/review";
import { aboutProposal, appendAuditEvents, type Actor } from "../audit/append";

export const slaActor: Actor = { type: "system", id: null, label: "review SLA" };

/**
 * Escalates open items past their SLA to the leads. Meant to run on a schedule; safe to run
 * twice at once: each item moves by compare-and-set, so one run wins and the other skips it.
 */
export async function escalateOverdueProposals(
  db: Db,
  params: { now?: Date; limit?: number } = {},
): Promise<{ escalated: number }> {
  const now = params.now ?? new Date();
  const overdue = await listOverdueProposals(db, { now, limit: params.limit ?? 500 });
  let escalated = 0;
  for (const item of overdue) {
    const moved = await db.transaction(async (tx) => {
      const proposal = await transitionProposal(tx, {
        id: item.id,
        expectedVersion: item.version,
        fromStatuses: ["pending_review", "conflict"],
        set: {
          status: "escalated",
          escalatedAt: now,
          escalationReason: "Past its review SLA",
          claimedBy: null,
          claimExpiresAt: null,
        },
      });
      if (!proposal) return false;
      await appendAuditEvents(tx, [
        {
          actor: slaActor,
          action: "proposal.escalated",
          ...aboutProposal(proposal),
          data: { reason: "sla_overdue", slaDueAt: item.slaDueAt?.toISOString() ?? null },
        },
      ]);
      return true;
    });
    if (moved) escalated += 1;
  }
  return { escalated };
}
