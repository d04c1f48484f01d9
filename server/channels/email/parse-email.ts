import { simpleParser, type AddressObject } from "mailparser";
import type { InboundAttachment } from "../ingest";

/** What Changedesk reads from a raw RFC 5322 message. */
export type ParsedEmail = {
  /** the single From address, lower-cased; null when there is none or several */
  fromAddress: string | null;
  /** the From header as written, `Name <address>` */
  from: string | null;
  subject: string | null;
  text: string;
  html: string | null;
  date: Date | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  authenticationResults: string[];
  attachments: InboundAttachment[];
};

/** `<abc@host>` → `abc@host`: ids are stored without their angle brackets. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, "").trim();
}

function addresses(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((entry) => entry.value).filter((address) => address.address);
}

function idList(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? value.split(/\s+/) : [];
  return list.map(bareMessageId).filter((id) => id.length > 0 && id.length <= 998);
}

/**
 * Parses with mailparser (MIME structure, charsets, encoded words, text and HTML parts,
 * attachments). mailparser reads almost anything; a message it cannot read at all, or one with no
 * headers, is an error the caller keeps the raw source for.
 */
export async function parseEmail(
  raw: Buffer,
): Promise<{ ok: true; email: ParsedEmail } | { ok: false; error: string }> {
  let parsed;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  } catch (error) {
    return {
      ok: false,
      error: `the email could not be parsed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (parsed.headerLines.length === 0) return { ok: false, error: "the email has no headers" };
  const from = addresses(parsed.from);
  const single = from.length === 1 ? from[0] : undefined;
  const authenticationResults = parsed.headerLines
    .filter((line) => line.key === "authentication-results")
    .map((line) => line.line.replace(/^[^:]*:\s*/, ""));
  return {
    ok: true,
    email: {
      fromAddress: single?.address?.toLowerCase() ?? null,
      from: single ? (single.name ? `${single.name} <${single.address}>` : (single.address ?? null)) : null,
      subject: parsed.subject ?? null,
      text: parsed.text ?? "",
      html: typeof parsed.html === "string" ? parsed.html : null,
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : null,
      messageId: parsed.messageId ? bareMessageId(parsed.messageId) : null,
      inReplyTo: idList(parsed.inReplyTo)[0] ?? null,
      references: idList(parsed.references).slice(-100),
      authenticationResults,
      attachments: parsed.attachments
        .filter((attachment) => attachment.contentDisposition !== "inline" || !attachment.related)
        .map((attachment, index) => ({
          filename: attachment.filename?.slice(0, 255) || `attachment-${index + 1}`,
          contentType: attachment.contentType || "application/octet-stream",
          content: attachment.content,
        })),
    },
  };
}
