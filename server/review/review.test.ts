import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import {
  getProposalById,
  insertProposedChanges,
  listChangesOfProposal,
  updateProposal,
} from "@/db/queries/proposals";
import { countQueueFacets, listQueueItems } from "@/db/queries/queue";
import { getContactById } from "@/db/queries/records";
import { auditEvents, decisions, proposals } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { approveProposal, decideChange, escalateProposal, rejectProposal } from "./decide";
import { bulkDecide } from "./bulk";
import { claimProposal, reassignProposal } from "./claims";
import { queueFilterSchema } from "@/contracts/queue-filters";
import { deleteView, listViews, saveView } from "./saved-views";
import { escalateOverdueProposals } from "./sla";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

function actorOf(user: { id: string; name: string; email: string }): Extract<Actor, { type: "user" }> {
  return { type: "user", id: user.id, label: `${user.name} <${user.email}>` };
}

async function actions(proposalId: string) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.proposalId, proposalId))
    .orderBy(auditEvents.id);
  return rows.map((r) => r.action);
}

/** A contact proposal with two fields: phone and name. */
async function twoFieldProposal() {
  const contact = await createTestContact(db);
  const { proposal, change: phone } = await createReviewProposal(db, { contact, value: "+14155550123" });
  const [name] = await insertProposedChanges(db, [
    {
      ...phone,
      id: undefined,
      position: 1,
      field: "contact.name",
      baseValue: contact.name,
      proposedValue: "Ana Souza",
      createdAt: undefined,
    },
  ]);
  if (!name) throw new Error("no second change");
  return { contact, proposal, phone, name };
}

describe("per-field decisions", () => {
  it("applies only the approved field once every field is decided, and keeps both values of an edit", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const { contact, proposal, phone, name } = await twoFieldProposal();

    const first = await decideChange(
      { db },
      {
        proposalId: proposal.id,
        changeId: name.id,
        expectedVersion: 1,
        decision: "reject",
        reason: "Name is right as it is",
        actor: actorOf(reviewer),
      },
    );
    expect(first.status).toBe("recorded");
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);

    await expect(
      decideChange(
        { db },
        {
          proposalId: proposal.id,
          changeId: phone.id,
          expectedVersion: 1,
          decision: "approve",
          actor: actorOf(reviewer),
        },
      ),
    ).rejects.toThrow(/changed since you opened it/);
    const second = await decideChange(
      { db },
      {
        proposalId: proposal.id,
        changeId: phone.id,
        expectedVersion: 2,
        decision: "approve",
        value: "(415) 555-0177",
        actor: actorOf(reviewer),
      },
    );
    expect(second.status).toBe("applied");
    const after = await getContactById(db, contact.id);
    expect(after?.phone).toBe("+14155550177");
    expect(after?.name).toBe(contact.name);
    const changes = await listChangesOfProposal(db, proposal.id);
    expect(changes.map((c) => [c.field, c.status, c.decidedBy])).toEqual([
      ["contact.phone", "applied", reviewer.id],
      ["contact.name", "rejected", reviewer.id],
    ]);
    expect(changes[0]?.proposedValue).toBe("+14155550123");
    expect(changes[0]?.editedValue).toBe("+14155550177");
    expect(await actions(proposal.id)).toEqual([
      "change.rejected",
      "change.approved",
      "proposal.approved",
      "change.applied",
      "proposal.applied",
    ]);
  });

  it("rejects the set when every field is rejected", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const { proposal, phone, name } = await twoFieldProposal();
    await decideChange(
      { db },
      {
        proposalId: proposal.id,
        changeId: phone.id,
        expectedVersion: 1,
        decision: "reject",
        reason: "Not verified",
        actor: actorOf(reviewer),
      },
    );
    const result = await decideChange(
      { db },
      {
        proposalId: proposal.id,
        changeId: name.id,
        expectedVersion: 2,
        decision: "reject",
        reason: "Not asked",
        actor: actorOf(reviewer),
      },
    );
    expect(result.status).toBe("rejected");
    expect((await getProposalById(db, proposal.id))?.status).toBe("rejected");
  });
});

