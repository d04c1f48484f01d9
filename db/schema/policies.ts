import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PolicyRules } from "../../contracts/policy-rules";
import { users } from "./users";

/** Policies are versioned and never edited in place: a change is a new version. One is active. */
export const policyVersions = pgTable(
  "policy_versions",
  {
    id: uuid().primaryKey().defaultRandom(),
    version: integer().notNull().unique(),
    rules: jsonb().$type<PolicyRules>().notNull(),
    isActive: boolean().notNull().default(false),
    note: text(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("policy_versions_one_active")
      .on(t.isActive)
      .where(sql`${t.isActive}`),
  ],
);
