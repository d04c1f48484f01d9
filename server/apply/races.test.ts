import { eq, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { getProposalById, listChangesOfProposal, type Proposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, contacts } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { AppError } from "../errors";
import { approveProposal, rejectProposal } from "../review/decide";
import { sameValue } from "@/contracts/values";
import { applyChangeSet } from "./apply-change-set";
import { rollBackChangeSet } from "./rollback";
import { createApprovedChangeSet } from "./testing";

const { db, close } = createTestDb({ max: 16 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };
const userActor = (u: { id: string; name: string }): Extract<Actor, { type: "user" }> => ({
  type: "user",
  id: u.id,
  label: u.name,
});

describe("races", () => {
  it("N reviewers deciding one proposal at once: exactly one decision wins, the rest are told who decided", async () => {
    const reviewers = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createTestUser(db, i % 2 ? "lead" : "reviewer")),
    );
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact, value: "+14155550123" });
    const results = await Promise.allSettled(
      reviewers.map((user, i) =>
        i % 3 === 0
          ? rejectProposal(db, {
              proposalId: proposal.id,
              expectedVersion: 1,
              reason: "Not plausible",
              actor: userActor(user),
            })
          : approveProposal(
              { db },
              {
                proposalId: proposal.id,
                expectedVersion: 1,
                edits: [],
                actor: userActor(user),
              },
            ),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(7);
    const decided = await getProposalById(db, proposal.id);
    const winner = reviewers.find((r) => r.id === decided?.decidedBy);
    expect(winner).toBeDefined();
    for (const loss of lost) {
      expect(loss.reason).toBeInstanceOf(AppError);
      expect((loss.reason as AppError).message).toContain(`Already decided by ${winner?.name ?? "?"}`);
    }
    const rows = await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id));
    expect(rows).toHaveLength(decided?.status === "applied" ? 1 : 0);
  });

  it("a human approval racing the auto-apply of a newer proposal for the same field: one applies, the other reports a conflict", async () => {
    for (let round = 0; round < 6; round++) {
      const reviewer = await createTestUser(db, "reviewer");
      const contact = await createTestContact(db);
      const { proposal: older } = await createReviewProposal(db, { contact, value: "+14155550001" });
      const { proposal: newer } = await createApprovedChangeSet(db, {
        contactId: contact.id,
        changes: [
          { field: "contact.phone", recordId: contact.id, value: "+14155550002", intent: "update_phone" },
        ],
      });
      const [human, auto] = await Promise.all([
        approveProposal(
          { db },
          {
            proposalId: older.id,
            expectedVersion: 1,
            edits: [],
            actor: userActor(reviewer),
          },
        ),
        applyChangeSet({ db }, { proposalId: newer.id, actor: policyActor }),
      ]);
      const statuses = [human.status, auto.status].sort();
      expect(statuses).toEqual(["applied", "conflict"]);
      const winner = human.status === "applied" ? "+14155550001" : "+14155550002";
      expect((await getContactById(db, contact.id))?.phone).toBe(winner);
      const rows = await db.select().from(appliedChanges).where(eq(appliedChanges.recordId, contact.id));
      expect(rows).toHaveLength(1);
      expect(rows[0]?.oldValue).toBe(contact.phone);
    }
  });
});

type Field = "contact.name" | "contact.phone";
const column = { "contact.name": "name", "contact.phone": "phone" } as const;
const values = {
  "contact.name": ["Ana", "Bea", "Cy"],
  "contact.phone": ["+14155550101", "+14155550102", "+14155550103"],
} as const;

const fieldArb = fc.constantFrom<Field>("contact.name", "contact.phone");
const operationArb = fc.oneof(
  fc.record({ type: fc.constant("propose" as const), field: fieldArb, pick: fc.nat(2) }),
  fc.record({ type: fc.constant("approve" as const), index: fc.nat(7) }),
  fc.record({ type: fc.constant("external" as const), field: fieldArb, pick: fc.nat(2) }),
  fc.record({ type: fc.constant("rollback" as const), index: fc.nat(7) }),
);
// operations run in small concurrent groups: every group is one interleaving of its members
const scheduleArb = fc.array(fc.array(operationArb, { minLength: 1, maxLength: 3 }), {
  minLength: 2,
  maxLength: 8,
});

type Write = {
  versionAfter: number;
  field: Field;
  from?: unknown;
  to: unknown;
  kind: "external" | "applied";
};

