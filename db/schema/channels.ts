import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import type {
  ImportColumns,
  ImportFormat,
  ImportRowInput,
  ImportStatus,
} from "../../contracts/import-inputs";
import type { ProcessedAction } from "../../contracts/mailbox-inputs";
import { messages } from "./messages";
import { users } from "./users";

/**
 * Per-channel settings an admin keeps: the chat channel's signing secret, the receiving mail
 * servers whose `Authentication-Results` are believed. Secrets never leave the server.
 */
export const channelSettings = pgTable("channel_settings", {
  channel: text().primaryKey(),
  settings: jsonb().$type<Record<string, unknown>>().notNull().default({}),
  /** the HMAC signing secret (chat); write-only from the console */
  secret: text(),
  updatedBy: uuid().references(() => users.id),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * A mailbox the worker polls over IMAP. Idempotency comes from `(uid_validity, uid)`: a message is
 * stored with source id `<mailbox id>:<uidvalidity>:<uid>`, and `last_uid` only says where the
 * next poll starts. The password is write-only from the console.
 */
export const imapMailboxes = pgTable("imap_mailboxes", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  host: text().notNull(),
  port: integer().notNull().default(993),
  secure: boolean().notNull().default(true),
  username: text().notNull(),
  password: text().notNull(),
  mailbox: text().notNull().default("INBOX"),
  /** after a message is stored: move it to `processedMailbox`, or flag it `\Seen` and `$Changedesk` */
  processedAction: text().$type<ProcessedAction>().notNull().default("flag"),
  processedMailbox: text(),
  /** mail read here counts as a verified sender (the admin vouches for the mailbox's filtering) */
  trusted: boolean().notNull().default(false),
  enabled: boolean().notNull().default(true),
  uidValidity: bigint({ mode: "number" }),
  lastUid: bigint({ mode: "number" }).notNull().default(0),
  /** the last poll, whatever its outcome; `last_error` is set when it failed */
  lastPolledAt: timestamp({ withTimezone: true }),
  lastSucceededAt: timestamp({ withTimezone: true }),
  /** new messages the last successful poll stored */
  lastPollStored: integer().notNull().default(0),
  /** fit to show an admin: no stack, no SQL */
  lastError: text(),
  /** failed polls in a row; the next poll backs off with it */
  consecutiveFailures: integer().notNull().default(0),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A bulk import of past messages: previewed first, then run in chunks, resumable. */
export const messageImports = pgTable("message_imports", {
  id: uuid().primaryKey().defaultRandom(),
  filename: text().notNull(),
  format: text().$type<ImportFormat>().notNull(),
  /** previewed → running → done; `paused` when a person stops it, `failed` on a broken run */
  status: text().$type<ImportStatus>().notNull().default("previewed"),
  /** the file's columns and which field is read from which (contracts/import-inputs.ts) */
  columns: jsonb()
    .$type<ImportColumns>()
    .notNull()
    .default({} as ImportColumns),
  totalRows: integer().notNull().default(0),
  validRows: integer().notNull().default(0),
  importedRows: integer().notNull().default(0),
  duplicateRows: integer().notNull().default(0),
  failedRows: integer().notNull().default(0),
  error: text(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp({ withTimezone: true }),
  finishedAt: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** One row of an import, with its error or the message it became. `row_id` is the idempotency key. */
export const messageImportRows = pgTable(
  "message_import_rows",
  {
    importId: uuid()
      .notNull()
      .references(() => messageImports.id),
    rowNumber: integer().notNull(),
    rowId: text(),
    input: jsonb().$type<ImportRowInput>(),
    error: text(),
    messageId: uuid().references(() => messages.id),
    /** true once the row has been through ingest (stored, or found as a duplicate) */
    done: boolean().notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.importId, t.rowNumber] }),
    unique().on(t.importId, t.rowId),
    index().on(t.importId, t.done),
  ],
);
