import { asc, eq, like } from "drizzle-orm";
import type { Db } from "@/db/client";
import { getImapMailbox, insertImapMailbox, type ImapMailbox } from "@/db/queries/imap-mailboxes";
import { imapMailboxes, messages } from "@/db/schema";
import type { Dovecot } from "@/testing/dovecot";

/** The test Dovecot's INBOX as a mailbox is configured: flagging what it stores. */
export function supportInbox(dovecot: Dovecot) {
  return {
    name: "Support inbox",
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    username: dovecot.user,
    password: dovecot.password,
    mailbox: "INBOX",
    processedAction: "flag" as const,
  };
}

/** A mailbox row pointing at the test Dovecot's INBOX, flagging what it stores. */
export async function createTestMailbox(
  db: Db,
  dovecot: Dovecot,
  overrides: Partial<typeof imapMailboxes.$inferInsert> = {},
): Promise<ImapMailbox> {
  return insertImapMailbox(db, { ...supportInbox(dovecot), ...overrides });
}

export async function readMailbox(db: Db, id: string): Promise<ImapMailbox> {
  const row = await getImapMailbox(db, id);
  if (!row) throw new Error(`mailbox ${id} is gone`);
  return row;
}

/** The messages stored from a mailbox, oldest source id first. */
export async function messagesFrom(db: Db, mailboxId: string) {
  return db
    .select()
    .from(messages)
    .where(like(messages.sourceId, `imap:${mailboxId}:%`))
    .orderBy(asc(messages.createdAt), asc(messages.sourceId));
}

export async function allEmailMessages(db: Db) {
  return db.select().from(messages).where(eq(messages.channel, "email"));
}

/** Empties the test account: every folder but INBOX deleted, INBOX expunged. */
export async function emptyAccount(dovecot: Dovecot): Promise<void> {
  const client = await dovecot.connect();
  try {
    for (const folder of await client.list()) {
      if (folder.path.toUpperCase() !== "INBOX") await client.mailboxDelete(folder.path);
    }
    const inbox = await client.mailboxOpen("INBOX");
    if (inbox.exists > 0) await client.messageDelete("1:*");
  } finally {
    await client.logout();
  }
}
