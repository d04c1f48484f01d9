import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { EntityName, StoreName } from "../../contracts/catalog";
import { outboxStatuses } from "../../contracts/statuses";
import { messages } from "./messages";
import { proposals, proposedChanges } from "./proposals";

/**
 * One row per proposed change that was written. `proposedChangeId` is unique: this is the key
 * that makes a change applied at most once, whatever the queue, the workers or the clicks do.
 */
export const appliedChanges = pgTable(
  "applied_changes",
  {
    id: uuid().primaryKey().defaultRandom(),
    proposedChangeId: uuid()
      .notNull()
      .unique()
      .references(() => proposedChanges.id),
    proposalId: uuid()
      .notNull()
      .references(() => proposals.id),
    store: text().$type<StoreName>().notNull(),
    entity: text().$type<EntityName>().notNull(),
    recordId: uuid().notNull(),
    field: text().notNull(),
    oldValue: jsonb(),
    newValue: jsonb(),
    versionBefore: integer().notNull(),
    versionAfter: integer().notNull(),
    actorType: text().notNull(),
    actorId: text(),
    appliedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** set when a rollback of this change was applied */
    rolledBackByProposalId: uuid().references(() => proposals.id),
    rolledBackAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.recordId, t.field), index().on(t.proposalId)],
);

export const outboxStatusEnum = pgEnum("outbox_status", outboxStatuses);

/**
 * Work that leaves our database (customer notices, writes to external systems). Written in the
 * apply transaction, delivered after commit, keyed so that a retry never sends twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text().notNull(),
    idempotencyKey: text().notNull().unique(),
    proposalId: uuid().references(() => proposals.id),
    channel: text(),
    recipient: text(),
    payload: jsonb().notNull(),
    status: outboxStatusEnum().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    lastError: text(),
    /** for a notice: the customer's message it answers, and its own email `Message-ID` (threading) */
    messageId: uuid().references(() => messages.id),
    emailMessageId: text(),
    /** for connector writes: the store it goes to */
    store: text(),
    nextAttemptAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.status, t.createdAt), index().on(t.emailMessageId)],
);

/**
 * How a store is reached. Built-in stores live in our Postgres; a REST store is an external system
 * written through the outbox (GET with ETag/version, PATCH with If-Match and an idempotency key).
 */
export const connectorConfigs = pgTable("connector_configs", {
  id: uuid().primaryKey().defaultRandom(),
  store: text().notNull().unique(),
  kind: text().notNull().default("builtin"),
  baseUrl: text(),
  /** e.g. "Authorization: Bearer …"; kept server-side only */
  authHeader: text(),
  /** catalog field → remote field name, per entity: { "contact": { "phone": "mobile_phone" } } */
  fieldMapping: jsonb().$type<Record<string, Record<string, string>>>().notNull().default({}),
  timeoutMs: integer().notNull().default(5000),
  enabled: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
