import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { appliedChanges } from "../schema";

export type AppliedChange = typeof appliedChanges.$inferSelect;

/** Inserts under the unique key; returns undefined when this proposed change was applied before. */
export async function insertAppliedChange(db: DbOrTx, values: typeof appliedChanges.$inferInsert) {
  const [row] = await db
    .insert(appliedChanges)
    .values(values)
    .onConflictDoNothing({ target: appliedChanges.proposedChangeId })
    .returning();
  return row;
}

export async function getLastAppliedChangeOnField(db: DbOrTx, recordId: string, field: string) {
  const [row] = await db
    .select()
    .from(appliedChanges)
    .where(and(eq(appliedChanges.recordId, recordId), eq(appliedChanges.field, field)))
    .orderBy(desc(appliedChanges.appliedAt))
    .limit(1);
  return row;
}

export async function listAppliedChangesOfProposal(db: DbOrTx, proposalId: string) {
  return db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposalId));
}
