import { and, eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact, createTestOrder, createTestUser, testAddress } from "@/db/factories";
import { getProposalById, listChangesOfProposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, auditEvents, contacts, orders, outbox } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { applyChangeSet } from "./apply-change-set";
import { resolveRollbackConflicts, rollBackChangeSet } from "./rollback";
import { createApprovedChangeSet } from "./testing";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };
const newAddress = {
  line1: "48 Willow Street",
  city: "Portland",
  region: "OR",
  postalCode: "97209",
  country: "US",
};

async function lead(): Promise<Extract<Actor, { type: "user" }>> {
  const user = await createTestUser(db, "lead");
  return { type: "user", id: user.id, label: `${user.name} <${user.email}>` };
}

/** A contact and their open order, both moved to a new address in one applied change set. */
async function appliedAddressChange() {
  const contact = await createTestContact(db, { language: "de" });
  const order = await createTestOrder(db, contact.id);
  const set = await createApprovedChangeSet(db, {
    contactId: contact.id,
    changes: [
      {
        field: "contact.shippingAddress",
        recordId: contact.id,
        value: newAddress,
        intent: "update_shipping_address",
      },
      {
        field: "order.shippingAddress",
        recordId: order.id,
        value: newAddress,
        intent: "update_shipping_address",
      },
      { field: "contact.name", recordId: contact.id, value: "Ana Silva", intent: "update_name" },
    ],
    message: { sender: contact.email ?? "", subject: "Moving" },
  });
  const outcome = await applyChangeSet({ db }, { proposalId: set.proposal.id, actor: policyActor });
  expect(outcome).toMatchObject({ status: "applied", applied: 3 });
  return { contact, order, ...set };
}

describe("applying a change set across records and stores", () => {
  it("writes a contact and its order in one transaction, with one applied row and audit entry each, and a notice in the customer's language", async () => {
    const { contact, order, proposal } = await appliedAddressChange();
    const after = await getContactById(db, contact.id);
    expect(after).toMatchObject({
      shippingAddress: newAddress,
      name: "Ana Silva",
      version: contact.version + 1,
    });
    const [orderAfter] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(orderAfter).toMatchObject({ shippingAddress: newAddress, version: order.version + 1 });
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id)),
    ).toHaveLength(3);
    expect(
      await db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.proposalId, proposal.id), eq(auditEvents.action, "change.applied"))),
    ).toHaveLength(3);
    const [notice] = await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id));
    expect(notice).toMatchObject({ kind: "notification", status: "pending", recipient: contact.email });
    const body = (notice?.payload as { body: string }).body;
    expect(body).toContain(
      `Wir haben die Lieferadresse von Order ${order.number} auf 48 Willow Street, 97209 Portland, OR, US geändert.`,
    );
    expect(body).toContain("Wir haben Ihren Namen auf Ana Silva geändert.");
  });
});

