import { pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roles } from "../../contracts/permissions";

export const roleEnum = pgEnum("role", roles);

export const users = pgTable("users", {
  id: uuid().primaryKey().defaultRandom(),
  /** stored lower-cased */
  email: text().notNull().unique(),
  name: text().notNull(),
  role: roleEnum().notNull(),
  passwordHash: text().notNull(),
  disabledAt: timestamp({ withTimezone: true }),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Keys for the inbound API channel. Only a SHA-256 of the secret is kept; `prefix` identifies the key. */
export const apiKeys = pgTable("api_keys", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  prefix: text().notNull().unique(),
  keyHash: text().notNull(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp({ withTimezone: true }),
  revokedAt: timestamp({ withTimezone: true }),
});
