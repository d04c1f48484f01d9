import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { getProposalById, insertProposedChanges, listChangesOfProposal } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { appliedChanges, auditEvents, contacts, decisions } from "@/db/schema";
import { callerFor, sessionOf } from "@/testing/callers";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { Actor } from "../audit/append";
import { getBoss } from "../boss";
import { AppError } from "../errors";
import { getProposalDetail } from "../proposals/detail";
import { supersedeOpenChanges } from "../proposals/supersede";
import { claimProposal } from "./claims";
import { approveProposal } from "./decide";

// the race below runs two transactions at once, each on its own connection
const { db, close } = createTestDb({ max: 16 });
beforeEach(() => resetDatabase(db));
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

type User = Awaited<ReturnType<typeof createTestUser>>;

function actorOf(user: { id: string; name: string }): Extract<Actor, { type: "user" }> {
  return { type: "user", id: user.id, label: user.name };
}

function approve(
  user: User,
  proposalId: string,
  expectedVersion: number,
  edits: { changeId: string; value: unknown }[] = [],
) {
  return approveProposal({ db }, { proposalId, expectedVersion, edits, actor: actorOf(user) });
}

async function version(proposalId: string): Promise<number> {
  const proposal = await getProposalById(db, proposalId);
  if (!proposal) throw new Error("no proposal");
  return proposal.version;
}

/** A phone change that needs two people, proposed against the contact as it is now. */
async function twoPersonPhoneChange(value = "+14155550123") {
  const contact = await createTestContact(db);
  const { proposal, change } = await createReviewProposal(db, { contact, value, requiredApprovals: 2 });
  return { contact, proposal, change };
}

/** Someone edits the phone in the CRM: the change's base no longer holds. */
async function changePhoneBehindOurBack(contactId: string, phone: string) {
  await db
    .update(contacts)
    .set({ phone, version: sql`${contacts.version} + 1` })
    .where(eq(contacts.id, contactId));
}

async function eventsOf(proposalId: string, action: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.proposalId, proposalId), eq(auditEvents.action, action)))
    .orderBy(asc(auditEvents.id));
}

async function approvalDecisionsOf(proposalId: string) {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.proposalId, proposalId), sql`${decisions.kind} in ('approve', 'edit_approve')`))
    .orderBy(asc(decisions.createdAt));
}

/** Polls until a transaction other than this test's holds the proposal row. */
async function waitForRowLock(proposalId: string) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const [row] = await db.execute<{ locked: boolean }>(sql`
      select not exists (select 1 from proposals where id = ${proposalId} for update skip locked) as locked
    `);
    if (row?.locked) return;
    await sleep(10);
  }
  throw new Error("the proposal was never locked");
}

/** Polls pg_stat_activity until this many statements of this database wait on a lock. */
async function waitForBlockedStatements(count: number) {
  for (let attempt = 0; attempt < 300; attempt++) {
    const [row] = await db.execute<{ waiting: number }>(sql`
      select count(*)::int as waiting from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'
    `);
    if ((row?.waiting ?? 0) >= count) return;
    await sleep(10);
  }
  throw new Error(`fewer than ${count} statements ever waited for the proposal`);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function writtenFor(proposalId: string) {
  return db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposalId));
}

