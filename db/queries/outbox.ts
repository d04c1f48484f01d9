import { and, desc, eq, inArray, isNotNull, like, lte, ne, sql } from "drizzle-orm";
import type { OutboxStatus } from "@/contracts/statuses";
import type { DbOrTx } from "../client";
import { messages, outbox, proposals } from "../schema";

/**
 * The outbox: work that leaves our database (customer notices, writes to external systems),
 * written in the transaction that asks for it and delivered after commit.
 */
export type OutboxItem = typeof outbox.$inferSelect;
export type OutboxKind = "notification" | "connector_write";

/** Inserts under the idempotency key; returns undefined when an item with this key exists. */
export async function insertOutboxItem(db: DbOrTx, values: typeof outbox.$inferInsert) {
  const [row] = await db
    .insert(outbox)
    .values(values)
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning();
  return row;
}

export async function getOutboxItemById(db: DbOrTx, id: string): Promise<OutboxItem | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

/** Locks the row: two workers delivering the same item serialise here, and the second sees it sent. */
export async function getOutboxItemForUpdate(db: DbOrTx, id: string): Promise<OutboxItem | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id)).for("update");
  return row;
}

export async function getOutboxItemByKey(
  db: DbOrTx,
  idempotencyKey: string,
): Promise<OutboxItem | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.idempotencyKey, idempotencyKey));
  return row;
}

export async function updateOutboxItem(db: DbOrTx, id: string, set: Partial<typeof outbox.$inferInsert>) {
  const [row] = await db.update(outbox).set(set).where(eq(outbox.id, id)).returning();
  return row;
}

export async function listOutboxItemsOfProposal(db: DbOrTx, proposalId: string): Promise<OutboxItem[]> {
  return db.select().from(outbox).where(eq(outbox.proposalId, proposalId)).orderBy(outbox.createdAt);
}

/**
 * Pending items that are due, locked; rows another sweep holds are skipped, so two workers
 * sweeping at once share the work instead of waiting on each other.
 */
export async function listDueOutboxItemsForUpdate(db: DbOrTx, params: { limit: number }) {
  return db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        isNotNull(outbox.nextAttemptAt),
        lte(outbox.nextAttemptAt, sql`now()`),
      ),
    )
    .orderBy(outbox.nextAttemptAt)
    .limit(params.limit)
    .for("update", { skipLocked: true });
}

/** Newest first, with the proposal each item belongs to. */
export async function listOutboxItemsWithProposal(
  db: DbOrTx,
  params: { kind?: OutboxKind; status?: OutboxStatus; limit: number },
) {
  const filters = [
    params.kind ? eq(outbox.kind, params.kind) : undefined,
    params.status ? eq(outbox.status, params.status) : undefined,
  ].filter((f) => f !== undefined);
  return db
    .select({ item: outbox, proposalSummary: proposals.summary, proposalStatus: proposals.status })
    .from(outbox)
    .leftJoin(proposals, eq(proposals.id, outbox.proposalId))
    .where(filters.length ? and(...filters) : undefined)
    .orderBy(desc(outbox.createdAt))
    .limit(params.limit);
}

export async function countOutboxByStatus(db: DbOrTx) {
  return db
    .select({ kind: outbox.kind, status: outbox.status, count: sql<number>`count(*)::int` })
    .from(outbox)
    .groupBy(outbox.kind, outbox.status);
}

/** Writes to external systems per store and status: the admin's Connectors page. */
export async function countConnectorWritesByStore(db: DbOrTx) {
  return db
    .select({ store: outbox.store, status: outbox.status, count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.kind, "connector_write"))
    .groupBy(outbox.store, outbox.status);
}

/** Writes still on their way to a store's external system. */
export async function countPendingConnectorWrites(db: DbOrTx, store: string): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(eq(outbox.kind, "connector_write"), eq(outbox.store, store), eq(outbox.status, "pending")));
  return row?.count ?? 0;
}

/**
 * The threads of the messages our notices with these `Message-ID`s answered, with whom each notice
 * went to: the caller decides which a reply may join (server/channels/ingest.ts).
 */
export async function listNoticeThreadsByEmailMessageIds(db: DbOrTx, emailMessageIds: string[]) {
  if (emailMessageIds.length === 0) return [];
  return db
    .select({ threadId: messages.threadId, recipient: outbox.recipient })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .where(inArray(outbox.emailMessageId, emailMessageIds))
    .orderBy(outbox.createdAt)
    .limit(100);
}

/** Our notices and replies to the messages of a conversation, oldest first, without their full body. */
export async function listThreadNotices(db: DbOrTx, params: { threadId: string; limit: number }) {
  return db
    .select({
      id: outbox.id,
      status: outbox.status,
      channel: outbox.channel,
      recipient: outbox.recipient,
      subject: sql<string | null>`${outbox.payload}->>'subject'`,
      body: sql<string | null>`left(${outbox.payload}->>'body', 400)`,
      lastError: outbox.lastError,
      nextAttemptAt: outbox.nextAttemptAt,
      proposalId: outbox.proposalId,
      messageId: outbox.messageId,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
    })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .where(and(eq(messages.threadId, params.threadId), eq(outbox.kind, "notification")))
    .orderBy(desc(outbox.createdAt))
    .limit(params.limit + 1);
}

/**
 * The newest notice of a kind (by idempotency key prefix) sent in a thread before a moment, with
 * the message it answered: a customer's reply in the thread is read against the question it asked.
 */
export async function findLatestThreadNotice(
  db: DbOrTx,
  params: { threadId: string; keyPrefix: string; before: Date; excludeMessageId: string },
) {
  const [row] = await db
    .select({
      noticeId: outbox.id,
      noticeCreatedAt: outbox.createdAt,
      messageId: messages.id,
      contactId: messages.contactId,
      pendingRequests: messages.pendingRequests,
    })
    .from(outbox)
    .innerJoin(messages, eq(messages.id, outbox.messageId))
    .where(
      and(
        eq(messages.threadId, params.threadId),
        ne(messages.id, params.excludeMessageId),
        like(outbox.idempotencyKey, `${params.keyPrefix.replace(/[%_\\]/g, "\\$&")}%`),
        lte(outbox.createdAt, params.before),
      ),
    )
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  return row;
}
