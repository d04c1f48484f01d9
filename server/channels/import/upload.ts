import type { Db } from "@/db/client";
import { can } from "@/contracts/permissions";
import { importLimits } from "@/contracts/import-inputs";
import type { SessionUser } from "../../auth/session";
import { readBodyWithin, type Rejection } from "../inbound-body";
import { previewImport } from "./preview";

const tooLarge: Rejection = {
  status: 413,
  error: "payload_too_large",
  message: `The file is larger than the ${importLimits.maxBytes / 1024 / 1024} MB import limit; split it and import the parts one after another.`,
};

/**
 * `POST /api/imports?filename=<name>` with the file as the body: the dry run. The signed-in
 * person needs `message.import` (checked here, as every procedure checks its own); the size is
 * read off the stream, so a file over the limit is refused before it is held in memory.
 */
export async function uploadImport(
  deps: { db: Db },
  params: { request: Request; user: SessionUser | null },
): Promise<Response | Rejection> {
  const { user, request } = params;
  if (!user) return { status: 401, error: "unauthorized", message: "Sign in to upload an import." };
  if (user.mustChangePassword)
    return {
      status: 403,
      error: "forbidden",
      message: "An administrator asked you to choose a new password first (Account).",
    };
  if (!can(user.role, "message.import"))
    return {
      status: 403,
      error: "forbidden",
      message: `Your role (${user.role}) does not allow importing messages (message.import).`,
    };
  const filename = new URL(request.url).searchParams.get("filename")?.trim();
  if (!filename)
    return { status: 400, error: "missing_filename", message: "Name the file: ?filename=messages.csv" };
  const body = await readBodyWithin(request, importLimits.maxBytes);
  if (!body.ok) return body.rejection.status === 413 ? tooLarge : body.rejection;
  const created = await previewImport(deps, {
    bytes: body.value,
    filename,
    actor: { type: "user", id: user.id, label: `${user.name} <${user.email}>` },
  });
  return Response.json(
    {
      id: created.id,
      filename: created.filename,
      format: created.format,
      totalRows: created.totalRows,
      validRows: created.validRows,
    },
    { status: 201 },
  );
}
