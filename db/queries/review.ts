import { and, desc, eq, inArray, ne, or, sql, type SQL } from "drizzle-orm";
import { escalatableProposalStatuses } from "@/contracts/statuses";
import type { DbOrTx } from "../client";
import { appliedChanges, messages, openStatusPredicate, proposals, savedViews, users } from "../schema";

export type SavedView = typeof savedViews.$inferSelect;

/** A Date as a SQL timestamptz: postgres.js does not serialize dates inside raw sql fragments. */
function timestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

/**
 * Takes or renews the claim unless someone else holds a live one: compare-and-set on the claim
 * columns. Claims do not bump the proposal's version: a lease is not a decision, and a reviewer's
 * open page must not go stale because they opened it.
 */
export async function acquireClaim(
  db: DbOrTx,
  params: { proposalId: string; userId: string; now: Date; expiresAt: Date },
) {
  const [row] = await db
    .update(proposals)
    .set({ claimedBy: params.userId, claimExpiresAt: params.expiresAt })
    .where(
      and(
        eq(proposals.id, params.proposalId),
        openStatusPredicate(proposals.status),
        sql`(${proposals.claimedBy} is null or ${proposals.claimedBy} = ${params.userId} or ${proposals.claimExpiresAt} <= ${timestamp(params.now)})`,
      ),
    )
    .returning({
      id: proposals.id,
      claimedBy: proposals.claimedBy,
      claimExpiresAt: proposals.claimExpiresAt,
    });
  return row;
}

/**
 * No one holds the item. Every status move of a proposal ends its claim (the state machine sets
 * this), and so does letting go of it.
 */
export const releasedClaim = { claimedBy: null, claimExpiresAt: null } as const;

export async function releaseClaim(db: DbOrTx, params: { proposalId: string; userId: string }) {
  const [row] = await db
    .update(proposals)
    .set({ ...releasedClaim })
    .where(and(eq(proposals.id, params.proposalId), eq(proposals.claimedBy, params.userId)))
    .returning({ id: proposals.id });
  return row;
}

export async function listSavedViews(db: DbOrTx, userId: string): Promise<SavedView[]> {
  return db.select().from(savedViews).where(eq(savedViews.userId, userId)).orderBy(savedViews.name);
}

/** Saving under an existing name replaces that view's filters. */
export async function upsertSavedView(
  db: DbOrTx,
  values: { userId: string; name: string; filters: Record<string, string> },
) {
  const [view] = await db
    .insert(savedViews)
    .values(values)
    .onConflictDoUpdate({ target: [savedViews.userId, savedViews.name], set: { filters: values.filters } })
    .returning();
  return view;
}

export async function deleteSavedView(db: DbOrTx, params: { id: string; userId: string }) {
  const [view] = await db
    .delete(savedViews)
    .where(and(eq(savedViews.id, params.id), eq(savedViews.userId, params.userId)))
    .returning({ id: savedViews.id });
  return view;
}

/** Open items past their SLA that nobody has escalated yet, oldest due first. */
export async function listOverdueProposals(db: DbOrTx, params: { now: Date; limit: number }) {
  return db
    .select({
      id: proposals.id,
      version: proposals.version,
      status: proposals.status,
      slaDueAt: proposals.slaDueAt,
    })
    .from(proposals)
    .where(
      and(
        inArray(proposals.status, [...escalatableProposalStatuses]),
        sql`${proposals.slaDueAt} < ${timestamp(params.now)}`,
      ),
    )
    .orderBy(sql`coalesce(${proposals.slaDueAt}, 'infinity'::timestamptz)`, proposals.id)
    .limit(params.limit);
}

/** The customer's earlier messages, newest first. */
export async function listRecentMessagesOfContact(
  db: DbOrTx,
  params: { contactId: string; exceptId?: string | null; limit: number },
) {
  return db
    .select({
      id: messages.id,
      channel: messages.channel,
      subject: messages.subject,
      receivedAt: messages.receivedAt,
      status: messages.status,
    })
    .from(messages)
    .where(
      and(
        eq(messages.contactId, params.contactId),
        params.exceptId ? ne(messages.id, params.exceptId) : undefined,
      ),
    )
    .orderBy(desc(messages.receivedAt))
    .limit(params.limit);
}

/** Changes written to the customer's records (by any proposal, rollbacks included), newest first. */
export async function listAppliedChangesOfContact(db: DbOrTx, params: { contactId: string; limit: number }) {
  return db
    .select({
      id: appliedChanges.id,
      proposalId: appliedChanges.proposalId,
      kind: proposals.kind,
      field: appliedChanges.field,
      oldValue: appliedChanges.oldValue,
      newValue: appliedChanges.newValue,
      appliedAt: appliedChanges.appliedAt,
      rolledBackAt: appliedChanges.rolledBackAt,
    })
    .from(appliedChanges)
    .innerJoin(proposals, eq(proposals.id, appliedChanges.proposalId))
    .where(eq(proposals.contactId, params.contactId))
    .orderBy(desc(appliedChanges.appliedAt))
    .limit(params.limit);
}

/** Other proposals of the same customer a person can still decide. */
export async function listOtherOpenProposalsOfContact(
  db: DbOrTx,
  params: { contactId: string; exceptId: string; limit: number },
) {
  return db
    .select({
      id: proposals.id,
      summary: proposals.summary,
      status: proposals.status,
      createdAt: proposals.createdAt,
    })
    .from(proposals)
    .where(
      and(
        eq(proposals.contactId, params.contactId),
        ne(proposals.id, params.exceptId),
        openStatusPredicate(proposals.status),
      ),
    )
    .orderBy(desc(proposals.createdAt))
    .limit(params.limit);
}

/** People who may be assigned review work. */
export async function listAssignableUsers(db: DbOrTx) {
  return db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .where(
      and(
        sql`${users.disabledAt} is null`,
        or(eq(users.role, "admin"), eq(users.role, "lead"), eq(users.role, "reviewer")),
      ),
    )
    .orderBy(users.name);
}

export async function listProposalSummaries(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: proposals.id, summary: proposals.summary })
    .from(proposals)
    .where(inArray(proposals.id, ids));
}
