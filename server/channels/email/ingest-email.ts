import { createHash } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { Db } from "@/db/client";
import { getChannelSettings } from "@/db/queries/channels";
import type { Message } from "@/db/queries/messages";
import { receivedAtSchema, type MessageInput } from "@/contracts/message-input";
import type { Actor } from "../../audit/append";
import type { ChannelKey } from "../api-key";
import { unstorableString } from "../inbound-body";
import { ingestMessage } from "../ingest";
import { verifyEmailSender } from "./authentication-results";
import { trustedAuthservIdsOf } from "../settings";
import { parseEmail, type ParsedEmail } from "./parse-email";

/** How the raw email reached us: a relay posting it with a key, an IMAP mailbox, or a person's upload. */
export type EmailArrival =
  | { kind: "endpoint"; key: ChannelKey }
  | {
      kind: "imap";
      mailbox: { id: string; name: string; trusted: boolean };
      uidValidity: number;
      uid: number;
    }
  | {
      kind: "upload";
      actor: Extract<Actor, { type: "user" }>;
      /** the uploader as people know them, for the reason a reviewer reads */
      uploaderName: string;
      filename: string;
    };

const textLimit = 100_000;
const htmlLimit = 500_000;

/** Every source id of a mailbox starts with this. */
export function imapSourceIdPrefix(mailboxId: string): string {
  return `imap:${mailboxId}:`;
}

/** A message's place in its mailbox: a UID means nothing without the UIDVALIDITY it was given under. */
export function imapSourceId(mailboxId: string, uidValidity: number, uid: number): string {
  return `${imapSourceIdPrefix(mailboxId)}${uidValidity}:${uid}`;
}

/**
 * The source id: the mailbox's (UIDVALIDITY, UID) for IMAP, else a hash of the bytes. Never the
 * Message-ID alone: anyone can write any Message-ID, and a planted one must not make the real
 * email look like a duplicate.
 */
function sourceIdOf(raw: Buffer, arrival: EmailArrival): string {
  if (arrival.kind === "imap") return imapSourceId(arrival.mailbox.id, arrival.uidValidity, arrival.uid);
  return `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

function actorOf(arrival: EmailArrival): Actor {
  if (arrival.kind === "endpoint") return arrival.key.actor;
  if (arrival.kind === "upload") return arrival.actor;
  return { type: "system", id: null, label: `IMAP mailbox ${arrival.mailbox.name}` };
}

function storable(text: string): string {
  return unstorableString(text) ? text.replace(/\u0000/g, "").toWellFormed() : text;
}

/**
 * A trusted mailbox vouches for its mail; otherwise a trusted receiving server's
 * Authentication-Results decide. An uploaded file vouches for nothing: whoever has a text editor
 * can write any header, a trusted server's Authentication-Results included.
 */
async function verificationOf(db: Db, email: ParsedEmail, arrival: EmailArrival) {
  if (arrival.kind === "upload")
    return {
      senderVerification: "unverified" as const,
      senderVerificationReason: `uploaded in the console by ${arrival.uploaderName}`,
    };
  if (arrival.kind === "imap" && arrival.mailbox.trusted)
    return {
      senderVerification: "trusted_mailbox" as const,
      senderVerificationReason: `read from the trusted mailbox ${arrival.mailbox.name}`,
    };
  const verdict = verifyEmailSender({
    fromAddress: email.fromAddress,
    authenticationResults: email.authenticationResults,
    trustedAuthservIds: trustedAuthservIdsOf(await getChannelSettings(db, "email")),
  });
  return {
    senderVerification: verdict.verified ? ("email_authenticated" as const) : ("unverified" as const),
    senderVerificationReason: verdict.reason,
  };
}

/**
 * One raw email into one message: parsed, its sender's verification decided (a trusted mailbox,
 * or Authentication-Results from a trusted receiving server aligned with From), its source and
 * attachments kept. An email that cannot be read is kept raw and marked failed with the reason.
 */
export async function ingestRawEmail(
  deps: { db: Db; boss: PgBoss },
  params: { raw: Buffer; arrival: EmailArrival },
): Promise<{ message: Message; created: boolean }> {
  const { raw, arrival } = params;
  const sourceId = sourceIdOf(raw, arrival);
  const source = { contentType: "message/rfc822", body: raw };
  const actor = actorOf(arrival);
  const via =
    arrival.kind === "endpoint"
      ? { via: "endpoint", key: arrival.key.name }
      : arrival.kind === "imap"
        ? { via: "imap", mailbox: arrival.mailbox.name, uidValidity: arrival.uidValidity, uid: arrival.uid }
        : { via: "upload", filename: arrival.filename };
  const uploadedBy = arrival.kind === "upload" ? { uploadedBy: arrival.actor.id } : {};
  const parsed = await parseEmail(raw);
  if (!parsed.ok || !parsed.email.fromAddress) {
    const error = parsed.ok ? "the email has no single From address" : parsed.error;
    return ingestMessage(deps, {
      input: {
        channel: "email",
        sourceId,
        sender: parsed.ok ? storable(parsed.email.from ?? "unknown sender") : "unknown sender",
        subject: parsed.ok && parsed.email.subject ? storable(parsed.email.subject.slice(0, 998)) : undefined,
        text: "(this email could not be read; its raw source is kept)",
        senderVerification: "unverified",
        senderVerificationReason: error,
      },
      raw: { ...via, bytes: raw.length },
      actor,
      source,
      failure: error,
      ...uploadedBy,
    });
  }
  const email = parsed.email;
  const verification = await verificationOf(deps.db, email, arrival);
  const text = storable(email.text.trim() || email.subject || "(empty email)");
  const messageId = email.messageId ? storable(email.messageId) : null;
  const receivedAt = email.date && receivedAtSchema.safeParse(email.date).success ? email.date : undefined;
  const input: MessageInput = {
    channel: "email",
    sourceId,
    sender: storable(email.from ?? email.fromAddress ?? "unknown sender"),
    ...(email.subject ? { subject: storable(email.subject.slice(0, 998)) } : {}),
    text: text.length > textLimit ? text.slice(0, textLimit) : text,
    ...(email.html && email.html.length <= htmlLimit ? { html: storable(email.html) } : {}),
    ...(receivedAt ? { receivedAt } : {}),
    ...verification,
    thread: {
      ...(messageId ? { messageId } : {}),
      ...(email.inReplyTo ? { inReplyTo: storable(email.inReplyTo) } : {}),
      ...(email.references.length > 0 ? { references: email.references.map(storable) } : {}),
    },
  };
  return ingestMessage(deps, {
    input,
    raw: { ...via, bytes: raw.length, messageId, truncated: text.length > textLimit },
    actor,
    source,
    ...uploadedBy,
    // a filename is the sender's text too: `"evil\u0000.exe"` must not fail the whole email
    attachments: email.attachments.map((attachment) => ({
      ...attachment,
      filename: storable(attachment.filename),
      contentType: storable(attachment.contentType),
    })),
  });
}
