import type { PgBoss } from "pg-boss";
import { describeByteSize } from "@/contracts/values";
import type { Db } from "@/db/client";
import type { SessionUser } from "../../auth/session";
import { handleConsoleRequest } from "../../auth/console-request";
import { readBodyWithin } from "../inbound-body";
import { ingestRawEmail } from "./ingest-email";

/**
 * One `.eml` file a person uploads in the console, through the same ingest as the email endpoint:
 * parsed the same way, kept raw, and one message per distinct file (the source id is the hash of
 * the bytes, so the second upload of a file is "already received"). The sender is never verified
 * (a file proves nothing about its headers) and the uploader is recorded: they do not approve its
 * changes themselves.
 *
 * The body must be sent as `message/rfc822`: a cross-site form cannot send that type and a
 * cross-site script cannot without a CORS preflight this route never answers, so the session
 * cookie alone never uploads anything.
 */
export async function uploadEmail(
  deps: { db: Db; getBoss: () => Promise<PgBoss> },
  params: { request: Request; user: SessionUser | null; maxBytes: number },
): Promise<Response> {
  const { request, maxBytes } = params;
  return handleConsoleRequest(
    { route: "api/messages/upload", user: params.user, permission: "message.import" },
    async ({ user, log }) => {
      const type = (request.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== "message/rfc822")
        return refuse(
          415,
          "unsupported_media_type",
          "Upload the .eml file as its raw bytes, with content-type message/rfc822.",
        );
      const filename =
        (new URL(request.url).searchParams.get("filename") ?? "").trim().slice(0, 255) || "upload.eml";
      const body = await readBodyWithin(request, maxBytes);
      if (!body.ok)
        return body.rejection.status === 413
          ? refuse(
              413,
              "payload_too_large",
              `${filename} is larger than the ${describeByteSize(maxBytes)} limit for one email (attachments included).`,
            )
          : refuse(body.rejection.status, body.rejection.error, body.rejection.message);
      if (body.value.length === 0) return refuse(400, "empty_body", `${filename} is empty.`);
      const { message, created } = await ingestRawEmail(
        { db: deps.db, boss: await deps.getBoss() },
        {
          raw: body.value,
          arrival: {
            kind: "upload",
            actor: { type: "user", id: user.id, label: `${user.name} <${user.email}>` },
            uploaderName: user.name,
            filename,
          },
        },
      );
      log.info(
        { messageId: message.id, created, filename },
        created ? "email uploaded" : "uploaded email already received",
      );
      return Response.json(
        {
          created,
          message: {
            id: message.id,
            status: message.status,
            subject: message.subject,
            sender: message.sender,
            error: message.error,
          },
        },
        { status: created ? 201 : 200 },
      );
    },
  );
}

function refuse(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status });
}