describe("escalation and SLA", () => {
  it("escalates to the leads by compare-and-set, with a decision and an audit entry", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const { proposal } = await createReviewProposal(db, { contact: await createTestContact(db) });
    const moved = await escalateProposal(db, {
      proposalId: proposal.id,
      expectedVersion: 1,
      reason: "Looks like a takeover attempt",
      actor: actorOf(reviewer),
    });
    expect(moved).toMatchObject({
      status: "escalated",
      escalatedBy: reviewer.id,
      escalationReason: "Looks like a takeover attempt",
    });
    await expect(
      escalateProposal(db, {
        proposalId: proposal.id,
        expectedVersion: 1,
        reason: "again",
        actor: actorOf(reviewer),
      }),
    ).rejects.toThrow(/already escalated/);
    expect(await db.select().from(decisions).where(eq(decisions.proposalId, proposal.id))).toHaveLength(1);
    expect(await actions(proposal.id)).toEqual(["proposal.escalated"]);
  });

  it("escalates overdue items once, even when two runs race", async () => {
    const contact = await createTestContact(db);
    const { proposal: overdue } = await createReviewProposal(db, { contact });
    const { proposal: onTime } = await createReviewProposal(db, { contact: await createTestContact(db) });
    await db
      .update(proposals)
      .set({ slaDueAt: new Date(Date.now() - 60_000) })
      .where(eq(proposals.id, overdue.id));
    await db
      .update(proposals)
      .set({ slaDueAt: new Date(Date.now() + 3600_000) })
      .where(eq(proposals.id, onTime.id));

    const runs = await Promise.all([escalateOverdueProposals(db), escalateOverdueProposals(db)]);
    expect(runs.reduce((sum, r) => sum + r.escalated, 0)).toBe(1);
    expect((await getProposalById(db, overdue.id))?.status).toBe("escalated");
    expect((await getProposalById(db, onTime.id))?.status).toBe("pending_review");
    expect(await actions(overdue.id)).toEqual(["proposal.escalated"]);
  });
});

describe("claims", () => {
  it("holds an item for one person until it expires; a lead can reassign it", async () => {
    const [rita, ravi, lead] = await Promise.all([
      createTestUser(db, "reviewer"),
      createTestUser(db, "reviewer"),
      createTestUser(db, "lead"),
    ]);
    const { proposal } = await createReviewProposal(db, { contact: await createTestContact(db) });

    expect((await claimProposal(db, { proposalId: proposal.id, actor: actorOf(rita) })).status).toBe(
      "claimed",
    );
    expect(await claimProposal(db, { proposalId: proposal.id, actor: actorOf(ravi) })).toMatchObject({
      status: "held_by_other",
      holderName: rita.name,
    });
    await expect(
      approveProposal(
        { db },
        { proposalId: proposal.id, expectedVersion: 1, edits: [], actor: actorOf(ravi) },
      ),
    ).rejects.toThrow(new RegExp(`${rita.name} is working on this`));
    // renewing your own claim neither bumps the version nor writes to the trail
    await claimProposal(db, { proposalId: proposal.id, actor: actorOf(rita) });
    expect((await getProposalById(db, proposal.id))?.version).toBe(1);

    const later = new Date(Date.now() + 6 * 60_000);
    expect(
      (await claimProposal(db, { proposalId: proposal.id, actor: actorOf(ravi), now: later })).status,
    ).toBe("claimed");

    const reassigned = await reassignProposal(db, {
      proposalId: proposal.id,
      expectedVersion: 1,
      assigneeId: rita.id,
      actor: actorOf(lead),
    });
    expect(reassigned).toMatchObject({ assignedTo: rita.id, claimedBy: rita.id, version: 2 });
    await expect(
      reassignProposal(db, {
        proposalId: proposal.id,
        expectedVersion: 1,
        assigneeId: ravi.id,
        actor: actorOf(lead),
      }),
    ).rejects.toThrow(/changed/);
    expect(await actions(proposal.id)).toEqual(["proposal.claimed", "proposal.claimed", "proposal.assigned"]);
  });
});

