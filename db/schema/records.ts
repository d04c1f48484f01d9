import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uuid,
  index,
  unique,
} from "drizzle-orm/pg-core";
import type { Address } from "../../contracts/catalog";

/**
 * The built-in systems of record (crm, ticketing, commerce). Every record carries a `version`
 * that each write bumps: it is what compare-and-set and conflict detection are built on.
 * Column property names match the field catalog (`contact.postalAddress` → contacts.postalAddress).
 */

export const accounts = pgTable("crm_accounts", {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  tier: text().notNull().default("standard"),
  version: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const contacts = pgTable(
  "crm_contacts",
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid().references(() => accounts.id),
    name: text().notNull(),
    email: text(),
    phone: text(),
    postalAddress: jsonb().$type<Address>(),
    shippingAddress: jsonb().$type<Address>(),
    language: text().notNull().default("en"),
    marketingConsent: boolean().notNull().default(false),
    status: text().notNull().default("active"),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("crm_contacts_email_lower").on(sql`lower(${t.email})`),
    index().on(t.phone),
    index().on(t.accountId),
  ],
);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: serial().notNull().unique(),
    contactId: uuid().references(() => contacts.id),
    subject: text().notNull(),
    status: text().notNull().default("open"),
    priority: text().notNull().default("normal"),
    assignee: text(),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId)],
);

export const ticketNotes = pgTable("ticket_notes", {
  id: uuid().primaryKey().defaultRandom(),
  ticketId: uuid()
    .notNull()
    .references(() => tickets.id),
  author: text().notNull(),
  body: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export type OrderLine = { sku: string; name: string; quantity: number; unitPriceCents: number };

export const orders = pgTable(
  "orders",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: integer().notNull().unique(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
    status: text().notNull().default("pending"),
    shippingAddress: jsonb().$type<Address>(),
    lines: jsonb().$type<OrderLine[]>().notNull().default([]),
    totalCents: integer().notNull().default(0),
    currency: text().notNull().default("USD"),
    changeRequest: text(),
    version: integer().notNull().default(1),
    placedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId)],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: uuid().primaryKey().defaultRandom(),
    number: integer().notNull().unique(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
    plan: text().notNull(),
    status: text().notNull().default("active"),
    renewalDate: date({ mode: "string" }),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.contactId)],
);

/**
 * Identities a customer is known by beyond email and phone: a chat platform's user id, say.
 * `(kind, value)` is unique, so a verified identity resolves to one customer or none.
 */
export const contactIdentities = pgTable(
  "crm_contact_identities",
  {
    id: uuid().primaryKey().defaultRandom(),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
    kind: text().notNull(),
    value: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique().on(t.kind, t.value), index().on(t.contactId)],
);
