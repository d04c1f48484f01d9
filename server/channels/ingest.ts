import { createHash, randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Db, Tx } from "@/db/client";
import {
  insertMessageAttachments,
  insertMessageSource,
  listThreadsByMessageIds,
} from "@/db/queries/channels";
import { getMessageBySource, insertMessageIfNew, type Message } from "@/db/queries/messages";
import { listNoticeThreadsByEmailMessageIds } from "@/db/queries/outbox";
import { enqueue } from "@/jobs/enqueue";
import { appendAuditEvents, type Actor } from "../audit/append";
import { senderAddress } from "../customers/resolve";
import { AppError } from "../errors";
import type { MessageInput } from "@/contracts/message-input";
import { sanitizeInboundHtml } from "./sanitize-html";

/** An attachment as a channel received it; content over the limit is recorded but not kept. */
export type InboundAttachment = { filename: string; contentType: string; content: Buffer };

export type IngestParams = {
  input: MessageInput;
  /** the payload as the channel delivered it (JSON); an email keeps its bytes in `source` */
  raw: unknown;
  actor: Actor;
  /** the source verbatim, kept apart from the message row */
  source?: { contentType: string; body: Buffer };
  attachments?: InboundAttachment[];
  /** the channel could not read the message: it is kept, marked failed with this error */
  failure?: string;
  /** the person who uploaded it in the console: they may not approve its changes themselves */
  uploadedBy?: string;
};

/**
 * Threading for channels that name a conversation instead of a message (a chat conversation, a
 * helpdesk ticket): every message carries the conversation's key, so each joins the thread its
 * first message started.
 */
export function conversationThread(key: string) {
  return { messageId: key, inReplyTo: key };
}

const attachmentLimitBytes = 10 * 1024 * 1024;

/**
 * The thread a message belongs to: the one of a message (or a notice of ours) it answers, from the
 * same correspondent. `In-Reply-To` and `References` are the sender's words, and anyone can name
 * any Message-ID: a reply from another address starts its own thread instead of joining (and
 * showing a reviewer) another customer's conversation.
 */
async function resolveThread(tx: Tx, input: MessageInput): Promise<string | null> {
  const answered = [input.thread?.inReplyTo, ...(input.thread?.references ?? []).toReversed()].filter(
    (id): id is string => Boolean(id),
  );
  if (answered.length === 0) return null;
  const correspondent = senderAddress(input.sender);
  const same = (other: string | null) => other !== null && senderAddress(other) === correspondent;
  const message = (await listThreadsByMessageIds(tx, answered)).find(
    (candidate) => candidate.threadId && same(candidate.sender),
  );
  if (message?.threadId) return message.threadId;
  const notice = (await listNoticeThreadsByEmailMessageIds(tx, answered)).find(
    (candidate) => candidate.threadId && same(candidate.recipient),
  );
  return notice?.threadId ?? null;
}

/**
 * Stores a message once per (channel, source id) and queues its processing in the same
 * transaction. A re-delivery returns the stored message and creates nothing. HTML is sanitized
 * here, whatever the channel; the source and attachments are kept with the message.
 */
export async function ingestMessage(
  deps: { db: Db; boss: PgBoss },
  params: IngestParams,
): Promise<{ message: Message; created: boolean }> {
  const { input, raw, actor } = params;
  return deps.db.transaction(async (tx) => {
    // a message that starts a conversation is its thread
    const id = randomUUID();
    const threadId = (await resolveThread(tx, input)) ?? id;
    const message = await insertMessageIfNew(tx, {
      id,
      channel: input.channel,
      sourceId: input.sourceId,
      sender: input.sender,
      subject: input.subject ?? null,
      text: input.text,
      html: input.html ? sanitizeInboundHtml(input.html) : null,
      receivedAt: input.receivedAt ?? new Date(),
      raw: raw ?? input,
      senderVerification: input.senderVerification,
      senderVerificationReason: input.senderVerificationReason,
      authorKind: input.author?.kind ?? "customer",
      authorUserId: input.author?.userId ?? null,
      authorName: input.author?.name ?? null,
      authorEmail: input.author?.email?.toLowerCase() ?? null,
      uploadedBy: params.uploadedBy ?? null,
      threadId,
      messageIdHeader: input.thread?.messageId ?? null,
      inReplyTo: input.thread?.inReplyTo ?? null,
      references: input.thread?.references ?? null,
      ticketNumber: input.ticketNumber ?? null,
      ...(params.failure ? { status: "failed" as const, error: params.failure } : {}),
    });
    if (!message) {
      const existing = await getMessageBySource(tx, { channel: input.channel, sourceId: input.sourceId });
      if (!existing) throw new AppError("CONFLICT", "The message was stored concurrently; send it again.");
      return { message: existing, created: false };
    }
    if (params.source) {
      await insertMessageSource(tx, { messageId: message.id, ...params.source });
    }
    await insertMessageAttachments(
      tx,
      (params.attachments ?? []).map((attachment) => {
        const kept = attachment.content.length <= attachmentLimitBytes;
        return {
          messageId: message.id,
          filename: attachment.filename,
          contentType: attachment.contentType,
          sizeBytes: attachment.content.length,
          sha256: createHash("sha256").update(attachment.content).digest("hex"),
          content: kept ? attachment.content : null,
          omittedReason: kept
            ? null
            : `larger than the ${attachmentLimitBytes / 1024 / 1024} MB attachment limit; not kept`,
        };
      }),
    );
    if (!params.failure) await enqueue(deps.boss, tx, "message-process", { messageId: message.id });
    await appendAuditEvents(tx, [
      {
        actor,
        action: params.failure ? "message.unreadable" : "message.received",
        entityType: "message",
        entityId: message.id,
        messageId: message.id,
        data: {
          channel: message.channel,
          sourceId: message.sourceId,
          sender: message.sender,
          senderVerification: message.senderVerification,
          ...(message.authorKind === "agent" ? { author: message.authorName ?? message.authorUserId } : {}),
          ...(params.failure ? { error: params.failure } : {}),
        },
      },
    ]);
    return { message, created: true };
  });
}
