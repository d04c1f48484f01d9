import { desc, eq, ilike, or } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit";
import { listMessages } from "@/db/queries/messages";
import {
  getContactById,
  listOrdersOfContact,
  listSubscriptionsOfContact,
  listTicketsOfContact,
} from "@/db/queries/records";
import { contacts, proposals } from "@/db/schema";
import { AppError } from "../errors";

/** The customer page: the record, their orders, subscriptions and tickets, messages, proposals and history. */
export async function getCustomerDetail(db: DbOrTx, contactId: string) {
  const contact = await getContactById(db, contactId);
  if (!contact) throw new AppError("NOT_FOUND", "This customer does not exist");
  const [orders, subscriptions, tickets, messages, customerProposals, events] = await Promise.all([
    listOrdersOfContact(db, contactId),
    listSubscriptionsOfContact(db, contactId),
    listTicketsOfContact(db, contactId),
    listMessages(db, { contactId, limit: 50 }),
    db
      .select()
      .from(proposals)
      .where(eq(proposals.contactId, contactId))
      .orderBy(desc(proposals.createdAt))
      .limit(50),
    listAuditEvents(db, { contactId, limit: 100 }),
  ]);
  return { contact, orders, subscriptions, tickets, messages, proposals: customerProposals, events };
}

export async function searchCustomers(db: DbOrTx, params: { query?: string; limit: number }) {
  const pattern = params.query ? `%${params.query.replace(/[%_\\]/g, "\\$&")}%` : undefined;
  return db
    .select({
      id: contacts.id,
      name: contacts.name,
      email: contacts.email,
      phone: contacts.phone,
      version: contacts.version,
      updatedAt: contacts.updatedAt,
    })
    .from(contacts)
    .where(
      pattern
        ? or(ilike(contacts.name, pattern), ilike(contacts.email, pattern), ilike(contacts.phone, pattern))
        : undefined,
    )
    .orderBy(contacts.name)
    .limit(params.limit);
}
