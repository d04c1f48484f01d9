import { and, desc, eq, inArray } from "drizzle-orm";
import { unfinishedProposalStatuses } from "@/contracts/statuses";
import type { DbOrTx } from "../client";
import { proposals, proposedChanges } from "../schema";

/** The rollbacks of a change set, newest first: the proposal page's rollback panel. */
export async function listRollbacksOfProposal(db: DbOrTx, proposalId: string) {
  return db
    .select({
      id: proposals.id,
      status: proposals.status,
      summary: proposals.summary,
      createdAt: proposals.createdAt,
    })
    .from(proposals)
    .where(eq(proposals.rollsBackProposalId, proposalId))
    .orderBy(desc(proposals.createdAt));
}

/**
 * A rollback of one of these applied changes that is not final yet, if any: a second rollback of
 * the same change must wait for it.
 */
export async function getRollbackUnderWay(db: DbOrTx, params: { appliedChangeIds: string[] }) {
  const [row] = await db
    .select({ proposalId: proposals.id, appliedChangeId: proposedChanges.rollsBackAppliedChangeId })
    .from(proposedChanges)
    .innerJoin(proposals, eq(proposals.id, proposedChanges.proposalId))
    .where(
      and(
        inArray(proposedChanges.rollsBackAppliedChangeId, params.appliedChangeIds),
        inArray(proposals.status, [...unfinishedProposalStatuses]),
        inArray(proposedChanges.status, ["pending", "approved", "conflict", "sending", "failed"]),
      ),
    )
    .limit(1);
  return row;
}
