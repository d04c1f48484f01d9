import { and, desc, eq, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { messages } from "../schema";

export type Message = typeof messages.$inferSelect;
export type MessageStatus = Message["status"];

export async function getMessageById(db: DbOrTx, id: string): Promise<Message | undefined> {
  const [message] = await db.select().from(messages).where(eq(messages.id, id));
  return message;
}

export async function getMessageForUpdate(db: DbOrTx, id: string): Promise<Message | undefined> {
  const [message] = await db.select().from(messages).where(eq(messages.id, id)).for("update");
  return message;
}

export async function getMessageBySource(db: DbOrTx, channel: Message["channel"], sourceId: string) {
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.channel, channel), eq(messages.sourceId, sourceId)));
  return message;
}

/** Inserts unless `(channel, source_id)` exists; returns undefined when it did. */
export async function insertMessageIfNew(db: DbOrTx, values: typeof messages.$inferInsert) {
  const [message] = await db
    .insert(messages)
    .values(values)
    .onConflictDoNothing({ target: [messages.channel, messages.sourceId] })
    .returning();
  return message;
}

export async function updateMessage(db: DbOrTx, id: string, values: Partial<typeof messages.$inferInsert>) {
  const [message] = await db
    .update(messages)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(messages.id, id))
    .returning();
  return message;
}

export async function listMessages(
  db: DbOrTx,
  params: {
    status?: MessageStatus;
    contactId?: string;
    cursor?: { receivedAt: Date; id: string };
    limit: number;
  },
) {
  const conditions: SQL[] = [];
  if (params.status) conditions.push(eq(messages.status, params.status));
  if (params.contactId) conditions.push(eq(messages.contactId, params.contactId));
  if (params.cursor) {
    const cursorCondition = or(
      lt(messages.receivedAt, params.cursor.receivedAt),
      and(eq(messages.receivedAt, params.cursor.receivedAt), lt(messages.id, params.cursor.id)),
    );
    if (cursorCondition) conditions.push(cursorCondition);
  }
  return db
    .select()
    .from(messages)
    .where(conditions.length ? and(...conditions) : sql`true`)
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(params.limit);
}
