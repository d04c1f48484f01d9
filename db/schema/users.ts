import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roles } from "../../contracts/permissions";

export const roleEnum = pgEnum("role", roles);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    /** stored lower-cased */
    email: text().notNull().unique(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    passwordHash: text().notNull(),
    /**
     * The person behind the account as the identity provider names them (issuer and subject), once
     * SSO signs people in; null for password accounts. Not unique: one person may hold two accounts
     * (a reviewer's and an admin's), and the two-person rule counts accounts with the same subject
     * as one person.
     */
    ssoSubject: text(),
    /**
     * Every session carries the version it was signed in at; sign-out, a password change, a role
     * change or a disable bumps it, so every older session ends on its next request.
     */
    sessionVersion: integer().notNull().default(1),
    /** an admin forced a reset: the next sign-in must choose a new password before anything else */
    mustChangePassword: boolean().notNull().default(false),
    disabledAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.ssoSubject)],
);

/**
 * Keys for the inbound channels. Only a SHA-256 of the secret is kept; `prefix` identifies the key.
 * A key may post only to its `channels`, and its sender claims count as verified only when an admin
 * trusts it to assert senders.
 */
export const apiKeys = pgTable("api_keys", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  prefix: text().notNull().unique(),
  keyHash: text().notNull(),
  channels: text()
    .array()
    .notNull()
    .default(sql`'{api}'::text[]`),
  trustedSender: boolean().notNull().default(false),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});

/**
 * Failed sign-ins per account (`account:<email>`) and per client address (`address:<ip>`): after
 * five, each try must wait longer, and then the key is locked for 15 minutes (server/auth/sign-in-limits.ts).
 */
export const signInThrottles = pgTable("sign_in_throttles", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lastAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});
