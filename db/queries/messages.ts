import { and, desc, eq, getTableColumns, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { extractions, messages } from "../schema";

export type Message = typeof messages.$inferSelect;
export type MessageStatus = Message["status"];

/**
 * A message as the console lists and shows it: every column but `raw`. The payload as delivered is
 * the sender's, keys and all, and superjson (tRPC's transformer) refuses to send an object with a
 * `__proto__`, `constructor` or `prototype` key: one such message would break every page that
 * lists it. The message page shows the payload as text instead (server/messages/detail.ts).
 */
const { raw: _raw, ...consoleMessageColumns } = getTableColumns(messages);
export type ConsoleMessage = Omit<Message, "raw">;

export async function getMessageById(db: DbOrTx, id: string): Promise<Message | undefined> {
  const [message] = await db.select().from(messages).where(eq(messages.id, id));
  return message;
}

export async function getConsoleMessageById(db: DbOrTx, id: string): Promise<ConsoleMessage | undefined> {
  const [message] = await db.select(consoleMessageColumns).from(messages).where(eq(messages.id, id));
  return message;
}

export async function getMessageForUpdate(db: DbOrTx, id: string): Promise<Message | undefined> {
  const [message] = await db.select().from(messages).where(eq(messages.id, id)).for("update");
  return message;
}

export async function getMessageBySource(
  db: DbOrTx,
  params: { channel: Message["channel"]; sourceId: string },
) {
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.channel, params.channel), eq(messages.sourceId, params.sourceId)));
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
    .select(consoleMessageColumns)
    .from(messages)
    .where(conditions.length ? and(...conditions) : sql`true`)
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(params.limit);
}

/** How many messages are in each of these statuses, in the order asked (zero for a status with none). */
export async function countMessagesByStatus(
  db: DbOrTx,
  params: { statuses: readonly MessageStatus[] },
): Promise<{ status: MessageStatus; count: number }[]> {
  if (params.statuses.length === 0) return [];
  const rows = await db
    .select({ status: messages.status, count: sql<number>`count(*)::int` })
    .from(messages)
    .where(inArray(messages.status, [...params.statuses]))
    .groupBy(messages.status);
  return params.statuses.map((status) => ({
    status,
    count: rows.find((row) => row.status === status)?.count ?? 0,
  }));
}

/** The extractor output the pipeline acted on (not a shadow run). */
export async function getPrimaryExtractionOfMessage(db: DbOrTx, messageId: string) {
  const [row] = await db
    .select()
    .from(extractions)
    .where(and(eq(extractions.messageId, messageId), eq(extractions.isPrimary, true)))
    .orderBy(desc(extractions.createdAt))
    .limit(1);
  return row;
}

/** How much of each message's text a thread lists: enough for a snippet, never a whole mailbox. */
const threadSnippetCharacters = 400;

/**
 * The newest messages of a conversation (the ones whose thread is `threadId`, and `messageId`
 * itself), without their full text: `limit + 1` rows tell the caller there are more.
 */
export async function listThreadMessages(
  db: DbOrTx,
  params: { threadId: string; messageId: string; limit: number },
) {
  return db
    .select({
      id: messages.id,
      channel: messages.channel,
      sender: messages.sender,
      subject: messages.subject,
      text: sql<string>`left(${messages.text}, ${threadSnippetCharacters})`,
      status: messages.status,
      receivedAt: messages.receivedAt,
      authorKind: messages.authorKind,
      authorName: messages.authorName,
      senderVerification: messages.senderVerification,
    })
    .from(messages)
    .where(or(eq(messages.threadId, params.threadId), eq(messages.id, params.messageId)))
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(params.limit + 1);
}