describe("two-person rule: a reset voids earlier approvals", () => {
  it("approvals given before a conflict do not count after it: the first approver's new approval is the first of a new round", async () => {
    const [first, second] = [await createTestUser(db, "reviewer"), await createTestUser(db, "lead")];
    const { contact, proposal } = await twoPersonPhoneChange();

    expect((await approve(first, proposal.id, 1)).status).toBe("awaiting_second_approval");
    await changePhoneBehindOurBack(contact.id, "+13125550100");
    expect((await approve(second, proposal.id, await version(proposal.id))).status).toBe("conflict");

    // both approvals were of a diff against a base that no longer holds: they stay in the trail...
    expect(await approvalDecisionsOf(proposal.id)).toHaveLength(2);
    const [reset] = await eventsOf(proposal.id, "proposal.approvals_reset");
    expect(reset?.data).toMatchObject({ reason: "conflict", approvers: [first.id, second.id] });
    // ...and no longer count: the first approver may approve the fresh diff, as one of two again
    const again = await approve(first, proposal.id, await version(proposal.id));
    expect(again.status).toBe("awaiting_second_approval");
    expect((await getContactById(db, contact.id))?.phone).toBe("+13125550100");
    expect(await writtenFor(proposal.id)).toHaveLength(0);

    const detail = await getProposalDetail(db, proposal.id);
    expect(detail.approvals.current.map((a) => a.userId)).toEqual([first.id]);
    expect(detail.approvals.earlier.map((a) => a.userId)).toEqual([first.id, second.id]);

    expect((await approve(second, proposal.id, await version(proposal.id))).status).toBe("applied");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550123");
  });

  it("a third person alone cannot complete a set the first two approved before the reset", async () => {
    const first = await createTestUser(db, "reviewer");
    const second = await createTestUser(db, "reviewer");
    const third = await createTestUser(db, "lead");
    const { contact, proposal } = await twoPersonPhoneChange();

    await approve(first, proposal.id, 1);
    await changePhoneBehindOurBack(contact.id, "+13125550100");
    expect((await approve(second, proposal.id, await version(proposal.id))).status).toBe("conflict");

    const third1 = await approve(third, proposal.id, await version(proposal.id));
    expect(third1.status).toBe("awaiting_second_approval");
    expect((await getContactById(db, contact.id))?.phone).toBe("+13125550100");
    expect(await writtenFor(proposal.id)).toHaveLength(0);
    expect((await getProposalById(db, proposal.id))?.status).toBe("conflict");

    // one of the earlier approvers approving the fresh diff is the second person of this round
    expect((await approve(second, proposal.id, await version(proposal.id))).status).toBe("applied");
    // the second approval before the reset was recorded as completing round 1; this one completes round 2
    const approved = (await eventsOf(proposal.id, "proposal.approved")).at(-1);
    expect(approved?.data).toMatchObject({ approvers: [third.id, second.id], required: 2, round: 2 });
    expect(await writtenFor(proposal.id)).toHaveLength(1);
  });
});

describe("two-person rule: a shrunken set is approved again", () => {
  it("a newer proposal superseding one field of a half-approved set voids the approval of the whole set", async () => {
    const first = await createTestUser(db, "reviewer");
    const second = await createTestUser(db, "lead");
    const third = await createTestUser(db, "lead");
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, {
      contact,
      value: "+14155550123",
      requiredApprovals: 2,
    });
    await insertProposedChanges(db, [
      {
        proposalId: proposal.id,
        position: 1,
        intent: "update_email",
        store: "crm",
        entity: "contact",
        recordId: contact.id,
        recordLabel: contact.name,
        field: "contact.email",
        baseValue: contact.email,
        baseVersion: contact.version,
        proposedValue: "new.address@example.org",
        risk: "medium",
        route: "review",
        routeRule: "test",
      },
    ]);
    expect((await approve(first, proposal.id, 1)).status).toBe("awaiting_second_approval");

    // a newer message changes the phone again: the older set keeps only its email change
    const { proposal: newer, change: newerPhone } = await createReviewProposal(db, {
      contact,
      value: "+14155550999",
    });
    expect(await db.transaction((tx) => supersedeOpenChanges(tx, newer, [newerPhone]))).toEqual([]);
    const shrunk = await getProposalById(db, proposal.id);
    expect(shrunk).toMatchObject({ status: "pending_review", approvalRound: 2 });
    const [reset] = await eventsOf(proposal.id, "proposal.approvals_reset");
    expect(reset?.data).toMatchObject({ reason: "set_changed", approvers: [first.id] });

    // the first approval was of phone and email together: the email alone needs two approvals again
    expect((await approve(second, proposal.id, shrunk?.version ?? 0)).status).toBe(
      "awaiting_second_approval",
    );
    expect(await writtenFor(proposal.id)).toHaveLength(0);
    expect((await approve(third, proposal.id, await version(proposal.id))).status).toBe("applied");
    expect((await getContactById(db, contact.id))?.email).toBe("new.address@example.org");
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);
  });
});

