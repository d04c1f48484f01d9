import { and, asc, desc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { openProposalStatuses, type ProposalStatus } from "@/contracts/statuses";
import type { DbOrTx } from "../client";
import { decisions, messages, proposals, proposedChanges, users } from "../schema";

export type Proposal = typeof proposals.$inferSelect;
export type ProposedChange = typeof proposedChanges.$inferSelect;

export async function getProposalById(db: DbOrTx, id: string): Promise<Proposal | undefined> {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, id));
  return proposal;
}

export async function getProposalForUpdate(db: DbOrTx, id: string): Promise<Proposal | undefined> {
  const [proposal] = await db.select().from(proposals).where(eq(proposals.id, id)).for("update");
  return proposal;
}

export async function getProposalOfMessage(db: DbOrTx, messageId: string): Promise<Proposal | undefined> {
  const [proposal] = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.messageId, messageId), eq(proposals.kind, "change")));
  return proposal;
}

export async function listChangesOfProposal(db: DbOrTx, proposalId: string): Promise<ProposedChange[]> {
  return db
    .select()
    .from(proposedChanges)
    .where(eq(proposedChanges.proposalId, proposalId))
    .orderBy(asc(proposedChanges.position));
}

export async function insertProposal(db: DbOrTx, values: typeof proposals.$inferInsert): Promise<Proposal> {
  const [proposal] = await db.insert(proposals).values(values).returning();
  if (!proposal) throw new Error("insert into proposals returned nothing");
  return proposal;
}

export async function insertProposedChanges(db: DbOrTx, values: (typeof proposedChanges.$inferInsert)[]) {
  if (values.length === 0) return [];
  return db.insert(proposedChanges).values(values).returning();
}

/**
 * Columns a caller may write directly: the status moves only through the state machine, and the
 * approval round only with a move (transitionProposal's startApprovalRound).
 */
export type ProposalPatch = Omit<
  Partial<typeof proposals.$inferInsert>,
  "id" | "status" | "version" | "approvalRound"
>;

/**
 * The compare-and-set under server/proposals/state-machine.ts, its only caller (the architecture
 * check keeps it so): moves the proposal only if it is in one of `fromStatuses` and still at
 * `expectedVersion`. Bumps the version (and the approval round when asked). Returns undefined
 * when someone else got there first.
 */
