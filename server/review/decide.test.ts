import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { getProposalById, listChangesOfProposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, auditEvents, contacts } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { AppError } from "../errors";
import { approveProposal, rejectProposal } from "./decide";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

function actorOf(user: { id: string; name: string; email: string }): Extract<Actor, { type: "user" }> {
  return { type: "user", id: user.id, label: `${user.name} <${user.email}>` };
}

describe("approveProposal", () => {
  it("applies once when two reviewers approve at the same moment; the loser is told who won", async () => {
    const [first, second] = await Promise.all([
      createTestUser(db, "reviewer"),
      createTestUser(db, "reviewer"),
    ]);
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact, value: "+14155550123" });

    const results = await Promise.allSettled(
      [first, second].map((user) =>
        approveProposal(
          { db },
          { proposalId: proposal.id, expectedVersion: 1, edits: [], actor: actorOf(user) },
        ),
      ),
    );

    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(AppError);
    expect((rejected[0]?.reason as AppError).code).toBe("CONFLICT");
    expect((rejected[0]?.reason as AppError).message).toMatch(/Already decided by (Reviewer \d+)/);

    const rows = await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id));
    expect(rows).toHaveLength(1);
    const updated = await getContactById(db, contact.id);
    expect(updated?.phone).toBe("+14155550123");
    expect(updated?.version).toBe(contact.version + 1);
    const appliedEvents = await db.select().from(auditEvents).where(eq(auditEvents.action, "change.applied"));
    expect(appliedEvents).toHaveLength(1);
  });

  it("reports a conflict and writes nothing when the record changed after the proposal", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const { proposal, change } = await createReviewProposal(db, { contact, value: "+14155550123" });
    // someone edits the phone in the CRM after the proposal was computed
    await db
      .update(contacts)
      .set({ phone: "+13125550100", version: contact.version + 1 })
      .where(eq(contacts.id, contact.id));

    const result = await approveProposal(
      { db },
      {
        proposalId: proposal.id,
        expectedVersion: 1,
        edits: [],
        actor: actorOf(reviewer),
      },
    );

    expect(result.status).toBe("conflict");
    const after = await getContactById(db, contact.id);
    expect(after?.phone).toBe("+13125550100");
    expect(after?.version).toBe(contact.version + 1);
    expect(await db.select().from(appliedChanges)).toHaveLength(0);
    const stored = await getProposalById(db, proposal.id);
    expect(stored?.status).toBe("conflict");
    expect(stored?.conflicts?.[0]).toMatchObject({
      field: "contact.phone",
      expectedValue: contact.phone,
      currentValue: "+13125550100",
    });
    // the change is re-based on the current value, so the next review shows a fresh diff
    const [rebased] = await listChangesOfProposal(db, proposal.id);
    expect(rebased?.id).toBe(change.id);
    expect(rebased?.baseValue).toBe("+13125550100");
    expect(rebased?.status).toBe("conflict");

    // deciding again on the fresh diff applies it
    const retry = await approveProposal(
      { db },
      {
        proposalId: proposal.id,
        expectedVersion: stored?.version ?? 0,
        edits: [],
        actor: actorOf(reviewer),
      },
    );
    expect(retry.status).toBe("applied");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550123");
  });

  it("refuses a stale version with a clear message", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact });
    await expect(
      approveProposal(
        { db },
        {
          proposalId: proposal.id,
          expectedVersion: 7,
          edits: [],
          actor: actorOf(reviewer),
        },
      ),
    ).rejects.toThrow(/changed since you opened it/);
  });

  it("validates an edited value like a proposed one and keeps both", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const { proposal, change } = await createReviewProposal(db, { contact, value: "+14155550123" });

    await expect(
      approveProposal(
        { db },
        {
          proposalId: proposal.id,
          expectedVersion: 1,
          edits: [{ changeId: change.id, value: "not a phone" }],
          actor: actorOf(reviewer),
        },
      ),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);

    const result = await approveProposal(
      { db },
      {
        proposalId: proposal.id,
        expectedVersion: 1,
        edits: [{ changeId: change.id, value: "(415) 555-0177" }],
        actor: actorOf(reviewer),
      },
    );
    expect(result.status).toBe("applied");
    const [stored] = await listChangesOfProposal(db, proposal.id);
    expect(stored?.proposedValue).toBe("+14155550123");
    expect(stored?.editedValue).toBe("+14155550177");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550177");
  });

  it("needs two different people for a critical change", async () => {
    const [first, second] = await Promise.all([createTestUser(db, "reviewer"), createTestUser(db, "lead")]);
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, {
      contact,
      field: "contact.status",
      value: "erasure_requested",
      requiredApprovals: 2,
    });

    const firstResult = await approveProposal(
      { db },
      {
        proposalId: proposal.id,
        expectedVersion: 1,
        edits: [],
        actor: actorOf(first),
      },
    );
    expect(firstResult.status).toBe("awaiting_second_approval");
    expect((await getContactById(db, contact.id))?.status).toBe("active");
    await expect(
      approveProposal(
        { db },
        { proposalId: proposal.id, expectedVersion: 2, edits: [], actor: actorOf(first) },
      ),
    ).rejects.toThrow(/second person/);

    const secondResult = await approveProposal(
      { db },
      {
        proposalId: proposal.id,
        expectedVersion: 2,
        edits: [],
        actor: actorOf(second),
      },
    );
    expect(secondResult.status).toBe("applied");
    expect((await getContactById(db, contact.id))?.status).toBe("erasure_requested");
  });
});

describe("rejectProposal", () => {
  it("records the reason and changes nothing; a later approval is refused", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact });
    await rejectProposal(db, {
      proposalId: proposal.id,
      expectedVersion: 1,
      reason: "Wrong customer",
      actor: actorOf(reviewer),
    });
    expect((await getProposalById(db, proposal.id))?.status).toBe("rejected");
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);
    await expect(
      approveProposal(
        { db },
        {
          proposalId: proposal.id,
          expectedVersion: 2,
          edits: [],
          actor: actorOf(reviewer),
        },
      ),
    ).rejects.toThrow(/Already decided by Reviewer \d+/);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "proposal.rejected"));
    expect(event?.data).toMatchObject({ reason: "Wrong customer" });
  });
});