describe("two-person rule: the second approver approves what the first approved", () => {
  it("an edit by the second approver starts a new round; the first approver's values are kept and must be approved over", async () => {
    const first = await createTestUser(db, "reviewer");
    const second = await createTestUser(db, "lead");
    const { contact, proposal, change } = await twoPersonPhoneChange("+14155550123");

    await claimProposal(db, { proposalId: proposal.id, actor: actorOf(first) });
    await approve(first, proposal.id, 1);
    // the first approver's part is done: their claim does not keep the second person out
    expect((await getProposalById(db, proposal.id))?.claimedBy).toBeNull();
    const edited = await approve(second, proposal.id, 2, [{ changeId: change.id, value: "(415) 555-0177" }]);
    // the edit is not what the first person approved: nothing is written yet
    expect(edited.status).toBe("awaiting_second_approval");
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);
    expect(await writtenFor(proposal.id)).toHaveLength(0);

    // both values are kept: the proposal's, and the edit beside it; the first approval still says what it approved
    const [stored] = await listChangesOfProposal(db, proposal.id);
    expect(stored?.proposedValue).toBe("+14155550123");
    expect(stored?.editedValue).toBe("+14155550177");
    const [firstDecision, secondDecision] = await approvalDecisionsOf(proposal.id);
    expect(firstDecision?.userId).toBe(first.id);
    expect(firstDecision?.data).toMatchObject({ approved: [{ changeId: change.id, value: "+14155550123" }] });
    expect(secondDecision?.data).toMatchObject({
      approved: [{ changeId: change.id, value: "+14155550177" }],
    });
    expect(firstDecision?.changeDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(secondDecision?.changeDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(secondDecision?.changeDigest).not.toBe(firstDecision?.changeDigest);
    const [reset] = await eventsOf(proposal.id, "proposal.approvals_reset");
    expect(reset?.data).toMatchObject({
      reason: "edited",
      approvers: [first.id],
      digest: firstDecision?.changeDigest,
    });

    // the editor is one approval of the new round, not both
    await expect(approve(second, proposal.id, await version(proposal.id))).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/already approved/),
    });

    // the page shows who approved what stands, with names and times, and the approval that no longer counts
    const detail = await getProposalDetail(db, proposal.id);
    expect(detail.approvals).toMatchObject({ required: 2, digest: secondDecision?.changeDigest });
    expect(detail.approvals.current).toEqual([
      expect.objectContaining({ userId: second.id, name: second.name, edited: true, at: expect.any(Date) }),
    ]);
    expect(detail.approvals.earlier).toEqual([
      expect.objectContaining({ userId: first.id, name: first.name, at: expect.any(Date) }),
    ]);

    // the first approver approves the edit: two people approved exactly these values
    expect((await approve(first, proposal.id, await version(proposal.id))).status).toBe("applied");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550177");
    const [approved] = await eventsOf(proposal.id, "proposal.approved");
    expect(approved?.data).toMatchObject({
      approvers: [second.id, first.id],
      digest: secondDecision?.changeDigest,
    });
  });

  it("an 'edit' to the value that already stands is no edit: the second approval completes the set", async () => {
    const first = await createTestUser(db, "reviewer");
    const second = await createTestUser(db, "lead");
    const { contact, proposal, change } = await twoPersonPhoneChange("+14155550123");
    await approve(first, proposal.id, 1);
    const result = await approve(second, proposal.id, 2, [{ changeId: change.id, value: "(415) 555-0123" }]);
    expect(result.status).toBe("applied");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550123");
  });

  it("an approval of a single-approval set with an edit still applies at once", async () => {
    const reviewer = await createTestUser(db, "reviewer");
    const contact = await createTestContact(db);
    const { proposal, change } = await createReviewProposal(db, { contact, value: "+14155550123" });
    const result = await approve(reviewer, proposal.id, 1, [
      { changeId: change.id, value: "(415) 555-0188" },
    ]);
    expect(result.status).toBe("applied");
    expect((await getContactById(db, contact.id))?.phone).toBe("+14155550188");
  });
});

