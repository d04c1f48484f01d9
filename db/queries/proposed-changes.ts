import { eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { proposedChanges } from "../schema";
import type { ProposedChange } from "./proposals";

/**
 * Reads of single proposed changes. (The rest of the proposal aggregate is in proposals.ts; these
 * can join it there.)
 */
export async function getProposedChangeById(db: DbOrTx, id: string): Promise<ProposedChange | undefined> {
  const [change] = await db.select().from(proposedChanges).where(eq(proposedChanges.id, id));
  return change;
}
