import { randomUUID } from "node:crypto";
import { authenticateApiKey, presentedApiKey } from "@/server/channels/api-key";
import { ingestMessage } from "@/server/channels/ingest";
import { messageInputSchema } from "@/contracts/message-input";
import { getBoss } from "@/server/boss";
import { getDb } from "@/server/db";
import { isAppError } from "@/server/errors";
import { logger } from "@/server/observability/logger";

/**
 * Inbound API channel. The API key is checked here, in the handler itself: middleware is not a
 * security boundary. A re-sent (channel, sourceId) answers 200 with the stored message.
 */
export async function POST(request: Request) {
  const requestId = request.headers.get("x-request-id") ?? randomUUID();
  const log = logger.child({ requestId, route: "api/channels/api/messages" });
  const db = getDb();
  const actor = await authenticateApiKey(db, presentedApiKey(request.headers));
  if (!actor) {
    return Response.json(
      { error: "unauthorized", message: "Send a valid API key as `Authorization: Bearer <key>`." },
      { status: 401, headers: { "x-request-id": requestId } },
    );
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json(
      { error: "invalid_json", message: "The request body is not valid JSON." },
      { status: 400, headers: { "x-request-id": requestId } },
    );
  }
  const parsed = messageInputSchema.safeParse({ channel: "api", ...(body as object) });
  if (!parsed.success) {
    return Response.json(
      {
        error: "invalid_message",
        message:
          "The message is not valid: " +
          parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
        issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
      { status: 400, headers: { "x-request-id": requestId } },
    );
  }
  try {
    const { message, created } = await ingestMessage(
      { db, boss: await getBoss() },
      {
        input: parsed.data,
        raw: body,
        actor,
      },
    );
    log.info({ messageId: message.id, created }, created ? "message received" : "duplicate message ignored");
    return Response.json(
      {
        id: message.id,
        created,
        status: message.status,
        channel: message.channel,
        sourceId: message.sourceId,
      },
      { status: created ? 201 : 200, headers: { "x-request-id": requestId } },
    );
  } catch (error) {
    if (isAppError(error)) {
      return Response.json(
        { error: error.code.toLowerCase(), message: error.message },
        { status: error.httpStatus, headers: { "x-request-id": requestId } },
      );
    }
    log.error({ err: error }, "ingest failed");
    return Response.json(
      {
        error: "internal",
        message: "The message could not be stored; nothing was accepted. Please retry.",
        requestId,
      },
      { status: 500, headers: { "x-request-id": requestId } },
    );
  }
}
