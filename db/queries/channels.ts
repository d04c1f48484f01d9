import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { channelSettings, contactIdentities, messageAttachments, messages, messageSources } from "../schema";

export type ChannelSettings = typeof channelSettings.$inferSelect;
export type MessageAttachment = typeof messageAttachments.$inferSelect;

export async function getChannelSettings(db: DbOrTx, channel: string): Promise<ChannelSettings | undefined> {
  const [row] = await db.select().from(channelSettings).where(eq(channelSettings.channel, channel));
  return row;
}

/** The row locked for the rest of the transaction, so a change and its audited "from" agree. */
export async function getChannelSettingsForUpdate(
  db: DbOrTx,
  channel: string,
): Promise<ChannelSettings | undefined> {
  const [row] = await db
    .select()
    .from(channelSettings)
    .where(eq(channelSettings.channel, channel))
    .for("update");
  return row;
}

export async function upsertChannelSettings(db: DbOrTx, values: typeof channelSettings.$inferInsert) {
  const [row] = await db
    .insert(channelSettings)
    .values(values)
    .onConflictDoUpdate({
      target: channelSettings.channel,
      set: {
        settings: values.settings,
        ...(values.secret !== undefined ? { secret: values.secret } : {}),
        updatedBy: values.updatedBy,
        updatedAt: new Date(),
      },
    })
    .returning();
  return row;
}

export async function insertMessageSource(db: DbOrTx, values: typeof messageSources.$inferInsert) {
  await db.insert(messageSources).values(values).onConflictDoNothing();
}

export async function getMessageSource(db: DbOrTx, messageId: string) {
  const [row] = await db.select().from(messageSources).where(eq(messageSources.messageId, messageId));
  return row;
}

export async function insertMessageAttachments(
  db: DbOrTx,
  values: (typeof messageAttachments.$inferInsert)[],
) {
  if (values.length === 0) return;
  await db.insert(messageAttachments).values(values);
}

/** The attachments of a message, without their content (that is fetched one at a time). */
export async function listAttachmentsOfMessage(db: DbOrTx, messageId: string) {
  return db
    .select({
      id: messageAttachments.id,
      filename: messageAttachments.filename,
      contentType: messageAttachments.contentType,
      sizeBytes: messageAttachments.sizeBytes,
      sha256: messageAttachments.sha256,
      omittedReason: messageAttachments.omittedReason,
      kept: sql<boolean>`${messageAttachments.content} is not null`,
    })
    .from(messageAttachments)
    .where(eq(messageAttachments.messageId, messageId))
    .orderBy(asc(messageAttachments.createdAt), asc(messageAttachments.filename));
}

/** One attachment of one message, with its content (null when it was too large to keep). */
export async function getMessageAttachment(db: DbOrTx, params: { messageId: string; attachmentId: string }) {
  const [row] = await db
    .select()
    .from(messageAttachments)
    .where(
      and(eq(messageAttachments.id, params.attachmentId), eq(messageAttachments.messageId, params.messageId)),
    );
  return row;
}

/** How large a message's kept source is, without reading it. */
export async function getMessageSourceSize(db: DbOrTx, messageId: string) {
  const [row] = await db
    .select({
      contentType: messageSources.contentType,
      sizeBytes: sql<number>`octet_length(${messageSources.body})::int`,
    })
    .from(messageSources)
    .where(eq(messageSources.messageId, messageId));
  return row;
}

/** The first `limit` bytes of a message's source, for a person to read; and its whole size. */
export async function getMessageSourceStart(db: DbOrTx, params: { messageId: string; limit: number }) {
  const [row] = await db
    .select({
      start: sql<Buffer>`substring(${messageSources.body} from 1 for ${params.limit})`,
      sizeBytes: sql<number>`octet_length(${messageSources.body})::int`,
    })
    .from(messageSources)
    .where(eq(messageSources.messageId, params.messageId));
  return row;
}

/**
 * The messages carrying one of these `Message-ID`s, earliest first, with their thread and sender:
 * the caller decides which of them a reply may join (server/channels/ingest.ts).
 */
export async function listThreadsByMessageIds(db: DbOrTx, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .select({ threadId: messages.threadId, sender: messages.sender })
    .from(messages)
    .where(inArray(messages.messageIdHeader, messageIds))
    .orderBy(asc(messages.receivedAt))
    .limit(100);
}

export async function listContactsByIdentity(db: DbOrTx, params: { kind: string; value: string }) {
  return db
    .select({ contactId: contactIdentities.contactId })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.kind, params.kind), eq(contactIdentities.value, params.value)));
}