describe("property: interleavings of proposals, approvals, external edits and rollbacks", () => {
  it("never loses an update, and a rollback restores or reports a conflict", async () => {
    const lead = await createTestUser(db, "lead");
    await fc.assert(
      fc.asyncProperty(scheduleArb, async (schedule) => {
        const contact = await createTestContact(db, { name: "Start", phone: "+14155550100" });
        const proposals: Proposal[] = [];
        const externalWrites: Write[] = [];
        const rollbackOutcomes: { status: string; rollbackId?: string }[] = [];

        const run = async (
          op: fc.Arbitrary<unknown> extends never ? never : (typeof schedule)[number][number],
        ) => {
          if (op.type === "propose") {
            const { proposal } = await createApprovedChangeSet(db, {
              contactId: contact.id,
              changes: [{ field: op.field, recordId: contact.id, value: values[op.field][op.pick] }],
            });
            proposals.push(proposal);
          } else if (op.type === "approve") {
            const target = proposals[op.index % Math.max(proposals.length, 1)];
            if (target) await applyChangeSet({ db }, { proposalId: target.id, actor: policyActor });
          } else if (op.type === "external") {
            // someone edits the CRM directly; it bumps the version like any writer
            const [row] = await db
              .update(contacts)
              .set({ [column[op.field]]: values[op.field][op.pick], version: sql`${contacts.version} + 1` })
              .where(eq(contacts.id, contact.id))
              .returning({ version: contacts.version });
            if (row)
              externalWrites.push({
                versionAfter: row.version,
                field: op.field,
                to: values[op.field][op.pick],
                kind: "external",
              });
          } else {
            const target = proposals[op.index % Math.max(proposals.length, 1)];
            if (!target) return;
            try {
              const result = await rollBackChangeSet(
                { db },
                { proposalId: target.id, actor: userActor(lead) },
              );
              rollbackOutcomes.push({ status: result.outcome.status, rollbackId: result.rollbackProposalId });
            } catch (error) {
              // refusals are fine (not applied yet, already rolled back, one under way) but must be explained
              if (!(error instanceof AppError) || error.code !== "CONFLICT") throw error;
              rollbackOutcomes.push({ status: "refused" });
            }
          }
        };
        for (const group of schedule) await Promise.all(group.map(run));

        // replay every write in version order from the start values: each applied change must have
        // overwritten exactly the value that was there (no lost update), and the replay must end
        // at what the record holds (record = base + writes)
        const applied = await db.select().from(appliedChanges).where(eq(appliedChanges.recordId, contact.id));
        const writes: Write[] = [
          ...externalWrites,
          ...applied.map((a) => ({
            versionAfter: a.versionAfter,
            field: a.field as Field,
            from: a.oldValue,
            to: a.newValue,
            kind: "applied" as const,
          })),
        ].sort((a, b) => a.versionAfter - b.versionAfter);
        const state: Record<Field, unknown> = { "contact.name": "Start", "contact.phone": "+14155550100" };
        for (const write of writes) {
          if (write.kind === "applied") expect(sameValue(write.from, state[write.field])).toBe(true);
          state[write.field] = write.to;
        }
        const final = await getContactById(db, contact.id);
        expect(final?.name).toBe(state["contact.name"]);
        expect(final?.phone).toBe(state["contact.phone"]);
        expect(final?.version).toBe(1 + new Set(writes.map((w) => w.versionAfter)).size);

        // each applied change was computed against the value it overwrote (never forced here)
        for (const row of applied) {
          const [change] = (await listChangesOfProposal(db, row.proposalId)).filter(
            (c) => c.id === row.proposedChangeId,
          );
          expect(sameValue(change?.baseValue, row.oldValue)).toBe(true);
        }
        // a rollback either restored the old values or stopped at a conflict, writing nothing
        for (const outcome of rollbackOutcomes) {
          expect(["applied", "conflict", "refused", "no_op"]).toContain(outcome.status);
          if (!outcome.rollbackId) continue;
          const rows = applied.filter((a) => a.proposalId === outcome.rollbackId);
          if (outcome.status === "conflict") expect(rows).toHaveLength(0);
          for (const changeRow of await listChangesOfProposal(db, outcome.rollbackId)) {
            const undone = applied.find((a) => a.id === changeRow.rollsBackAppliedChangeId);
            const write = rows.find((r) => r.proposedChangeId === changeRow.id);
            if (write) expect(sameValue(write.newValue, undone?.oldValue)).toBe(true);
          }
        }
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
