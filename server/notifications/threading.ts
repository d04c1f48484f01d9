import { noticeEmailMessageId } from "@/jobs/outbox-delivery";

/** The headers that make a notice a reply in the customer's thread (RFC 5322 §3.6.4). */
export type NoticeThread = { messageId: string; inReplyTo?: string; references?: string[] };

/** A longer References list keeps its first id (the thread's root) and the newest ones. */
const maxReferences = 20;

/** An id as mail systems write it (`left@right`); a chat conversation key or a ticket key is none. */
function isEmailMessageId(id: string | null | undefined): id is string {
  return typeof id === "string" && /^[^\s<>@]+@[^\s<>@]+$/.test(id);
}

/**
 * Threading for a notice: its own Message-ID (stored on the outbox row when it was queued; derived
 * from the key for a row written before), and, when the customer's message it answers has an
 * email Message-ID, `In-Reply-To` that id and `References` its references followed by it.
 */
export function noticeThread(
  item: { idempotencyKey: string; emailMessageId: string | null },
  answered: { messageIdHeader: string | null; references: string[] | null } | undefined,
): NoticeThread {
  const messageId = item.emailMessageId ?? noticeEmailMessageId(item.idempotencyKey);
  if (!answered || !isEmailMessageId(answered.messageIdHeader)) return { messageId };
  const chain = [
    ...new Set([...(answered.references ?? []).filter(isEmailMessageId), answered.messageIdHeader]),
  ];
  const references =
    chain.length > maxReferences ? [...chain.slice(0, 1), ...chain.slice(-(maxReferences - 1))] : chain;
  return { messageId, inReplyTo: answered.messageIdHeader, references };
}
