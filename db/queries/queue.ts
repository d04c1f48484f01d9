import { and, asc, eq, gt, inArray, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { contacts, messages, proposals, users } from "../schema";
import { openProposalStatuses, type ProposalStatus } from "./proposals";

export type QueueCursor = { createdAt: Date; id: string };

/** The review queue: open proposals, oldest first, keyset-paginated on (created_at, id). */
export async function listQueueItems(
  db: DbOrTx,
  params: { statuses?: ProposalStatus[]; cursor?: QueueCursor; limit: number },
) {
  const conditions: SQL[] = [inArray(proposals.status, params.statuses ?? [...openProposalStatuses])];
  if (params.cursor) {
    const after = or(
      gt(proposals.createdAt, params.cursor.createdAt),
      and(eq(proposals.createdAt, params.cursor.createdAt), gt(proposals.id, params.cursor.id)),
    );
    if (after) conditions.push(after);
  }
  return db
    .select({
      id: proposals.id,
      kind: proposals.kind,
      status: proposals.status,
      version: proposals.version,
      intents: proposals.intents,
      summary: proposals.summary,
      confidence: proposals.confidence,
      routeRule: proposals.routeRule,
      requiredApprovals: proposals.requiredApprovals,
      slaDueAt: proposals.slaDueAt,
      createdAt: proposals.createdAt,
      claimedByName: users.name,
      claimExpiresAt: proposals.claimExpiresAt,
      contactId: contacts.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      channel: messages.channel,
      subject: messages.subject,
      changeCount: sql<number>`(select count(*)::int from proposed_changes pc where pc.proposal_id = ${proposals.id})`,
    })
    .from(proposals)
    .leftJoin(contacts, eq(contacts.id, proposals.contactId))
    .leftJoin(messages, eq(messages.id, proposals.messageId))
    .leftJoin(users, eq(users.id, proposals.claimedBy))
    .where(and(...conditions))
    .orderBy(asc(proposals.createdAt), asc(proposals.id))
    .limit(params.limit);
}

export async function countOpenProposals(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(proposals)
    .where(inArray(proposals.status, [...openProposalStatuses]));
  return row?.count ?? 0;
}
