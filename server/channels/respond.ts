import { randomUUID } from "node:crypto";
import { isAppError } from "../errors";
import { logger } from "../observability/logger";
import type { Rejection } from "./inbound-body";

/**
 * The envelope every channel route answers with: JSON, the request id echoed, a clear reason on
 * every refusal, and a 500 only for our own failure, saying nothing was accepted.
 */
export async function handleChannelRequest(
  request: Request,
  route: string,
  handle: (context: { requestId: string; log: typeof logger }) => Promise<Response | Rejection>,
): Promise<Response> {
  const requestId = request.headers.get("x-request-id")?.slice(0, 100) || randomUUID();
  const log = logger.child({ requestId, route });
  const headers = { "x-request-id": requestId };
  try {
    const result = await handle({ requestId, log });
    if (result instanceof Response) {
      result.headers.set("x-request-id", requestId);
      return result;
    }
    const { status, ...body } = result;
    return Response.json(body, { status, headers });
  } catch (error) {
    if (isAppError(error) && error.httpStatus < 500)
      return Response.json(
        { error: error.code.toLowerCase(), message: error.message },
        { status: error.httpStatus, headers },
      );
    log.error({ err: error }, "channel request failed");
    return Response.json(
      {
        error: "internal",
        message: "The message could not be stored; nothing was accepted. Please retry.",
        requestId,
      },
      { status: 500, headers },
    );
  }
}

/** The answer to an accepted message: 201 when stored now, 200 for a re-delivery of a stored one. */
export function acceptedMessage(
  message: { id: string; status: string; channel: string; sourceId: string },
  created: boolean,
): Response {
  return Response.json(
    { id: message.id, created, status: message.status, channel: message.channel, sourceId: message.sourceId },
    { status: created ? 201 : 200 },
  );
}
