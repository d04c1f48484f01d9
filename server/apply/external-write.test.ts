import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact, createTestOrder, createTestUser } from "@/db/factories";
import { getProposalById, listChangesOfProposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, auditEvents, orders, outbox } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { upsertConnectorConfig } from "../connectors/config";
import { startFakeRestServer, type FakeRestServer } from "../connectors/testing/fake-rest-server";
import { readNotificationConfig } from "../notifications/config";
import { createNoticeSender } from "../notifications/send";
import { deliverOutboxItem } from "../outbox/deliver";
import { applyChangeSet } from "./apply-change-set";
import { retryPartiallyApplied } from "./retry-external";
import { rollBackChangeSet } from "./rollback";
import { createApprovedChangeSet } from "./testing";

const { db, close } = createTestDb({ max: 10 });
const sender = createNoticeSender(readNotificationConfig({}));
let remote: FakeRestServer;
const newAddress = {
  line1: "48 Willow Street",
  city: "Portland",
  region: "OR",
  postalCode: "97209",
  country: "US",
};
const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };

beforeAll(async () => {
  remote = await startFakeRestServer({ requireAuth: "Bearer s3cret" });
});
beforeEach(async () => {
  await resetDatabase(db);
  remote.records.clear();
  remote.appliedPatches.length = 0;
  remote.requests.length = 0;
  await upsertConnectorConfig(db, {
    store: "crm",
    kind: "rest",
    baseUrl: `${remote.url}/api`,
    authHeader: "Authorization: Bearer s3cret",
    fieldMapping: { contact: { phone: "mobile_phone" } },
    timeoutMs: 300,
  });
});
afterAll(async () => {
  await remote.close();
  await close();
});

/** The contact lives in the external CRM; its open order in the built-in shop. One change set touches both. */
async function mixedChangeSet() {
  const contact = await createTestContact(db);
  const order = await createTestOrder(db, contact.id);
  remote.put("api/contact", contact.id, { name: contact.name, mobile_phone: contact.phone });
  const set = await createApprovedChangeSet(db, {
    contactId: contact.id,
    changes: [
      { field: "contact.phone", recordId: contact.id, value: "+14155550188", intent: "update_phone" },
      {
        field: "order.shippingAddress",
        recordId: order.id,
        value: newAddress,
        intent: "update_shipping_address",
      },
    ],
    message: { sender: contact.email ?? "" },
  });
  return { contact, order, ...set };
}

async function writeItemOf(proposalId: string) {
  const rows = await db.select().from(outbox).where(eq(outbox.proposalId, proposalId));
  const item = rows.find((r) => r.kind === "connector_write");
  if (!item) throw new Error("no connector write queued");
  return item;
}

const deliver = (id: string, final = false) => deliverOutboxItem({ db, sender }, { outboxId: id, final });

async function lead(): Promise<Extract<Actor, { type: "user" }>> {
  const user = await createTestUser(db, "lead");
  return { type: "user", id: user.id, label: user.name };
}

