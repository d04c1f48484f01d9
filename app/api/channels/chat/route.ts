import { verifyChatSignature } from "@/server/channels/chat-signature";
import { parseJsonAs, readBodyWithin } from "@/server/channels/inbound-body";
import { conversationThread, ingestMessage } from "@/server/channels/ingest";
import { acceptedMessage, handleChannelRequest } from "@/server/channels/respond";
import { chatSenderPrefix } from "@/server/customers/resolve";
import { getChannelSettings } from "@/db/queries/channels";
import { chatEventSchema } from "@/contracts/message-input";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

/**
 * Inbound chat webhook. The body is signed with the channel's secret; nothing is read before the
 * signature over the raw bytes checks out, and nothing is stored when it does not. The platform's
 * user id is the verified identity. A replayed event id answers as a duplicate and creates nothing.
 */
export async function POST(request: Request) {
  return handleChannelRequest(request, "api/channels/chat", async ({ log }) => {
    const db = getDb();
    const secret = (await getChannelSettings(db, "chat"))?.secret;
    if (!secret)
      return Response.json(
        {
          error: "channel_not_configured",
          message: "The chat channel has no signing secret; an admin sets one.",
        },
        { status: 503 },
      );
    const body = await readBodyWithin(request, env.CHANNEL_MAX_JSON_BYTES);
    if (!body.ok) return body.rejection;
    const signature = verifyChatSignature({
      secret,
      header: request.headers.get("x-changedesk-signature"),
      rawBody: body.value,
    });
    if (!signature.ok) {
      log.warn({ reason: signature.reason }, "chat request refused");
      return { status: 401, error: "invalid_signature", message: `Refused: ${signature.reason}.` };
    }
    const parsed = parseJsonAs(body.value, chatEventSchema, "event");
    if (!parsed.ok) return parsed.rejection;
    const event = parsed.data;
    const { message, created } = await ingestMessage(
      { db, boss: await getBoss() },
      {
        input: {
          channel: "chat",
          sourceId: event.eventId,
          sender: `${chatSenderPrefix}${event.userId}`,
          ...(event.userName ? { subject: `Chat with ${event.userName}` } : {}),
          text: event.text,
          ...(event.sentAt ? { receivedAt: event.sentAt } : {}),
          senderVerification: "signed_chat_user",
          senderVerificationReason: `chat user ${event.userId}, on a request signed with the channel's secret`,
          // a conversation is one thread: its first message starts it, the rest join it
          ...(event.conversationId ? { thread: conversationThread(`chat:${event.conversationId}`) } : {}),
        },
        raw: parsed.raw,
        actor: { type: "system", id: null, label: "chat channel" },
      },
    );
    log.info(
      { messageId: message.id, created },
      created ? "chat message received" : "replayed chat event ignored",
    );
    return acceptedMessage(message, created);
  });
}
