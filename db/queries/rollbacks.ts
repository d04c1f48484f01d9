import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { proposals } from "../schema";

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
