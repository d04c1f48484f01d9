import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The append-only audit trail. A trigger (see the migration `audit_guard`) chains each row to the
 * previous one with a SHA-256 hash and refuses UPDATE, DELETE and TRUNCATE, so the application's
 * database role cannot rewrite history and any edit made around it is detectable.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** user | system | policy | api_key */
    actorType: text().notNull(),
    actorId: text(),
    actorLabel: text().notNull(),
    /** dotted verb: message.received, proposal.approved, change.applied ... */
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text().notNull(),
    contactId: uuid(),
    proposalId: uuid(),
    messageId: uuid(),
    policyVersion: integer(),
    data: jsonb().notNull().default({}),
    prevHash: text().notNull().default(""),
    hash: text().notNull().default(""),
  },
  (t) => [
    index().on(t.contactId, t.id),
    index().on(t.proposalId, t.id),
    index().on(t.messageId, t.id),
    index().on(t.occurredAt),
  ],
);
