import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { contacts, orders, subscriptions, tickets } from "../schema";

export type Contact = typeof contacts.$inferSelect;

export async function getContactById(db: DbOrTx, id: string): Promise<Contact | undefined> {
  const [contact] = await db.select().from(contacts).where(eq(contacts.id, id));
  return contact;
}

export async function listContactsByEmail(db: DbOrTx, email: string): Promise<Contact[]> {
  return db
    .select()
    .from(contacts)
    .where(sql`lower(${contacts.email}) = ${email.trim().toLowerCase()}`);
}

export async function listContactsByPhone(db: DbOrTx, phoneE164: string): Promise<Contact[]> {
  return db.select().from(contacts).where(eq(contacts.phone, phoneE164));
}

export async function listOrdersOfContact(db: DbOrTx, contactId: string) {
  return db.select().from(orders).where(eq(orders.contactId, contactId)).orderBy(desc(orders.placedAt));
}

export async function listSubscriptionsOfContact(db: DbOrTx, contactId: string) {
  return db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.contactId, contactId))
    .orderBy(subscriptions.number);
}

export async function listTicketsOfContact(db: DbOrTx, contactId: string) {
  return db.select().from(tickets).where(eq(tickets.contactId, contactId)).orderBy(desc(tickets.createdAt));
}

/** Only ever among the customer's own orders: the text cannot point us at someone else's. */
export async function getOrderOfContact(db: DbOrTx, contactId: string, number: number) {
  const [order] = await db
    .select()
    .from(orders)
    .where(and(eq(orders.contactId, contactId), eq(orders.number, number)));
  return order;
}

export async function getSubscriptionOfContact(db: DbOrTx, contactId: string, number: number) {
  const [subscription] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.contactId, contactId), eq(subscriptions.number, number)));
  return subscription;
}

export async function getTicketOfContact(db: DbOrTx, contactId: string, number: number) {
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(and(eq(tickets.contactId, contactId), eq(tickets.number, number)));
  return ticket;
}

export async function listOpenOrdersOfContact(db: DbOrTx, contactId: string) {
  return db
    .select()
    .from(orders)
    .where(and(eq(orders.contactId, contactId), inArray(orders.status, ["pending", "processing"])));
}

/** The most recently changed record of a kind: what a connection test reads from the external copy. */
export async function getLatestRecordId(
  db: DbOrTx,
  entity: "contact" | "ticket" | "order",
): Promise<string | undefined> {
  const table = entity === "contact" ? contacts : entity === "ticket" ? tickets : orders;
  const [row] = await db.select({ id: table.id }).from(table).orderBy(desc(table.updatedAt)).limit(1);
  return row?.id;
}
