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
    resolutionMethod: text(),
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