describe("rollBackChangeSet", () => {
  it("restores every field through the apply path, links both ways and sends a correction", async () => {
    const { contact, order, proposal } = await appliedAddressChange();
    const actor = await lead();
    const { rollbackProposalId, outcome } = await rollBackChangeSet(
      { db },
      { proposalId: proposal.id, actor },
    );
    expect(outcome).toMatchObject({ status: "applied", applied: 3 });

    expect(await getContactById(db, contact.id)).toMatchObject({
      shippingAddress: testAddress,
      name: contact.name,
      version: contact.version + 2,
    });
    const [orderAfter] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(orderAfter?.shippingAddress).toEqual(testAddress);
    const rows = await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id));
    expect(
      rows.every((r) => r.rolledBackByProposalId === rollbackProposalId && r.rolledBackAt !== null),
    ).toBe(true);
    expect(await getProposalById(db, proposal.id)).toMatchObject({
      status: "applied",
      rolledBackByProposalId: rollbackProposalId,
    });
    expect(await getProposalById(db, rollbackProposalId)).toMatchObject({
      kind: "rollback",
      status: "applied",
      rollsBackProposalId: proposal.id,
    });

    const [correction] = await db.select().from(outbox).where(eq(outbox.proposalId, rollbackProposalId));
    expect((correction?.payload as { body: string }).body).toContain(
      "wir haben eine frühere Änderung rückgängig gemacht",
    );
    const requested = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "proposal.rollback_requested"));
    expect(requested[0]).toMatchObject({ actorId: actor.id, proposalId: rollbackProposalId });
    await expect(rollBackChangeSet({ db }, { proposalId: proposal.id, actor })).rejects.toThrow(
      /already been rolled back/,
    );
  });

  it("rolls back a single field and leaves the rest standing", async () => {
    const { contact, proposal } = await appliedAddressChange();
    const actor = await lead();
    const nameRow = (
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id))
    ).find((r) => r.field === "contact.name");
    const { outcome } = await rollBackChangeSet(
      { db },
      {
        proposalId: proposal.id,
        appliedChangeIds: [nameRow?.id ?? ""],
        actor,
      },
    );
    expect(outcome).toMatchObject({ status: "applied", applied: 1 });
    expect(await getContactById(db, contact.id)).toMatchObject({
      name: contact.name,
      shippingAddress: newAddress,
    });
    // the set is not rolled back as a whole while other fields stand
    expect((await getProposalById(db, proposal.id))?.rolledBackByProposalId).toBeNull();
  });

  it("reports a field changed since as a conflict; the person skips one and forces another, and forcing is audited", async () => {
    const { contact, order, proposal } = await appliedAddressChange();
    const actor = await lead();
    // someone edits the name and the order's address in the CRM and shop afterwards
    await db
      .update(contacts)
      .set({ name: "Ana S. Silva", version: contact.version + 2 })
      .where(eq(contacts.id, contact.id));
    const elsewhere = { ...newAddress, line1: "50 Willow Street" };
    await db
      .update(orders)
      .set({ shippingAddress: elsewhere, version: order.version + 2 })
      .where(eq(orders.id, order.id));

    const { rollbackProposalId, outcome } = await rollBackChangeSet(
      { db },
      { proposalId: proposal.id, actor },
    );
    expect(outcome.status).toBe("conflict");
    if (outcome.status !== "conflict") return;
    expect(outcome.conflicts.map((c) => c.field).sort()).toEqual(["contact.name", "order.shippingAddress"]);
    expect(await getContactById(db, contact.id)).toMatchObject({
      name: "Ana S. Silva",
      shippingAddress: newAddress,
    });

    const rollback = await getProposalById(db, rollbackProposalId);
    const changes = await listChangesOfProposal(db, rollbackProposalId);
    const byField = (key: string) => changes.find((c) => c.field === key)?.id ?? "";
    await expect(
      resolveRollbackConflicts(
        { db },
        {
          proposalId: rollbackProposalId,
          expectedVersion: rollback?.version ?? 0,
          resolutions: [{ changeId: byField("contact.name"), action: "skip" }],
          actor,
        },
      ),
    ).rejects.toThrow(/Choose skip or force/);
    const resolved = await resolveRollbackConflicts(
      { db },
      {
        proposalId: rollbackProposalId,
        expectedVersion: rollback?.version ?? 0,
        resolutions: [
          { changeId: byField("contact.name"), action: "skip" },
          { changeId: byField("order.shippingAddress"), action: "force" },
        ],
        actor,
      },
    );
    expect(resolved).toMatchObject({ status: "applied", applied: 2 });
    expect(await getContactById(db, contact.id)).toMatchObject({
      name: "Ana S. Silva",
      shippingAddress: testAddress,
    });
    const [orderAfter] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(orderAfter?.shippingAddress).toEqual(testAddress);
    const forced = await db.select().from(auditEvents).where(eq(auditEvents.action, "change.forced"));
    expect(forced).toHaveLength(1);
    expect(forced[0]).toMatchObject({
      actorId: actor.id,
      data: expect.objectContaining({ field: "order.shippingAddress", overwrote: elsewhere }) as unknown,
    });
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "change.skipped"))).toHaveLength(
      1,
    );
    // the skipped field's applied change still stands
    const standing = (
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id))
    ).filter((r) => !r.rolledBackByProposalId);
    expect(standing.map((r) => r.field)).toEqual(["contact.name"]);
  });

  it("rolls back a rollback, restoring the change", async () => {
    const { contact, proposal } = await appliedAddressChange();
    const actor = await lead();
    const first = await rollBackChangeSet({ db }, { proposalId: proposal.id, actor });
    const second = await rollBackChangeSet({ db }, { proposalId: first.rollbackProposalId, actor });
    expect(second.outcome).toMatchObject({ status: "applied", applied: 3 });
    expect(await getContactById(db, contact.id)).toMatchObject({
      name: "Ana Silva",
      shippingAddress: newAddress,
      version: contact.version + 3,
    });
    expect((await getProposalById(db, first.rollbackProposalId))?.rolledBackByProposalId).toBe(
      second.rollbackProposalId,
    );
  });

  it("lets only one of two simultaneous rollbacks of the same set through", async () => {
    const { proposal } = await appliedAddressChange();
    const [a, b] = await Promise.all([lead(), lead()]);
    const results = await Promise.allSettled([
      rollBackChangeSet({ db }, { proposalId: proposal.id, actor: a }),
      rollBackChangeSet({ db }, { proposalId: proposal.id, actor: b }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(String(rejected?.reason)).toMatch(/already been rolled back/);
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.field, "contact.name")),
    ).toHaveLength(2);
  });

  it("refuses to roll back what was never applied", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createApprovedChangeSet(db, {
      contactId: contact.id,
      changes: [{ field: "contact.name", recordId: contact.id, value: "X Y" }],
    });
    await expect(rollBackChangeSet({ db }, { proposalId: proposal.id, actor: await lead() })).rejects.toThrow(
      /Only applied changes can be rolled back/,
    );
  });
});