export async function compareAndSetProposal(
  db: DbOrTx,
  params: {
    id: string;
    expectedVersion: number;
    fromStatuses: readonly ProposalStatus[];
    set: ProposalPatch & { status?: ProposalStatus };
    startApprovalRound: boolean;
  },
): Promise<Proposal | undefined> {
  const [proposal] = await db
    .update(proposals)
    .set({
      ...params.set,
      version: sql`${proposals.version} + 1`,
      ...(params.startApprovalRound ? { approvalRound: sql`${proposals.approvalRound} + 1` } : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(proposals.id, params.id),
        eq(proposals.version, params.expectedVersion),
        inArray(proposals.status, [...params.fromStatuses]),
      ),
    )
    .returning();
  return proposal;
}

/** Writes columns other than the status (conflict details, rollback links). Bumps the version. */
export async function updateProposal(db: DbOrTx, id: string, set: ProposalPatch) {
  const [proposal] = await db
    .update(proposals)
    .set({ ...set, version: sql`${proposals.version} + 1`, updatedAt: new Date() })
    .where(eq(proposals.id, id))
    .returning();
  return proposal;
}

export async function updateProposedChange(
  db: DbOrTx,
  id: string,
  set: Partial<typeof proposedChanges.$inferInsert>,
) {
  await db.update(proposedChanges).set(set).where(eq(proposedChanges.id, id));
}

export async function insertDecision(db: DbOrTx, values: typeof decisions.$inferInsert) {
  const [decision] = await db.insert(decisions).values(values).returning();
  return decision;
}

export async function listDecisionsOfProposal(db: DbOrTx, proposalId: string) {
  return db
    .select({
      id: decisions.id,
      kind: decisions.kind,
      reason: decisions.reason,
      userId: decisions.userId,
      userName: users.name,
      proposalVersion: decisions.proposalVersion,
      data: decisions.data,
      createdAt: decisions.createdAt,
    })
    .from(decisions)
    .leftJoin(users, eq(users.id, decisions.userId))
    .where(eq(decisions.proposalId, proposalId))
    .orderBy(asc(decisions.createdAt));
}

/**
 * Every approval of a proposal, oldest first, with the approver's name and sign-in identity: the
 * two-person rule decides from these which still count (server/proposals/approvals.ts).
 */
export async function listApprovalsOfProposal(db: DbOrTx, proposalId: string) {
  return (
    db
      .select({
        id: decisions.id,
        kind: decisions.kind,
        userId: decisions.userId,
        userName: users.name,
        ssoSubject: users.ssoSubject,
        approvalRound: decisions.approvalRound,
        changeDigest: decisions.changeDigest,
        data: decisions.data,
        createdAt: decisions.createdAt,
      })
      .from(decisions)
      .leftJoin(users, eq(users.id, decisions.userId))
      .where(and(eq(decisions.proposalId, proposalId), inArray(decisions.kind, ["approve", "edit_approve"])))
      // every approval moves the version on, so the version it was given at orders them strictly
      // (created_at is its transaction's start, which two overlapping approvals may not keep in order)
      .orderBy(asc(decisions.proposalVersion), asc(decisions.createdAt))
  );
}
export type ApprovalRow = Awaited<ReturnType<typeof listApprovalsOfProposal>>[number];

export async function countRecentAutoApplies(db: DbOrTx, contactId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(proposals)
    .where(
      and(
        eq(proposals.contactId, contactId),
        eq(proposals.route, "auto_apply"),
        gte(proposals.createdAt, since),
      ),
    );
  return row?.count ?? 0;
}

/** Open changes of other proposals on the same record field: a newer proposal supersedes them. */
export async function listOpenChangesOnField(
  db: DbOrTx,
  params: { recordId: string; field: string; exceptProposalId: string },
) {
  return db
    .select({ change: proposedChanges, proposal: proposals })
    .from(proposedChanges)
    .innerJoin(proposals, eq(proposals.id, proposedChanges.proposalId))
    .where(
      and(
        eq(proposedChanges.recordId, params.recordId),
        eq(proposedChanges.field, params.field),
        inArray(proposedChanges.status, ["pending", "conflict"]),
        inArray(proposals.status, [...openProposalStatuses]),
        // an open rollback is a person's decision in progress, not an older guess: never superseded
        eq(proposals.kind, "change"),
        ne(proposals.id, params.exceptProposalId),
      ),
    );
}

/**
 * The change sets the pipeline proposed since a date (the newest `limit`), one row per change,
 * with what routing read and what people later did: the input of a policy simulation.
 */
export async function listRoutedChanges(db: DbOrTx, params: { since: Date; limit: number }) {
  const recent = db
    .select({ id: proposals.id })
    .from(proposals)
    .where(and(eq(proposals.kind, "change"), gte(proposals.createdAt, params.since)))
    .orderBy(desc(proposals.createdAt))
    .limit(params.limit);
  return db
    .select({
      proposalId: proposals.id,
      contactId: proposals.contactId,
      createdAt: proposals.createdAt,
      summary: proposals.summary,
      status: proposals.status,
      rolledBack: sql<boolean>`${proposals.rolledBackByProposalId} is not null`,
      resolutionConfidence: messages.resolutionConfidence,
      senderVerification: messages.senderVerification,
      intent: proposedChanges.intent,
      field: proposedChanges.field,
      confidence: proposedChanges.confidence,
      routeRule: proposedChanges.routeRule,
      changeStatus: proposedChanges.status,
      edited: sql<boolean>`${proposedChanges.editedValue} is not null`,
      decidedByPerson: sql<boolean>`${proposedChanges.decidedBy} is not null`,
    })
    .from(proposedChanges)
    .innerJoin(proposals, eq(proposals.id, proposedChanges.proposalId))
    .leftJoin(messages, eq(messages.id, proposals.messageId))
    .where(inArray(proposals.id, recent))
    .orderBy(asc(proposals.createdAt), asc(proposals.id), asc(proposedChanges.position));
}
