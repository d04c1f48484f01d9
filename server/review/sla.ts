import type { Db } from "@/db/client";
import { listOverdueProposals } from "@/db/queries/review";
import type { Actor } from "../audit/append";
import { escalateInTransaction } from "./decide";

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
    const moved = await db.transaction((tx) =>
      escalateInTransaction(tx, {
        proposalId: item.id,
        expectedVersion: item.version,
        fromStatus: item.status,
        actor: slaActor,
        reason: "Past its review SLA",
        now,
        data: { slaDueAt: item.slaDueAt?.toISOString() ?? null },
      }),
    );
    if (moved) escalated += 1;
  }
  return { escalated };
}
