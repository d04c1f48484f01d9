import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { appliedChanges, proposedChanges } from "../schema";

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

/** The newest write to one field of one record: a conflict check reads who changed it since. */
export async function getLastAppliedChangeOnField(db: DbOrTx, params: { recordId: string; field: string }) {
  const [row] = await db
    .select()
    .from(appliedChanges)
    .where(and(eq(appliedChanges.recordId, params.recordId), eq(appliedChanges.field, params.field)))
    .orderBy(desc(appliedChanges.appliedAt))
    .limit(1);
  return row;
}

export async function listAppliedChangesOfProposal(db: DbOrTx, proposalId: string) {
  return db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposalId));
}

/** What of a change set still stands: its written changes no rollback has undone. */
export async function listStandingAppliedChangesOfProposal(db: DbOrTx, proposalId: string) {
  return db
    .select()
    .from(appliedChanges)
    .where(and(eq(appliedChanges.proposalId, proposalId), isNull(appliedChanges.rolledBackByProposalId)));
}

export async function hasStandingAppliedChange(db: DbOrTx, proposalId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: appliedChanges.id })
    .from(appliedChanges)
    .where(and(eq(appliedChanges.proposalId, proposalId), isNull(appliedChanges.rolledBackByProposalId)))
    .limit(1);
  return row !== undefined;
}

/** Links an applied change to the rollback that undid it; a change already undone keeps its first link. */
export async function markAppliedChangeRolledBack(
  db: DbOrTx,
  params: { appliedChangeId: string; rollbackProposalId: string },
): Promise<void> {
  await db
    .update(appliedChanges)
    .set({ rolledBackByProposalId: params.rollbackProposalId, rolledBackAt: new Date() })
    .where(and(eq(appliedChanges.id, params.appliedChangeId), isNull(appliedChanges.rolledBackByProposalId)));
}

/** The fields a change set wrote, in the order they were proposed: what the customer notice lists. */
export async function listWrittenChangesOfProposal(db: DbOrTx, proposalId: string) {
  return db
    .select({
      intent: proposedChanges.intent,
      field: appliedChanges.field,
      recordLabel: proposedChanges.recordLabel,
      value: appliedChanges.newValue,
    })
    .from(appliedChanges)
    .innerJoin(proposedChanges, eq(proposedChanges.id, appliedChanges.proposedChangeId))
    .where(eq(appliedChanges.proposalId, proposalId))
    .orderBy(proposedChanges.position);
}
