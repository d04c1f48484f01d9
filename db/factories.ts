import { randomUUID } from "node:crypto";
import type { Role } from "@/contracts/permissions";
import type { Address } from "@/contracts/catalog";
import { getFieldDefinition } from "@/contracts/catalog";
import type { DbOrTx } from "./client";
import { insertProposal, insertProposedChanges } from "./queries/proposals";
import { insertUser } from "./queries/users";
import { contacts, orders } from "./schema";

/** Test data builders. They write real rows; nothing here bypasses a rule the services enforce. */

let sequence = 0;
const next = () => ++sequence;

export async function createTestUser(db: DbOrTx, role: Role, overrides: { disabled?: boolean } = {}) {
  const n = next();
  return insertUser(db, {
    email: `${role}-${n}-${randomUUID().slice(0, 6)}@test.changedesk`,
    name: `${role[0]?.toUpperCase()}${role.slice(1)} ${n}`,
    role,
    // a real scrypt hash is slow; these users sign in through createCaller, not passwords
    passwordHash: "scrypt$16384$8$1$AAAA$AAAA",
    disabledAt: overrides.disabled ? new Date() : null,
  });
}

export const testAddress: Address = {
  line1: "1 Test Street",
  city: "Springfield",
  region: "IL",
  postalCode: "62704",
  country: "US",
};

export async function createTestContact(db: DbOrTx, overrides: Partial<typeof contacts.$inferInsert> = {}) {
  const n = next();
  const [contact] = await db
    .insert(contacts)
    .values({
      name: `Customer ${n}`,
      email: `customer-${n}-${randomUUID().slice(0, 6)}@example.com`,
      phone: `+1212555${String(1000 + (n % 9000)).padStart(4, "0")}`,
      postalAddress: testAddress,
      shippingAddress: testAddress,
      ...overrides,
    })
    .returning();
  if (!contact) throw new Error("contact not created");
  return contact;
}

export async function createTestOrder(
  db: DbOrTx,
  contactId: string,
  overrides: Partial<typeof orders.$inferInsert> = {},
) {
  const [order] = await db
    .insert(orders)
    .values({
      number: 50_000 + next() * 7 + Math.floor(Math.random() * 5),
      contactId,
      status: "processing",
      shippingAddress: testAddress,
      ...overrides,
    })
    .returning();
  if (!order) throw new Error("order not created");
  return order;
}

/**
 * A proposal waiting for review with one change to a contact field, computed against the
 * contact as it is now (as the pipeline would).
 */
export async function createReviewProposal(
  db: DbOrTx,
  params: {
    contact: typeof contacts.$inferSelect;
    field?: "contact.phone" | "contact.email" | "contact.name" | "contact.status";
    value?: unknown;
    status?: "pending_review" | "approved";
    requiredApprovals?: number;
  },
) {
  const fieldKey = params.field ?? "contact.phone";
  const field = getFieldDefinition(fieldKey);
  if (!field) throw new Error(`unknown field ${fieldKey}`);
  const base = (params.contact as Record<string, unknown>)[field.field] ?? null;
  const value = params.value ?? "+14155550199";
  const proposal = await insertProposal(db, {
    kind: "change",
    contactId: params.contact.id,
    status: params.status ?? "pending_review",
    intents: ["update_phone"],
    summary: `Update ${field.label.toLowerCase()} (${params.contact.name}): ${JSON.stringify(value)}`,
    confidence: 0.8,
    route: params.status === "approved" ? "auto_apply" : "review",
    routeRule: "confidence_below_0.9",
    requiredApprovals: params.requiredApprovals ?? 1,
  });
  const [change] = await insertProposedChanges(db, [
    {
      proposalId: proposal.id,
      position: 0,
      intent: "update_phone",
      store: field.store,
      entity: field.entity,
      recordId: params.contact.id,
      recordLabel: params.contact.name,
      field: fieldKey,
      baseValue: base,
      baseVersion: params.contact.version,
      proposedValue: value,
      confidence: 0.8,
      evidenceStart: 0,
      evidenceEnd: 10,
      rationale: "test",
      risk: field.risk,
      route: params.status === "approved" ? "auto_apply" : "review",
      routeRule: "confidence_below_0.9",
      status: params.status === "approved" ? "approved" : "pending",
    },
  ]);
  if (!change) throw new Error("change not created");
  return { proposal, change };
}
