import { z } from "zod";
import { getFieldDefinition, getIntentDefinition } from "@/contracts/catalog";
import type { Db, DbOrTx } from "@/db/client";
import { getMessageSourceSize, listAttachmentsOfMessage } from "@/db/queries/channels";
import { getMessageById, getPrimaryExtractionOfMessage } from "@/db/queries/messages";
import { getOutboxItemByKey } from "@/db/queries/outbox";
import { getProposalOfMessage } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { AppError } from "../errors";
import { extractionSchema } from "../extraction/types";
import { describeFlag } from "../pipeline/pending-requests";
import { needsInformationOutboxKey } from "@/jobs/outbox-delivery";
import { draftNeedsInformationReply } from "./needs-information-draft";
import { getMessageThread } from "./thread";

function evidenceText(text: string, span: { start: number; end: number } | undefined): string | null {
  if (!span || span.end <= span.start) return null;
  return text.slice(span.start, span.end);
}

const noticePayloadSchema = z.object({ subject: z.string().optional(), body: z.string().optional() });

/** Enough of a delivered payload for a person to read; the rest stays in the database. */
export const payloadShownCharacters = 20_000;

/**
 * The payload as the channel delivered it, as indented JSON text. Text, not an object: its keys
 * are the sender's (`__proto__`, `constructor`), and as text they are only ever data.
 */
function payloadText(raw: unknown): { payload: string; payloadTruncated: boolean } {
  const text = JSON.stringify(raw, null, 2);
  return text.length > payloadShownCharacters
    ? { payload: text.slice(0, payloadShownCharacters), payloadTruncated: true }
    : { payload: text, payloadTruncated: false };
}

const fieldLabel = (key: string) => getFieldDefinition(key)?.label ?? key;
const intentLabel = (name: string) => getIntentDefinition(name)?.label ?? name;

/**
 * One message as a person handling it sees it: what the extractor read (intents, their evidence
 * in the text, what each lacks), why it is with a person (unmatched sender, missing information,
 * flags), the reply drafted for it, where it went (proposal, reply in the outbox), its
 * conversation, and an email's attachments and raw source (their bytes come by download).
 */
export async function getMessageDetail(db: Db, messageId: string) {
  // one snapshot: read while the pipeline commits, the message's status and its proposal must
  // agree (never "still reading" beside the proposal it made)
  return db.transaction((tx) => readMessageDetail(tx, messageId), {
    isolationLevel: "repeatable read",
    accessMode: "read only",
  });
}

async function readMessageDetail(db: DbOrTx, messageId: string) {
  const message = await getMessageById(db, messageId);
  if (!message) throw new AppError("NOT_FOUND", "This message does not exist");
  const [extraction, contact, proposal, reply, thread, attachments, source] = await Promise.all([
    getPrimaryExtractionOfMessage(db, messageId),
    message.contactId ? getContactById(db, message.contactId) : undefined,
    getProposalOfMessage(db, messageId),
    getOutboxItemByKey(db, needsInformationOutboxKey(messageId)),
    getMessageThread(db, message),
    listAttachmentsOfMessage(db, messageId),
    getMessageSourceSize(db, messageId),
  ]);
  // stored output from an older extractor may not parse; the page then shows no intents
  const output = extraction ? extractionSchema.safeParse(extraction.output) : undefined;
  const intents = (output?.success ? output.data.intents : [])
    .filter((intent) => intent.intent !== "no_change")
    .map((intent) => ({
      intent: intent.intent,
      label: intentLabel(intent.intent),
      confidence: intent.confidence,
      evidence: evidenceText(message.text, intent.evidence),
      span: intent.evidence ?? null,
      missing: (intent.missing ?? []).map(fieldLabel),
    }));
  const requests = (message.pendingRequests ?? []).map((request) => ({
    intent: request.intent,
    label: intentLabel(request.intent),
    missing: [
      ...request.missing.map(fieldLabel),
      ...(request.reference ? [`which ${request.reference}`] : []),
    ],
    reason: request.reason,
    evidence: evidenceText(message.text, request.evidence),
    span: request.evidence ?? null,
  }));
  const replyPayload = reply ? noticePayloadSchema.safeParse(reply.payload) : undefined;
  const draft = message.status === "needs_information" ? await draftNeedsInformationReply(db, message) : null;
  return {
    message: {
      id: message.id,
      channel: message.channel,
      sender: message.sender,
      subject: message.subject,
      text: message.text,
      status: message.status,
      receivedAt: message.receivedAt,
      processedAt: message.processedAt,
      answeredAt: message.answeredAt,
      language: message.language,
      resolutionMethod: message.resolutionMethod,
      error: message.error,
      senderVerification: message.senderVerification,
      senderVerificationReason: message.senderVerificationReason,
      authorKind: message.authorKind,
      authorName: message.authorName,
      ticketNumber: message.ticketNumber,
      ...payloadText(message.raw),
    },
    flags: (message.flags ?? []).map((flag) => ({ flag, reason: describeFlag(flag) })),
    contact: contact ? { id: contact.id, name: contact.name, email: contact.email } : null,
    proposal: proposal ? { id: proposal.id, status: proposal.status, summary: proposal.summary } : null,
    intents,
    requests,
    draft,
    thread,
    attachments: attachments.map((attachment) => ({
      id: attachment.id,
      filename: attachment.filename,
      contentType: attachment.contentType,
      sizeBytes: attachment.sizeBytes,
      kept: attachment.kept,
      omittedReason: attachment.omittedReason,
    })),
    /** the source as it arrived (an email's bytes): its size, read and downloaded separately */
    source: source ? { contentType: source.contentType, sizeBytes: source.sizeBytes } : null,
    reply: reply
      ? {
          id: reply.id,
          status: reply.status,
          lastError: reply.lastError,
          sentAt: reply.sentAt,
          subject: (replyPayload?.success ? replyPayload.data.subject : undefined) ?? null,
          body: (replyPayload?.success ? replyPayload.data.body : undefined) ?? null,
        }
      : null,
  };
}
