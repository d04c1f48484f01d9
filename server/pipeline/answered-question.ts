import { intentNameSchema, type IntentName } from "@/contracts/catalog";
import type { DbOrTx } from "@/db/client";
import type { Message } from "@/db/queries/messages";
import { findLatestThreadNotice } from "@/db/queries/outbox";
import { needsInformationKeyPrefix } from "@/jobs/outbox-delivery";

/** A question of ours is the context of the customer's replies in its thread for this long. */
const questionLifetimeMs = 30 * 24 * 3600_000;

export type AnsweredQuestion = {
  /** the message whose request lacked a value, which our question was about */
  questionMessageId: string;
  intents: IntentName[];
};

/**
 * The question a message answers: the newest needs-information reply we sent in its thread before
 * it arrived, about a request of the same customer. The thread alone is not enough: `References`
 * are the sender's to write, so a question asked of another customer never becomes context. The
 * question only helps read the reply; the reply must still give the value.
 */
export async function findAnsweredQuestion(
  db: DbOrTx,
  message: Pick<Message, "id" | "threadId" | "createdAt">,
  contactId: string | null,
): Promise<AnsweredQuestion | undefined> {
  if (!message.threadId || !contactId) return undefined;
  const notice = await findLatestThreadNotice(db, {
    threadId: message.threadId,
    keyPrefix: needsInformationKeyPrefix,
    before: message.createdAt,
    excludeMessageId: message.id,
  });
  if (!notice || notice.contactId !== contactId) return undefined;
  if (message.createdAt.getTime() - notice.noticeCreatedAt.getTime() > questionLifetimeMs) return undefined;
  const intents = [
    ...new Set(
      (notice.pendingRequests ?? []).flatMap((request) => {
        const intent = intentNameSchema.safeParse(request.intent);
        return intent.success ? [intent.data] : [];
      }),
    ),
  ];
  return intents.length > 0 ? { questionMessageId: notice.messageId, intents } : undefined;
}
