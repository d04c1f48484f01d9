import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { outbox } from "@/db/schema";

/**
 * Outbox data access. (These would sit in db/queries/outbox.ts; they live beside the delivery code
 * while that folder belongs to another change.)
 */
export type OutboxItem = typeof outbox.$inferSelect;

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
