import { authenticateChannelKey, keySenderVerification } from "@/server/channels/api-key";
import { parseJsonAs, readBodyWithin } from "@/server/channels/inbound-body";
import { ingestMessage } from "@/server/channels/ingest";
import { acceptedMessage, handleChannelRequest } from "@/server/channels/respond";
import { apiMessageBodySchema } from "@/contracts/message-input";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

/**
 * Inbound API channel. The key is checked here, in the handler itself (middleware is not a
 * security boundary), and decides both where it may post and whether the sender it names counts
 * as verified. The body can name neither. A re-sent sourceId answers 200 with the stored message.
 */
export async function POST(request: Request) {
  return handleChannelRequest(request, "api/channels/api/messages", async ({ log }) => {
    const db = getDb();
    const auth = await authenticateChannelKey(db, request.headers, "api");
    if (!auth.ok) return auth.rejection;
    const body = await readBodyWithin(request, env.CHANNEL_MAX_JSON_BYTES);
    if (!body.ok) return body.rejection;
    const parsed = parseJsonAs(body.value, apiMessageBodySchema, "message");
    if (!parsed.ok) return { ...parsed.rejection, ...(parsed.issues ? { issues: parsed.issues } : {}) };
    const { metadata: _metadata, ...fields } = parsed.data;
    const { message, created } = await ingestMessage(
      { db, boss: await getBoss() },
      {
        input: { ...fields, channel: "api", ...keySenderVerification(auth.key) },
        raw: parsed.raw,
        actor: auth.key.actor,
      },
    );
    log.info({ messageId: message.id, created }, created ? "message received" : "duplicate message ignored");
    return acceptedMessage(message, created);
  });
}
