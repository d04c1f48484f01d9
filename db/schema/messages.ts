import {
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
import { channels } from "../../contracts/message-input";
import { messageStatuses } from "../../contracts/statuses";
import { contacts } from "./records";

export const channelEnum = pgEnum("channel", channels);
export const messageStatusEnum = pgEnum("message_status", messageStatuses);

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
  (t) => [unique().on(t.channel, t.sourceId), index().on(t.status, t.receivedAt), index().on(t.contactId)],
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
