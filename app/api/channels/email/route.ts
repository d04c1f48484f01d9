import { authenticateChannelKey } from "@/server/channels/api-key";
import { ingestRawEmail } from "@/server/channels/email/ingest-email";
import { readBodyWithin } from "@/server/channels/inbound-body";
import { acceptedMessage, handleChannelRequest } from "@/server/channels/respond";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";
import { env } from "@/server/env";

/**
 * Inbound email: a raw RFC 5322 message (`content-type: message/rfc822`), as an inbound-mail relay
 * or a mail server's pipe delivers it, posted with a key allowed on the email channel. The same
 * bytes posted twice are one message. The sender counts as verified only through the receiving
 * server's Authentication-Results (server/channels/email/authentication-results.ts).
 */
export async function POST(request: Request) {
  return handleChannelRequest(request, "api/channels/email", async ({ log }) => {
    const db = getDb();
    const auth = await authenticateChannelKey(db, request.headers, "email");
    if (!auth.ok) return auth.rejection;
    const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "message/rfc822")
      return {
        status: 415,
        error: "unsupported_media_type",
        message: "Send the raw email with `content-type: message/rfc822`.",
      };
    const body = await readBodyWithin(request, env.CHANNEL_MAX_EMAIL_BYTES);
    if (!body.ok) return body.rejection;
    if (body.value.length === 0) return { status: 400, error: "empty_body", message: "The email is empty." };
    const { message, created } = await ingestRawEmail(
      { db, boss: await getBoss() },
      { raw: body.value, arrival: { kind: "endpoint", key: auth.key } },
    );
    log.info(
      { messageId: message.id, created, status: message.status },
      created ? "email received" : "duplicate email ignored",
    );
    return acceptedMessage(message, created);
  });
}
