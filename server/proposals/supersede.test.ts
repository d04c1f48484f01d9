import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { getProposalById, listChangesOfProposal } from "@/db/queries/proposals";
import { appliedChanges, auditEvents, decisions } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { AppError } from "../errors";
import { approveProposal } from "../review/decide";
import { supersedeOpenChanges } from "./supersede";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

function actorOf(user: { id: string; name: string }): Extract<Actor, { type: "user" }> {
  return { type: "user", id: user.id, label: user.name };
}

/** An older proposal in review and a newer one for the same contact's phone. */
async function twoProposalsOnOneField() {
  const reviewer = await createTestUser(db, "reviewer");
  const contact = await createTestContact(db);
  const { proposal: older } = await createReviewProposal(db, { contact, value: "+14155550001" });
  const { proposal: newer, change } = await createReviewProposal(db, { contact, value: "+14155550002" });
  return { reviewer, older, newer, change };
}

function supersede(newer: { id: string }, change: { recordId: string; field: string }) {
  return db.transaction((tx) => supersedeOpenChanges(tx, newer, [change]));
}

/** The older proposal ended one way, whole: superseded with nothing written, or applied. */
async function expectOneConsistentOutcome(olderId: string) {
  const older = await getProposalById(db, olderId);
  const changes = await listChangesOfProposal(db, olderId);
  const written = await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, olderId));
  const approvals = await db
    .select()
    .from(decisions)
    .where(and(eq(decisions.proposalId, olderId), eq(decisions.kind, "approve")));
  const supersededEvents = await db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.proposalId, olderId), eq(auditEvents.action, "proposal.superseded")));
  if (older?.status === "superseded") {
    expect(changes.map((c) => c.status)).toEqual(["superseded"]);
    expect(written).toHaveLength(0);
    expect(approvals).toHaveLength(0);
    expect(supersededEvents).toHaveLength(1);
  } else {
    expect(older?.status).toBe("applied");
    expect(changes.map((c) => c.status)).toEqual(["applied"]);
    expect(written).toHaveLength(1);
    expect(approvals).toHaveLength(1);
    expect(supersededEvents).toHaveLength(0);
  }
  return older?.status;
}

describe("supersedeOpenChanges", () => {
  it("supersedes an open older proposal for the same field, and bumps its version", async () => {
    const { older, newer, change } = await twoProposalsOnOneField();
    expect(await supersede(newer, change)).toEqual([older.id]);
    expect(await getProposalById(db, older.id)).toMatchObject({ status: "superseded", version: 2 });
    expect(await expectOneConsistentOutcome(older.id)).toBe("superseded");
  });

  it("an approval racing a supersede of the same proposal ends in one consistent state", async () => {
    const outcomes = new Set<string | undefined>();
    for (let round = 0; round < 8; round++) {
      const { reviewer, older, newer, change } = await twoProposalsOnOneField();
      const [approval, superseded] = await Promise.allSettled([
        approveProposal(
          { db },
          {
            proposalId: older.id,
            expectedVersion: older.version,
            edits: [],
            actor: actorOf(reviewer),
          },
        ),
        supersede(newer, change),
      ]);
      expect(superseded.status).toBe("fulfilled");
      const status = await expectOneConsistentOutcome(older.id);
      outcomes.add(status);
      if (status === "superseded") {
        expect(approval.status).toBe("rejected");
        const error = approval.status === "rejected" ? approval.reason : undefined;
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: "CONFLICT", kind: "already_decided" });
      } else {
        expect(approval.status).toBe("fulfilled");
        expect(superseded).toEqual({ status: "fulfilled", value: [] });
      }
    }
    // whichever wins, the states above are the only ones reached
    expect([...outcomes].every((s) => s === "superseded" || s === "applied")).toBe(true);
  });

  it("a supersede holding the proposal when an approval arrives wins; the approval is told it was superseded", async () => {
    const { reviewer, older, newer, change } = await twoProposalsOnOneField();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const superseding = db.transaction(async (tx) => {
      const result = await supersedeOpenChanges(tx, newer, [change]);
      await held;
      return result;
    });
    // the supersede holds the older proposal's row (uncommitted) before the approval starts
    await waitForSupersedeLock(older.id);
    const approval = approveProposal(
      { db },
      {
        proposalId: older.id,
        expectedVersion: older.version,
        edits: [],
        actor: actorOf(reviewer),
      },
    );
    await waitForBlockedStatement();
    release();
    expect(await superseding).toEqual([older.id]);
    await expect(approval).rejects.toMatchObject({ code: "CONFLICT", kind: "already_decided" });
    await expect(approval).rejects.toThrow(/superseded/);
    expect(await expectOneConsistentOutcome(older.id)).toBe("superseded");
  });

  it("an approval that committed first stands; the supersede leaves that proposal alone", async () => {
    const { reviewer, older, newer, change } = await twoProposalsOnOneField();
    await approveProposal(
      { db },
      {
        proposalId: older.id,
        expectedVersion: older.version,
        edits: [],
        actor: actorOf(reviewer),
      },
    );
    expect(await supersede(newer, change)).toEqual([]);
    expect(await expectOneConsistentOutcome(older.id)).toBe("applied");
  });
});

/** Polls the row lock's holder (the superseding transaction) until it has taken the proposal. */
async function waitForSupersedeLock(proposalId: string) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [row] = await db.execute<{ locked: boolean }>(sql`
      select not exists (select 1 from proposals where id = ${proposalId} for update skip locked) as locked
    `);
    if (row?.locked) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the supersede never locked the proposal");
}

/** Polls pg_stat_activity until a statement of this database waits on a lock. */
async function waitForBlockedStatement() {
  for (let attempt = 0; attempt < 200; attempt++) {
    const [row] = await db.execute<{ waiting: number }>(sql`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'
    `);
    if ((row?.waiting ?? 0) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error("the approval never waited for the supersede");
}