describe("two-person rule: one person never supplies both approvals", () => {
  it("the same user signed in twice cannot approve once per session, racing with a guessed version at any offset", async () => {
    let doubled = 0;
    for (let round = 0; round < 60; round++) {
      const person = await createTestUser(db, "reviewer");
      const { proposal } = await twoPersonPhoneChange();
      // two sessions (two browsers) of one person
      const laptop = callerFor(db, await sessionOf(db, person));
      const phone = callerFor(db, await sessionOf(db, person));
      // the phone sends the version the laptop's approval moves it to, 0 to 59 ms later: some
      // round lands while the laptop's approval is committing
      const results = await Promise.allSettled([
        laptop.proposal.approve({ proposalId: proposal.id, expectedVersion: 1 }),
        sleep(round).then(() => phone.proposal.approve({ proposalId: proposal.id, expectedVersion: 2 })),
      ]);
      const counted = (await approvalDecisionsOf(proposal.id)).filter((d) => d.userId === person.id);
      if (counted.length > 1) doubled++;
      for (const result of results)
        if (result.status === "rejected")
          expect(["FORBIDDEN", "CONFLICT"]).toContain((result.reason as { code?: string }).code);
    }
    console.info(`one person, two sessions, 60 races: ${doubled} approved twice`);
    expect(doubled).toBe(0);
  }, 120_000);

  it("the same user's two sessions queued on one proposal: the first counts, the second is refused", async () => {
    const person = await createTestUser(db, "reviewer");
    const other = await createTestUser(db, "lead");
    const { proposal } = await twoPersonPhoneChange();
    const laptop = callerFor(db, await sessionOf(db, person));
    const phone = callerFor(db, await sessionOf(db, person));
    // something else holds the proposal (an escalation, a supersede) while both sessions send:
    // the laptop's approval queues first, the phone's second, with the version the laptop's moves it to
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = db.transaction(async (tx) => {
      await tx.execute(sql`select id from proposals where id = ${proposal.id} for update`);
      await held;
    });
    await waitForRowLock(proposal.id);
    const fromLaptop = laptop.proposal.approve({ proposalId: proposal.id, expectedVersion: 1 });
    await waitForBlockedStatements(1);
    const fromPhone = phone.proposal.approve({ proposalId: proposal.id, expectedVersion: 2 });
    await waitForBlockedStatements(2);
    release();
    await holder;
    const results = await Promise.allSettled([fromLaptop, fromPhone]);

    expect(results[0]).toMatchObject({ status: "fulfilled", value: { status: "awaiting_second_approval" } });
    expect(results[1]).toMatchObject({ status: "rejected", reason: { code: "FORBIDDEN" } });
    expect(await approvalDecisionsOf(proposal.id)).toHaveLength(1);

    // one after the other the second session is refused too
    await expect(
      phone.proposal.approve({ proposalId: proposal.id, expectedVersion: await version(proposal.id) }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getProposalById(db, proposal.id))?.status).toBe("pending_review");

    expect((await approve(other, proposal.id, await version(proposal.id))).status).toBe("applied");
    const [approved] = await eventsOf(proposal.id, "proposal.approved");
    expect(approved?.data).toMatchObject({ approvers: [person.id, other.id] });
  });

  it("two accounts with the same sign-in identity (SSO subject) are one person", async () => {
    const work = await createTestUser(db, "reviewer");
    const admin = await createTestUser(db, "lead");
    const someoneElse = await createTestUser(db, "lead");
    await db.execute(
      sql`update users set sso_subject = 'https://idp.example|person-7' where id in (${work.id}, ${admin.id})`,
    );
    await db.execute(
      sql`update users set sso_subject = 'https://idp.example|person-8' where id = ${someoneElse.id}`,
    );
    const { contact, proposal } = await twoPersonPhoneChange();

    expect((await approve(work, proposal.id, 1)).status).toBe("awaiting_second_approval");
    await expect(approve(admin, proposal.id, 2)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/same sign-in identity/),
    });
    expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);

    expect((await approve(someoneElse, proposal.id, 2)).status).toBe("applied");
  });
});