describe("bulk decisions", () => {
  it("decides each item on its own and lists what could not be decided", async () => {
    const [lead, reviewer] = await Promise.all([createTestUser(db, "lead"), createTestUser(db, "reviewer")]);
    const items = await Promise.all(
      Array.from(
        { length: 4 },
        async () => (await createReviewProposal(db, { contact: await createTestContact(db) })).proposal,
      ),
    );
    const [fine, decided, claimed, stale] = items;
    if (!fine || !decided || !claimed || !stale) throw new Error("setup");
    await rejectProposal(db, {
      proposalId: decided.id,
      expectedVersion: 1,
      reason: "Wrong customer",
      actor: actorOf(reviewer),
    });
    await claimProposal(db, { proposalId: claimed.id, actor: actorOf(reviewer) });
    await updateProposal(db, stale.id, {});

    const { results } = await bulkDecide(
      { db },
      {
        action: "approve",
        target: { kind: "selection", items: items.map((p) => ({ proposalId: p.id, expectedVersion: 1 })) },
        actor: actorOf(lead),
      },
    );
    expect(results.map((r) => [r.proposalId, r.outcome])).toEqual([
      [fine.id, "applied"],
      [decided.id, "already_decided"],
      [claimed.id, "claimed"],
      [stale.id, "changed"],
    ]);
    const approvals = await db.select().from(auditEvents).where(eq(auditEvents.action, "proposal.approved"));
    expect(approvals).toHaveLength(1);
    expect(approvals[0]?.data).toMatchObject({ bulkId: expect.any(String) });
  });

  it("decides everything matching a filter only when the confirmed count still holds", async () => {
    const lead = await createTestUser(db, "lead");
    await Promise.all(
      Array.from({ length: 3 }, async () =>
        createReviewProposal(db, { contact: await createTestContact(db) }),
      ),
    );
    const filter = queueFilterSchema.parse({ intent: "update_phone" });
    await expect(
      bulkDecide(
        { db },
        {
          action: "reject",
          reason: "Spam wave",
          target: { kind: "filter", filter, expectedCount: 2 },
          actor: actorOf(lead),
        },
      ),
    ).rejects.toThrow(/now matches 3 items/);
    const { results } = await bulkDecide(
      { db },
      {
        action: "reject",
        reason: "Spam wave",
        target: { kind: "filter", filter, expectedCount: 3 },
        actor: actorOf(lead),
      },
    );
    expect(results.every((r) => r.outcome === "rejected")).toBe(true);
    expect(
      await db.select().from(auditEvents).where(eq(auditEvents.action, "proposal.rejected")),
    ).toHaveLength(3);
  });
});

describe("queue", () => {
  it("pages by keyset without losing or repeating rows that share a timestamp, and counts per filter", async () => {
    const user = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const created = await Promise.all(Array.from({ length: 7 }, () => createReviewProposal(db, { contact })));
    // same created_at to the microsecond for all: only the id breaks ties
    await db
      .update(proposals)
      .set({ createdAt: new Date("2026-01-01T10:00:00.123Z") })
      .where(
        inArray(
          proposals.id,
          created.map((c) => c.proposal.id),
        ),
      );
    await db
      .update(proposals)
      .set({ confidence: 0.5 })
      .where(eq(proposals.id, created[0]?.proposal.id ?? ""));

    for (const sort of ["age", "sla", "confidence"] as const) {
      const filter = queueFilterSchema.parse({ sort });
      const seen: string[] = [];
      let cursor: { key: string; id: string } | null = null;
      for (let page = 0; page < 5; page++) {
        const rows = await listQueueItems(db, { filter, cursor, limit: 3, userId: user.id, now: new Date() });
        seen.push(...rows.map((r) => r.id));
        const last = rows.at(-1);
        if (rows.length < 3 || !last) break;
        cursor = { key: last.sortKey, id: last.id };
      }
      expect(new Set(seen).size).toBe(7);
      expect(seen).toHaveLength(7);
      if (sort === "confidence") expect(seen[0]).toBe(created[0]?.proposal.id);
    }

    const lowConfidence = await listQueueItems(db, {
      filter: queueFilterSchema.parse({ maxConfidence: "0.6" }),
      limit: 10,
      userId: user.id,
      now: new Date(),
    });
    expect(lowConfidence.map((r) => r.id)).toEqual([created[0]?.proposal.id]);
    const counts = await countQueueFacets(db, {
      filter: queueFilterSchema.parse({ intent: "update_phone" }),
      userId: user.id,
      now: new Date(),
    });
    expect(counts).toMatchObject({
      total: 7,
      intent: { update_phone: 7 },
      store: { crm: 7, commerce: 0 },
      sla: { none: 7 },
      status: { open: 7 },
    });
  });

  it("saves named views per person, cleaned of filters the queue does not know", async () => {
    const [rita, ravi] = await Promise.all([createTestUser(db, "reviewer"), createTestUser(db, "reviewer")]);
    const view = await saveView(db, {
      userId: rita.id,
      name: "Low phones",
      filters: { intent: "update_phone", maxConfidence: "0.8", bogus: "1", sort: "sla" },
    });
    expect(view.filters).toEqual({ intent: "update_phone", maxConfidence: "0.8" });
    await saveView(db, { userId: rita.id, name: "Low phones", filters: { intent: "update_email" } });
    expect((await listViews(db, rita.id)).map((v) => v.filters)).toEqual([{ intent: "update_email" }]);
    await expect(deleteView(db, { id: view.id, userId: ravi.id })).rejects.toThrow(/does not exist/);
    await deleteView(db, { id: view.id, userId: rita.id });
    expect(await listViews(db, rita.id)).toEqual([]);
  });
});
