import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { getMessageAttachment, getMessageSource, getMessageSourceStart } from "@/db/queries/channels";
import { getMessageById } from "@/db/queries/messages";
import { handleConsoleRequest } from "../auth/console-request";
import type { SessionUser } from "../auth/session";
import { AppError } from "../errors";

/**
 * Files a sender gave us, handed to reviewers: an email's attachments and its raw source. Every
 * byte and every name in them is the sender's, so they leave as downloads only: never rendered
 * from our origin, where an HTML or SVG "attachment" would run as the console.
 */

/**
 * Types a browser handles without running anything as our origin. Anything else (HTML, SVG, XML,
 * JavaScript, a type the sender made up) is served as application/octet-stream.
 */
const passThroughTypes = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/msword",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
]);

/** The declared type when it is one of the safe ones (parameters dropped), else a plain download. */
export function downloadContentType(declared: string): string {
  const essence = declared.split(";")[0]?.trim().toLowerCase() ?? "";
  return passThroughTypes.has(essence) ? essence : "application/octet-stream";
}

const maxFilenameCharacters = 150;

/**
 * A filename fit to save: the last path segment only (`../../.bashrc` and `C:\evil.exe` name a
 * file, never a place), without control characters (a CR LF would end the header), without the
 * bidirectional overrides that make `invoice‮fdp.exe` read as a PDF, without leading dots, and
 * not too long (the extension kept). Empty after all that, it is `fallback`.
 */
export function safeFilename(name: string, fallback: string): string {
  const base =
    name
      .split(/[/\\]/)
      .at(-1)
      ?.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
      .trim()
      .replace(/^[.\s]+/, "") ?? "";
  if (base.length === 0) return fallback;
  if (base.length <= maxFilenameCharacters) return base;
  const dot = base.lastIndexOf(".");
  const extension = dot > 0 && base.length - dot <= 16 ? base.slice(dot) : "";
  return base.slice(0, maxFilenameCharacters - extension.length) + extension;
}

/** RFC 5987 `attr-char` is narrower than what encodeURIComponent leaves alone: `'()*` are escaped too. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * `Content-Disposition: attachment` with the name twice (RFC 6266): `filename*` in UTF-8 for
 * browsers (all current ones read it), and an ASCII `filename` for the rest, in which quotes,
 * backslashes, `%` and `;` are replaced so no name can end the quoted string or be decoded again.
 */
export function attachmentDisposition(name: string, fallback: string): string {
  const filename = safeFilename(name, fallback);
  const ascii = filename
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** The one way a sender's file leaves: as a download, never sniffed, never run, never cached. */
export function fileDownloadResponse(file: { filename: string; contentType: string; body: Buffer }) {
  return new Response(new Uint8Array(file.body), {
    status: 200,
    headers: {
      "content-type": file.contentType,
      "content-disposition": attachmentDisposition(file.filename, "attachment"),
      "content-length": String(file.body.length),
      "x-content-type-options": "nosniff",
      // even opened some other way, the file has no origin and runs nothing
      "content-security-policy": "default-src 'none'; sandbox",
      "cross-origin-resource-policy": "same-origin",
      "cache-control": "private, no-store",
    },
  });
}

const idSchema = z.string().uuid();

/** Ids from the URL: anything but a UUID names nothing (and never reaches Postgres as one). */
function parseId(value: string, what: string): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError("NOT_FOUND", `There is no ${what} ${JSON.stringify(value.slice(0, 60))}.`);
  return parsed.data;
}

/**
 * `GET /api/messages/:id/attachments/:attachmentId`: for anyone who may read messages
 * (`queue.view`); refused with the reason when it was not kept.
 */
export async function downloadAttachment(
  db: DbOrTx,
  params: { user: SessionUser | null; messageId: string; attachmentId: string },
): Promise<Response> {
  return handleConsoleRequest(
    { route: "api/messages/attachments", user: params.user, permission: "queue.view" },
    () => attachmentFile(db, params),
  );
}

async function attachmentFile(db: DbOrTx, params: { messageId: string; attachmentId: string }) {
  const messageId = parseId(params.messageId, "message");
  const attachmentId = parseId(params.attachmentId, "attachment");
  const attachment = await getMessageAttachment(db, { messageId, attachmentId });
  if (!attachment) throw new AppError("NOT_FOUND", "This message has no such attachment.");
  if (!attachment.content)
    throw new AppError(
      "NOT_FOUND",
      `The content of ${attachment.filename} was not kept (${attachment.omittedReason ?? "too large"}); only its name, size and hash were recorded.`,
    );
  return fileDownloadResponse({
    filename: attachment.filename,
    contentType: downloadContentType(attachment.contentType),
    body: attachment.content,
  });
}

/** `GET /api/messages/:id/source`: the source exactly as it arrived, an `.eml` named after its subject. */
export async function downloadMessageSource(
  db: DbOrTx,
  params: { user: SessionUser | null; messageId: string },
): Promise<Response> {
  return handleConsoleRequest(
    { route: "api/messages/source", user: params.user, permission: "queue.view" },
    () => sourceFile(db, params),
  );
}

async function sourceFile(db: DbOrTx, params: { messageId: string }) {
  const messageId = parseId(params.messageId, "message");
  const [message, source] = await Promise.all([
    getMessageById(db, messageId),
    getMessageSource(db, messageId),
  ]);
  if (!message) throw new AppError("NOT_FOUND", "This message does not exist.");
  if (!source)
    throw new AppError(
      "NOT_FOUND",
      `This message has no raw source: it arrived by ${message.channel}, not as an email.`,
    );
  const name = safeFilename(message.subject ?? "", "message");
  return fileDownloadResponse({
    filename: `${name.slice(0, maxFilenameCharacters - 4)}.eml`,
    // message/rfc822 is what Chromium opens as MHTML; a plain download cannot be rendered as a page
    contentType: "application/octet-stream",
    body: source.body,
  });
}

/** How much of a raw source the message page shows; the download has all of it. */
export const sourceShownBytes = 100_000;

/**
 * The start of a message's raw source as text, for a person to read on the page. Mail is mostly
 * 7-bit, but a header or body may be 8-bit in any charset: bytes that are not UTF-8 show as �,
 * and the download keeps them exactly.
 */
export async function readMessageSource(db: DbOrTx, params: { messageId: string }) {
  const row = await getMessageSourceStart(db, { messageId: params.messageId, limit: sourceShownBytes });
  if (!row) throw new AppError("NOT_FOUND", "This message has no raw source.");
  return {
    text: new TextDecoder("utf-8").decode(row.start).replace(/\u0000/g, "\ufffd"),
    shownBytes: Math.min(row.sizeBytes, sourceShownBytes),
    sizeBytes: row.sizeBytes,
    truncated: row.sizeBytes > sourceShownBytes,
  };
}
