import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact } from "@/db/factories";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, auditEvents, outbox } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { applyChangeSet } from "./apply-change-set";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };

describe("applyChangeSet", () => {
  it("applies an approved change set once however often the job runs, concurrently or again later", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, {
      contact,
      status: "approved",
      value: "+14155550155",
    });

    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor }),
      ),
    );
    const again = await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });

    expect(concurrent.filter((r) => r.status === "applied")).toHaveLength(1);
    expect(concurrent.filter((r) => r.status === "already_applied")).toHaveLength(4);
    expect(again.status).toBe("already_applied");
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id)),
    ).toHaveLength(1);
    const after = await getContactById(db, contact.id);
    expect(after?.phone).toBe("+14155550155");
    expect(after?.version).toBe(contact.version + 1);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "change.applied"))).toHaveLength(
      1,
    );
  });

  it("does not apply a proposal that nobody approved", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact });
    const result = await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    expect(result).toEqual({ status: "not_approved", currentStatus: "pending_review" });
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);
  });

  it("records the old and new value, the versions, and queues no notice without a source message", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, {
      contact,
      status: "approved",
      value: "+14155550156",
    });
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const [row] = await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id));
    expect(row).toMatchObject({
      oldValue: contact.phone,
      newValue: "+14155550156",
      versionBefore: 1,
      versionAfter: 2,
      actorType: "policy",
    });
    expect(await db.select().from(outbox)).toHaveLength(0);
  });
});
