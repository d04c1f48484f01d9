import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

/** Postgres' 64-bit transaction id, read and written as its decimal text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * The append-only audit trail. Appends never wait on each other: a row only records the
 * transaction that wrote it (`txid`). The sealer (server/audit/seal.ts) later links finished rows
 * into the hash chain (`audit_seals`) and signs checkpoints over it. Triggers (migrations
 * `audit_guard` and `audit_chain`) refuse UPDATE, DELETE and TRUNCATE, and the application's role
 * may only INSERT and SELECT, so history cannot be rewritten, and an edit made around the guard is
 * found by `npm run audit:verify`.
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
    /**
     * The customer's personal data in this entry, encrypted with that customer's key (crypto-
     * shredding: erasing the customer destroys the key, and the sealed ciphertext stays verifiable).
     */
    personal: text(),
    /** the writing transaction: the sealer links a row only once every earlier transaction ended */
    txid: xid8()
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    index().on(t.contactId, t.id),
    index().on(t.proposalId, t.id),
    index().on(t.messageId, t.id),
    index().on(t.occurredAt),
    index().on(t.txid, t.id),
  ],
);

/**
 * The hash chain, one link per sealed event in seal order (`seq`). `hash` covers the previous
 * link's hash, the position and the event's content hash (docs/audit.md gives the exact bytes), so
 * an edited, removed, inserted or reordered event breaks the chain at a named place.
 */
export const auditSeals = pgTable("audit_seals", {
  seq: bigint({ mode: "number" }).primaryKey(),
  eventId: bigint({ mode: "number" }).notNull().unique(),
  contentHash: text().notNull(),
  prevHash: text().notNull(),
  hash: text().notNull(),
  sealedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Signed statements "the chain had `eventCount` links ending in `headHash` at `lastSeq`". The
 * Ed25519 key that signs them lives outside the database (AUDIT_SIGNING_KEY_FILE), and each
 * checkpoint is also exported (a file, a webhook), so rewriting the database cannot forge one.
 */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: serial().primaryKey(),
  lastSeq: bigint({ mode: "number" }).notNull().unique(),
  headHash: text().notNull(),
  eventCount: bigint({ mode: "number" }).notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  /** first 16 hex digits of the SHA-256 of the public key's DER */
  keyId: text().notNull(),
  /** base64 Ed25519 signature over the checkpoint's canonical statement */
  signature: text().notNull(),
});
