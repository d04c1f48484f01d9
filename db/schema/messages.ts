import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  real,
  text,
  timestamp,
  unique,
  uuid,
  boolean,
} from "drizzle-orm/pg-core";
import { authorKinds, channels, senderVerifications } from "../../contracts/message-input";
import { messageStatuses } from "../../contracts/statuses";
import { contacts } from "./records";
import { users } from "./users";

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const channelEnum = pgEnum("channel", channels);
export const messageStatusEnum = pgEnum("message_status", messageStatuses);
export const senderVerificationEnum = pgEnum("sender_verification", senderVerifications);
export const authorKindEnum = pgEnum("author_kind", authorKinds);

/**
 * A request in the message the pipeline could not turn into a change: the intent, the catalog
 * fields it lacks (none when the value was there but unusable), why, and where it was asked.
 * A person reads these on a needs-information item and asks the customer for what is missing.
 */
export type PendingRequest = {
  intent: string;
  missing: string[];
  reason: string;
  evidence?: { start: number; end: number };
  /** the kind of record the request names none of (several open orders, say) */
  reference?: "order" | "subscription" | "ticket";
};

/**
 * One row per message received on any channel. `(channel, source_id)` is unique, so a re-delivered
 * webhook or a re-polled mailbox never makes a second message. `raw` keeps the payload verbatim.
 */
export const messages = pgTable(
  "messages",
  {
    id: uuid().primaryKey().defaultRandom(),
    channel: channelEnum().notNull(),
    sourceId: text().notNull(),
    sender: text().notNull(),
    subject: text(),
    text: text().notNull(),
    /** sanitized HTML, when the channel delivered HTML */
    html: text(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    raw: jsonb().notNull(),
    status: messageStatusEnum().notNull().default("received"),
    /** how the sender was verified (contracts/message-input.ts), and why, for the reviewer */
    senderVerification: senderVerificationEnum().notNull().default("unverified"),
    senderVerificationReason: text(),
    /** who wrote it: the customer, or an agent (a note in the console or on a helpdesk ticket) */
    authorKind: authorKindEnum().notNull().default("customer"),
    /** the Changedesk user who wrote a staff note: they can never approve its changes */
    authorUserId: uuid().references(() => users.id),
    /** the agent as the helpdesk named them, for people to read */
    authorName: text(),
    /** the agent's email, lower-cased: what keeps them from approving their own note */
    authorEmail: text(),
    /**
     * the person who uploaded it in the console (an `.eml` file): a file cannot prove its headers,
     * so they never approve its changes themselves; a second person does
     */
    uploadedBy: uuid().references(() => users.id),
    /** the conversation: the id of its first message; a reply takes the thread of what it answers */
    threadId: uuid(),
    /** the email `Message-ID` (without angle brackets), and what it replies to */
    messageIdHeader: text(),
    inReplyTo: text(),
    references: text().array(),
    /** the ticket a note was written on */
    ticketNumber: integer(),
    /** last processing error, shown in the console; cleared on a successful retry */
    error: text(),
    attempts: integer().notNull().default(0),
    contactId: uuid().references(() => contacts.id),
    resolutionConfidence: real(),
    /** how the customer was found: from the sender, or `linked_by_person` for an unmatched message */
    resolutionMethod: text(),
    /** ISO 639-1 code the extractor read the message in, when it could tell */
    language: text(),
    /** what the extractor flagged (`injection_suspected`, `unsupported_language`) */
    flags: text().array(),
    /** requests the pipeline could not turn into changes; set on a needs-information item */
    pendingRequests: jsonb().$type<PendingRequest[]>(),
    /** when a person sent the customer the needs-information reply */
    answeredAt: timestamp({ withTimezone: true }),
    processedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique().on(t.channel, t.sourceId),
    index().on(t.status, t.receivedAt),
    index().on(t.contactId),
    index().on(t.threadId, t.receivedAt),
    index().on(t.messageIdHeader),
  ],
);

/** The source exactly as it arrived (an email's RFC 5322 bytes), kept apart from the row the console lists. */
export const messageSources = pgTable("message_sources", {
  messageId: uuid()
    .primaryKey()
    .references(() => messages.id),
  contentType: text().notNull(),
  body: bytea().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * An attachment of an email. Content over the size limit is not kept: the row says so, with its
 * size and hash, so a reviewer knows it existed.
 */
export const messageAttachments = pgTable(
  "message_attachments",
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id),
    filename: text().notNull(),
    contentType: text().notNull(),
    sizeBytes: bigint({ mode: "number" }).notNull(),
    sha256: text().notNull(),
    content: bytea(),
    /** why the content was not kept (too large) */
    omittedReason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.messageId)],
);

/** Every extractor run on a message, with the extractor's name and version. Shadow runs are kept too. */
export const extractions = pgTable(
  "extractions",
  {
    id: uuid().primaryKey().defaultRandom(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id),
    extractorName: text().notNull(),
    extractorVersion: text().notNull(),
    /** the extractor whose output the pipeline used (false for a shadow run) */
    isPrimary: boolean().notNull(),
    output: jsonb().notNull(),
    durationMs: real().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.messageId, t.extractorName, t.extractorVersion)],
);