describe("two-person rule: an approval racing a supersede", () => {
  it("ends whole every time: applied with both approvers audited, or superseded with the approval refused and the first approval kept", async () => {
    const first = await createTestUser(db, "reviewer");
    const second = await createTestUser(db, "lead");
    const outcomes = { applied: 0, superseded: 0 };
    let lastApplied: { newerId: string; newerVersion: number } | undefined;
    for (let round = 0; round < 50; round++) {
      const { contact, proposal: older } = await twoPersonPhoneChange("+14155550001");
      await approve(first, older.id, 1);
      const { proposal: newer, change } = await createReviewProposal(db, { contact, value: "+14155550002" });

      // the approval takes its lock in its first statement and the supersede in its second: the
      // approval is held back 0 to 4 ms, so both orders of arrival (and overlaps) are tried
      const [approval, superseding] = await Promise.allSettled([
        sleep(round % 5).then(() => approve(second, older.id, 2)),
        db.transaction((tx) => supersedeOpenChanges(tx, newer, [change])),
      ]);
      expect(superseding.status).toBe("fulfilled");

      const now = await getProposalById(db, older.id);
      const changes = await listChangesOfProposal(db, older.id);
      const written = await writtenFor(older.id);
      const approvals = await approvalDecisionsOf(older.id);
      const recorded = await eventsOf(older.id, "proposal.approval_recorded");
      const approvedEvents = await eventsOf(older.id, "proposal.approved");
      const supersededEvents = await eventsOf(older.id, "proposal.superseded");

      // the first approval is never lost, whatever happened next
      expect(approvals[0]?.userId).toBe(first.id);
      expect(recorded).toHaveLength(1);
      expect(recorded[0]?.data).toMatchObject({ approvers: [first.id], digest: approvals[0]?.changeDigest });

      if (now?.status === "superseded") {
        outcomes.superseded++;
        expect(approval.status).toBe("rejected");
        const error = approval.status === "rejected" ? (approval.reason as unknown) : undefined;
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: "CONFLICT", kind: "already_decided" });
        expect((error as AppError).message).toMatch(/superseded by a newer proposal/i);
        expect(superseding).toEqual({ status: "fulfilled", value: [older.id] });
        expect(changes.map((c) => c.status)).toEqual(["superseded"]);
        expect(written).toHaveLength(0);
        expect(approvals).toHaveLength(1);
        expect(approvedEvents).toHaveLength(0);
        expect(supersededEvents).toHaveLength(1);
        expect((await getContactById(db, contact.id))?.phone).toBe(contact.phone);
      } else {
        outcomes.applied++;
        expect(now?.status).toBe("applied");
        expect(approval).toMatchObject({ status: "fulfilled", value: { status: "applied" } });
        expect(superseding).toEqual({ status: "fulfilled", value: [] });
        expect(changes.map((c) => c.status)).toEqual(["applied"]);
        expect(written).toHaveLength(1);
        expect(approvals.map((a) => a.userId)).toEqual([first.id, second.id]);
        expect(approvals[1]?.changeDigest).toBe(approvals[0]?.changeDigest);
        expect(approvedEvents).toHaveLength(1);
        expect(approvedEvents[0]?.data).toMatchObject({
          approvers: [first.id, second.id],
          digest: approvals[0]?.changeDigest,
        });
        expect(supersededEvents).toHaveLength(0);
        expect((await getContactById(db, contact.id))?.phone).toBe("+14155550001");
        // the newer proposal was left open, to be decided against what is now written
        const newerNow = await getProposalById(db, newer.id);
        expect(newerNow?.status).toBe("pending_review");
        lastApplied = { newerId: newer.id, newerVersion: newerNow?.version ?? 0 };
      }
    }
    console.info(`approval vs supersede, 50 rounds: ${JSON.stringify(outcomes)}`);
    if (lastApplied) {
      // the newer proposal was computed against the value the approval overwrote: a conflict, not a blind write
      const newer = await approve(second, lastApplied.newerId, lastApplied.newerVersion);
      expect(newer.status).toBe("conflict");
    }
  }, 120_000);
});
