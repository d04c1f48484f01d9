import type { MessageStatus, OutboxStatus } from "@/contracts/statuses";
import type { DbOrTx } from "@/db/client";
import type { Message } from "@/db/queries/messages";
import { listThreadMessages } from "@/db/queries/messages";
import { listThreadNotices } from "@/db/queries/outbox";

/** A conversation lists at most this many messages and as many of our notices: the newest. */
export const threadEntryLimit = 100;

const snippetCharacters = 160;

/** The start of a text on one line, for a list. */
function snippetOf(text: string | null): string {
  const line = (text ?? "").replace(/\s+/g, " ").trim();
  return line.length > snippetCharacters ? `${line.slice(0, snippetCharacters - 1)}…` : line;
}

type ThreadEntryBase = {
  id: string;
  from: string;
  to: string | null;
  channel: string | null;
  at: Date;
  subject: string | null;
  snippet: string;
  /** where a person reads it in full: the message, or the proposal (or message) a notice answered */
  href: string;
  current: boolean;
};

export type ThreadEntry =
  | (ThreadEntryBase & {
      kind: "message";
      /** a customer's message, or a note by staff */
      direction: "inbound" | "note";
      status: MessageStatus;
    })
  | (ThreadEntryBase & {
      kind: "notice";
      direction: "outbound";
      status: OutboxStatus;
      /** held back: pending but not due (notices paused, or it waits for a person) */
      kept: boolean;
    });

/**
 * A message's conversation in time order: the messages that share its thread (a customer's emails
 * and replies, staff notes on the same ticket) and the notices and replies we sent to any of them.
 * Which messages share a thread is decided at ingest, from the same correspondent only
 * (server/channels/ingest.ts), so a reply naming another customer's Message-ID never shows here.
 */
export async function getMessageThread(
  db: DbOrTx,
  message: Pick<Message, "id" | "threadId">,
): Promise<{ entries: ThreadEntry[]; truncated: boolean }> {
  // a message written without a thread (by a test factory, say) is a conversation of its own
  const threadId = message.threadId ?? message.id;
  const [messages, notices] = await Promise.all([
    listThreadMessages(db, { threadId, messageId: message.id, limit: threadEntryLimit }),
    listThreadNotices(db, { threadId, limit: threadEntryLimit }),
  ]);
  const truncated = messages.length > threadEntryLimit || notices.length > threadEntryLimit;
  const entries: ThreadEntry[] = [
    ...messages.slice(0, threadEntryLimit).map((row): ThreadEntry => ({
      kind: "message",
      id: row.id,
      direction: row.authorKind === "agent" ? "note" : "inbound",
      from: row.authorKind === "agent" ? (row.authorName ?? "an agent") : row.sender,
      to: null,
      channel: row.channel,
      at: row.receivedAt,
      status: row.status,
      subject: row.subject,
      snippet: snippetOf(row.text),
      href: `/messages/${row.id}`,
      current: row.id === message.id,
    })),
    ...notices.slice(0, threadEntryLimit).map((row): ThreadEntry => ({
      kind: "notice",
      id: row.id,
      direction: "outbound",
      from: "Changedesk",
      to: row.recipient,
      channel: row.channel,
      at: row.sentAt ?? row.createdAt,
      status: row.status,
      kept: row.status === "pending" && row.nextAttemptAt === null,
      subject: row.subject,
      snippet: snippetOf(row.body),
      href: row.proposalId ? `/proposals/${row.proposalId}` : `/messages/${row.messageId ?? message.id}`,
      current: false,
    })),
  ];
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || a.kind.localeCompare(b.kind));
  return { entries, truncated };
}