describe("a change set spanning the built-in shop and an external CRM", () => {
  it("writes the built-in part at once, shows partially applied, then finishes from the outbox with If-Match and an idempotency key", async () => {
    const { contact, order, proposal } = await mixedChangeSet();
    const outcome = await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    expect(outcome).toMatchObject({ status: "partially_applied", applied: 1, sending: 1 });
    expect((await getProposalById(db, proposal.id))?.status).toBe("partially_applied");
    const [orderAfter] = await db.select().from(orders).where(eq(orders.id, order.id));
    expect(orderAfter?.shippingAddress).toEqual(newAddress);
    // no notice until the whole set has landed
    expect(
      (await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id))).map((r) => r.kind),
    ).toEqual(["connector_write"]);

    const item = await writeItemOf(proposal.id);
    const result = await deliver(item.id);
    expect(result).toMatchObject({
      status: "connector",
      result: { status: "written", alreadyHadValue: false },
    });
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe("+14155550188");
    const patch = remote.requests.find((r) => r.method === "PATCH");
    expect(patch?.headers).toMatchObject({
      "if-match": '"v1"',
      "idempotency-key": `write:${(item.payload as { changeId: string }).changeId}`,
      authorization: "Bearer s3cret",
    });

    expect(await getProposalById(db, proposal.id)).toMatchObject({ status: "applied" });
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id)),
    ).toHaveLength(2);
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550188");
    const notices = (await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id))).filter(
      (r) => r.kind === "notification",
    );
    expect(notices).toHaveLength(1);
    expect((notices[0]?.payload as { body: string }).body).toContain("phone number to +14155550188");

    // delivering again (a re-run job) sends nothing
    expect(await deliver(item.id)).toMatchObject({ status: "nothing_to_do" });
    expect(remote.appliedPatches).toHaveLength(1);
  });

  it("retries after a 503, a timeout and a 412, and writes exactly once", async () => {
    const { contact, proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const item = await writeItemOf(proposal.id);

    remote.onNextPatch({ kind: "status", status: 503 });
    await expect(deliver(item.id)).rejects.toThrow(/PATCH answered 503/);
    remote.onNextGet({ kind: "hang", ms: 1000 });
    await expect(deliver(item.id)).rejects.toThrow(/no answer within 300 ms/);
    remote.onNextPatch({ kind: "precondition" });
    await expect(deliver(item.id)).rejects.toThrow(/412/);
    const failing = await db.select().from(outbox).where(eq(outbox.id, item.id));
    expect(failing[0]).toMatchObject({ status: "pending", attempts: 3 });
    expect(
      (await listChangesOfProposal(db, proposal.id)).find((c) => c.field === "contact.phone")?.status,
    ).toBe("sending");

    expect(await deliver(item.id)).toMatchObject({ result: { status: "written" } });
    expect(remote.appliedPatches).toHaveLength(1);
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe("+14155550188");
    expect((await getProposalById(db, proposal.id))?.status).toBe("applied");
  });

  it("treats a write that landed before a crash as done, without writing again", async () => {
    const { contact, proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const item = await writeItemOf(proposal.id);
    // the PATCH went through, then the worker died before recording it
    const record = remote.get("api/contact", contact.id);
    if (record) Object.assign(record.values, { mobile_phone: "+14155550188" });
    expect(await deliver(item.id)).toMatchObject({ result: { status: "written", alreadyHadValue: true } });
    expect(remote.appliedPatches).toHaveLength(0);
    expect((await getProposalById(db, proposal.id))?.status).toBe("applied");
  });

  it("reports a value changed in the external system as a conflict; force overwrites it (audited), never silently", async () => {
    const { contact, proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const item = await writeItemOf(proposal.id);
    const record = remote.get("api/contact", contact.id);
    if (record) Object.assign(record.values, { mobile_phone: "+13125550000" });

    expect(await deliver(item.id)).toMatchObject({
      result: { status: "remote_conflict", currentValue: "+13125550000" },
    });
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe("+13125550000");
    const stored = await getProposalById(db, proposal.id);
    expect(stored).toMatchObject({ status: "partially_applied" });
    expect(stored?.conflicts?.[0]).toMatchObject({ field: "contact.phone", currentValue: "+13125550000" });
    const phone = (await listChangesOfProposal(db, proposal.id)).find((c) => c.field === "contact.phone");
    expect(phone).toMatchObject({
      status: "conflict",
      lastError: expect.stringContaining("+13125550000") as unknown,
    });

    const actor = await lead();
    await expect(
      retryPartiallyApplied({ db }, { proposalId: proposal.id, actions: [], actor }),
    ).rejects.toThrow(/choose force or skip/);
    await retryPartiallyApplied(
      { db },
      {
        proposalId: proposal.id,
        actions: [{ changeId: phone?.id ?? "", action: "force" }],
        actor,
      },
    );
    expect(await deliver(item.id)).toMatchObject({ result: { status: "written" } });
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe("+14155550188");
    expect((await getProposalById(db, proposal.id))?.status).toBe("applied");
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "change.forced"))).toHaveLength(
      1,
    );
  });

  it("marks a write dead after the last attempt; one click retries it, or skip closes the set", async () => {
    const { contact, proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const item = await writeItemOf(proposal.id);
    remote.onNextPatch({ kind: "status", status: 500 });
    expect(await deliver(item.id, true)).toMatchObject({ status: "dead" });
    expect((await db.select().from(outbox).where(eq(outbox.id, item.id)))[0]).toMatchObject({
      status: "dead",
      lastError: expect.stringContaining("500") as unknown,
    });
    const phone = (await listChangesOfProposal(db, proposal.id)).find((c) => c.field === "contact.phone");
    expect(phone?.status).toBe("failed");

    const actor = await lead();
    expect(
      await retryPartiallyApplied({ db }, { proposalId: proposal.id, actions: [], actor }),
    ).toMatchObject({
      retried: 1,
      applied: false,
    });
    expect(await deliver(item.id)).toMatchObject({ result: { status: "written" } });
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe("+14155550188");
    expect((await getProposalById(db, proposal.id))?.status).toBe("applied");
  });

  it("closes a partially applied set when the failed write is skipped", async () => {
    const { proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const item = await writeItemOf(proposal.id);
    remote.onNextPatch({ kind: "status", status: 500 });
    await deliver(item.id, true);
    const phone = (await listChangesOfProposal(db, proposal.id)).find((c) => c.field === "contact.phone");
    const result = await retryPartiallyApplied(
      { db },
      {
        proposalId: proposal.id,
        actions: [{ changeId: phone?.id ?? "", action: "skip" }],
        actor: await lead(),
      },
    );
    expect(result).toMatchObject({ skipped: 1, applied: true });
    expect(await getProposalById(db, proposal.id)).toMatchObject({ status: "applied" });
    expect(remote.appliedPatches).toHaveLength(0);
  });

  it("rolls back an external write through the outbox too", async () => {
    const { contact, proposal } = await mixedChangeSet();
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    await deliver((await writeItemOf(proposal.id)).id);
    const { rollbackProposalId, outcome } = await rollBackChangeSet(
      { db },
      {
        proposalId: proposal.id,
        actor: await lead(),
      },
    );
    expect(outcome).toMatchObject({ status: "partially_applied", sending: 1 });
    await deliver((await writeItemOf(rollbackProposalId)).id);
    expect(remote.get("api/contact", contact.id)?.values.mobile_phone).toBe(contact.phone);
    expect((await getProposalById(db, rollbackProposalId))?.status).toBe("applied");
    expect((await getProposalById(db, proposal.id))?.rolledBackByProposalId).toBe(rollbackProposalId);
  });
});
