import { randomUUID } from "node:crypto";
import { callerAs } from "@/testing/callers";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { insertAppliedChange } from "@/db/queries/applied-changes";
import { insertOutboxItem } from "@/db/queries/outbox";
import { countFailedJobs } from "@/db/queries/dashboard";
import { insertMessageIfNew } from "@/db/queries/messages";
import { insertDecision, insertProposal, insertProposedChanges } from "@/db/queries/proposals";
import { appliedChanges } from "@/db/schema";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { bossSchema, createBoss } from "@/jobs/boss";
import { deadLetterQueue, jobNames } from "@/jobs/definitions";
import { rollBackChangeSet } from "../apply/rollback";
import { approveProposal, rejectProposal } from "../review/decide";
import { createCaller } from "../routers";
import { dashboardSummary, type DashboardSummary } from "./dashboard";
import { logger } from "./logger";
import { getBoss } from "@/server/boss";

const { db, close } = createTestDb({ max: 10 });
let boss: PgBoss;

beforeAll(async () => {
  boss = createBoss(testDatabaseUrl(), "web");
  boss.on("error", () => {});
  await boss.start();
});
beforeEach(async () => {
  await resetDatabase(db);
  // pg-boss keeps its jobs in its own schema, which resetDatabase leaves alone
  await boss.deleteAllJobs();
  await ensureDefaultPolicy(db);
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await close();
});

const now = new Date("2026-03-10T10:30:00Z");
const minutes = (n: number) => n * 60_000;
const ago = (ms: number) => new Date(now.getTime() - ms);
const after = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

async function message(params: {
  receivedAt: Date;
  processedAfterSeconds?: number;
  status?: "proposed" | "no_change" | "failed";
}) {
  const stored = await insertMessageIfNew(db, {
    channel: "email",
    sourceId: `dashboard-${randomUUID()}`,
    sender: "someone@example.com",
    text: "please update my phone number",
    raw: {},
    receivedAt: params.receivedAt,
    createdAt: params.receivedAt,
    status: params.status ?? "proposed",
    processedAt:
      params.processedAfterSeconds === undefined
        ? null
        : after(params.receivedAt, params.processedAfterSeconds),
  });
  if (!stored) throw new Error("message not stored");
  return stored;
}

type Outcome = "open" | "conflict" | "escalated" | "auto" | "approved" | "edited" | "rejected" | "declined";

const fields = {
  "contact.phone": { intent: "update_phone", value: "+14155550199", risk: "medium" },
  "contact.email": { intent: "update_email", value: "new@example.com", risk: "medium" },
  "contact.name": { intent: "update_name", value: "Ana Silva", risk: "medium" },
} as const;

/**
 * A one-change set as the pipeline and the reviewers would have left it: statuses, decision
 * times, applied rows and decisions as the services write them, at known times.
 */
/** several change sets, created one after another, each so many minutes before `now` */
async function changeSets(
  specs: (Omit<Parameters<typeof changeSet>[0], "createdAt"> & { minutesAgo: number })[],
) {
  for (const { minutesAgo, ...spec } of specs)
    await changeSet({ ...spec, createdAt: ago(minutes(minutesAgo)) });
}

async function changeSet(params: {
  createdAt: Date;
  field: keyof typeof fields;
  confidence: number;
  outcome: Outcome;
  /** created → decided by a person */
  reviewSeconds?: number;
  /** decided (by a person or, for auto, at creation) → applied */
  applySeconds?: number;
  rolledBack?: boolean;
  slaDueAt?: Date | null;
}) {
  const contact = await createTestContact(db);
  const reviewer = await createTestUser(db, "reviewer");
  const { intent, value, risk } = fields[params.field];
  const byPerson = ["approved", "edited", "rejected"].includes(params.outcome);
  const decidedAt =
    params.outcome === "auto" || params.outcome === "declined"
      ? params.createdAt
      : byPerson
        ? after(params.createdAt, params.reviewSeconds ?? 60)
        : null;
  const applied = params.outcome === "auto" || params.outcome === "approved" || params.outcome === "edited";
  const appliedAt = applied && decidedAt ? after(decidedAt, params.applySeconds ?? 1) : null;
  const route =
    params.outcome === "auto" ? "auto_apply" : params.outcome === "declined" ? "decline" : "review";
  const status = {
    open: "pending_review",
    conflict: "conflict",
    escalated: "escalated",
    auto: "applied",
    approved: "applied",
    edited: "applied",
    rejected: "rejected",
    declined: "declined",
  } as const;
  const changeStatus = {
    open: "pending",
    conflict: "conflict",
    escalated: "pending",
    auto: "applied",
    approved: "applied",
    edited: "applied",
    rejected: "rejected",
    declined: "rejected",
  } as const;

  const proposal = await insertProposal(db, {
    kind: "change",
    contactId: contact.id,
    status: status[params.outcome],
    intents: [intent],
    summary: `${intent} (${params.outcome})`,
    confidence: params.confidence,
    route,
    routeRule: "test",
    slaDueAt:
      params.slaDueAt !== undefined
        ? params.slaDueAt
        : route === "review"
          ? after(params.createdAt, 4 * 3600)
          : null,
    decidedBy: byPerson ? reviewer.id : null,
    decidedAt,
    appliedAt,
    createdAt: params.createdAt,
    updatedAt: params.createdAt,
  });
  const [change] = await insertProposedChanges(db, [
    {
      proposalId: proposal.id,
      position: 0,
      intent,
      store: "crm",
      entity: "contact",
      recordId: contact.id,
      recordLabel: contact.name,
      field: params.field,
      baseValue: null,
      baseVersion: contact.version,
      proposedValue: value,
      editedValue: params.outcome === "edited" ? `${value}-edited` : null,
      confidence: params.confidence,
      risk,
      route,
      routeRule: "test",
      status: changeStatus[params.outcome],
      createdAt: params.createdAt,
    },
  ]);
  if (!change) throw new Error("change not created");
  if (decidedAt && params.outcome !== "declined") {
    await insertDecision(db, {
      proposalId: proposal.id,
      kind: (
        { auto: "auto_apply", approved: "approve", edited: "edit_approve", rejected: "reject" } as const
      )[params.outcome as "auto" | "approved" | "edited" | "rejected"],
      userId: byPerson ? reviewer.id : null,
      proposalVersion: 1,
      createdAt: decidedAt,
    });
  }
  if (appliedAt) {
    const row = await insertAppliedChange(db, {
      proposedChangeId: change.id,
      proposalId: proposal.id,
      store: "crm",
      entity: "contact",
      recordId: contact.id,
      field: params.field,
      oldValue: null,
      newValue: change.editedValue ?? value,
      versionBefore: 1,
      versionAfter: 2,
      actorType: byPerson ? "user" : "policy",
      actorId: byPerson ? reviewer.id : null,
      appliedAt,
    });
    if (params.rolledBack && row) {
      // the rollback is a change set of its own, made by a person: never counted as proposed
      const rollback = await insertProposal(db, {
        kind: "rollback",
        rollsBackProposalId: proposal.id,
        contactId: contact.id,
        status: "applied",
        intents: [intent],
        summary: "Roll back",
        route: "review",
        routeRule: "rollback",
        createdAt: after(appliedAt, 600),
        appliedAt: after(appliedAt, 601),
      });
      await db
        .update(appliedChanges)
        .set({ rolledBackByProposalId: rollback.id, rolledBackAt: after(appliedAt, 601) })
        .where(eq(appliedChanges.id, row.id));
    }
  }
  return proposal;
}

/** every number in the summary is a real number: an empty window must not produce NaN */
function numbersIn(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (value instanceof Date || value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(numbersIn);
}

const bucketCount = (summary: DashboardSummary) => summary.throughput.buckets.length;
const bucketAt = (summary: DashboardSummary, iso: string) =>
  summary.throughput.buckets.find((b) => b.start.toISOString() === iso);

describe("the dashboard summary", () => {
  it("is all zeros, with no NaN, for an empty database", async () => {
    const auditor = await callerAs(db, "auditor");
    for (const window of ["24h", "7d", "30d"] as const) {
      const summary = await auditor.dashboard.summary({ window });
      expect(summary.throughput).toMatchObject({
        messages: 0,
        changeSets: 0,
        byRoute: { auto_apply: 0, review: 0, decline: 0 },
        byStatus: [],
      });
      expect(summary.throughput.buckets.length).toBeGreaterThan(0);
      expect(summary.throughput.buckets.every((b) => b.messages === 0 && b.changeSets === 0)).toBe(true);
      expect(summary.latencies).toEqual([
        { stage: "intake", count: 0, p50Seconds: null, p95Seconds: null },
        { stage: "review", count: 0, p50Seconds: null, p95Seconds: null },
        { stage: "apply", count: 0, p50Seconds: null, p95Seconds: null },
      ]);
      expect(summary.drift).toEqual([]);
      expect(summary.calibration).toHaveLength(6);
      expect(
        summary.calibration.every(
          (c) => c.count === 0 && c.acceptedShare === null && c.verdict === "too_few",
        ),
      ).toBe(true);
      expect(summary.queue).toEqual({
        open: 0,
        pendingReview: 0,
        escalated: 0,
        conflict: 0,
        pastSla: 0,
        oldestOpenAt: null,
        oldestAgeSeconds: null,
      });
      expect(summary.failures).toEqual({
        failedMessages: 0,
        outboxFailed: 0,
        outboxDead: 0,
        jobs: { failed: 0, deadLettered: 0, byQueue: [] },
      });
      expect(numbersIn(summary).every(Number.isFinite)).toBe(true);
    }
  });

  it("counts messages and change sets per bucket, route and status, and times each stage", async () => {
    // messages: processed after 10, 20, 30, 40 and 100 seconds in the last 24 hours
    await message({ receivedAt: ago(minutes(10)), processedAfterSeconds: 10 });
    await message({ receivedAt: ago(minutes(20)), processedAfterSeconds: 20 });
    await message({ receivedAt: ago(minutes(70)), processedAfterSeconds: 30 });
    await message({ receivedAt: ago(minutes(180)), processedAfterSeconds: 40, status: "no_change" });
    await message({ receivedAt: ago(minutes(300)), processedAfterSeconds: 100 });
    await message({ receivedAt: ago(minutes(120)), status: "failed" });
    await message({ receivedAt: ago(minutes(30 * 60)), processedAfterSeconds: 1000 }); // 7 and 30 days
    await message({ receivedAt: ago(minutes(10 * 24 * 60)), processedAfterSeconds: 5 }); // 30 days
    await message({ receivedAt: after(now, 3600), processedAfterSeconds: 5 }); // after `now`: never

    // change sets in the last 24 hours
    await changeSets([
      { minutesAgo: 15, field: "contact.phone", confidence: 0.97, outcome: "auto", applySeconds: 5 },
      {
        minutesAgo: 25,
        field: "contact.phone",
        confidence: 0.96,
        outcome: "auto",
        applySeconds: 15,
        rolledBack: true,
      },
      { minutesAgo: 120, field: "contact.phone", confidence: 0.85, outcome: "approved", reviewSeconds: 60 },
      { minutesAgo: 120, field: "contact.phone", confidence: 0.75, outcome: "edited", reviewSeconds: 120 },
      { minutesAgo: 240, field: "contact.phone", confidence: 0.72, outcome: "rejected", reviewSeconds: 180 },
      {
        minutesAgo: 60,
        field: "contact.phone",
        confidence: 0.6,
        outcome: "open",
        slaDueAt: after(now, 1800),
      },
      { minutesAgo: 360, field: "contact.email", confidence: 0.91, outcome: "approved", reviewSeconds: 240 },
      { minutesAgo: 360, field: "contact.email", confidence: 0.93, outcome: "approved", reviewSeconds: 300 },
      { minutesAgo: 420, field: "contact.name", confidence: 0.3, outcome: "declined" },
      {
        minutesAgo: 50,
        field: "contact.name",
        confidence: 0.8,
        outcome: "conflict",
        slaDueAt: ago(minutes(5)),
      },
    ]);
    // older ones
    await changeSets([
      { minutesAgo: 3 * 24 * 60, field: "contact.email", confidence: 0.9, outcome: "rejected" },
      { minutesAgo: 20 * 24 * 60, field: "contact.name", confidence: 0.99, outcome: "auto" },
      {
        minutesAgo: 40 * 24 * 60,
        field: "contact.name",
        confidence: 0.8,
        outcome: "escalated",
        slaDueAt: ago(minutes(39 * 24 * 60)),
      },
    ]);

    const day = await dashboardSummary(db, { window: "24h", now });
    expect(day.since.toISOString()).toBe("2026-03-09T10:30:00.000Z");
    // whole UTC hours from the one holding `since` to the one holding `now`
    expect(bucketCount(day)).toBe(25);
    expect(day.throughput.buckets[0]?.start.toISOString()).toBe("2026-03-09T10:00:00.000Z");
    expect(day.throughput.buckets.at(-1)?.start.toISOString()).toBe("2026-03-10T10:00:00.000Z");
    expect(bucketAt(day, "2026-03-10T10:00:00.000Z")).toMatchObject({ messages: 2, changeSets: 2 });
    expect(bucketAt(day, "2026-03-10T09:00:00.000Z")).toMatchObject({ messages: 1, changeSets: 2 });
    expect(bucketAt(day, "2026-03-10T08:00:00.000Z")).toMatchObject({ messages: 1, changeSets: 2 });
    expect(bucketAt(day, "2026-03-10T07:00:00.000Z")).toMatchObject({ messages: 1, changeSets: 0 });
    expect(bucketAt(day, "2026-03-10T06:00:00.000Z")).toMatchObject({ messages: 0, changeSets: 1 });
    expect(bucketAt(day, "2026-03-10T05:00:00.000Z")).toMatchObject({ messages: 1, changeSets: 0 });
    expect(bucketAt(day, "2026-03-10T04:00:00.000Z")).toMatchObject({ messages: 0, changeSets: 2 });
    expect(bucketAt(day, "2026-03-10T03:00:00.000Z")).toMatchObject({ messages: 0, changeSets: 1 });
    expect(day.throughput).toMatchObject({
      messages: 6,
      changeSets: 10,
      byRoute: { auto_apply: 2, review: 7, decline: 1 },
    });
    expect(day.throughput.byStatus).toEqual([
      { status: "applied", count: 6 },
      { status: "conflict", count: 1 },
      { status: "declined", count: 1 },
      { status: "pending_review", count: 1 },
      { status: "rejected", count: 1 },
    ]);

    // intake [10, 20, 30, 40, 100]; review [60, 120, 180, 240, 300]; apply [1, 1, 1, 1, 5, 15]
    const latency = (stage: string) => day.latencies.find((l) => l.stage === stage);
    expect(day.latencies.map((l) => [l.stage, l.count])).toEqual([
      ["intake", 5],
      ["review", 5],
      ["apply", 6],
    ]);
    expect(latency("intake")?.p50Seconds).toBeCloseTo(30, 6);
    expect(latency("intake")?.p95Seconds).toBeCloseTo(88, 6);
    expect(latency("review")?.p50Seconds).toBeCloseTo(180, 6);
    expect(latency("review")?.p95Seconds).toBeCloseTo(288, 6);
    expect(latency("apply")?.p50Seconds).toBeCloseTo(1, 6);
    expect(latency("apply")?.p95Seconds).toBeCloseTo(12.5, 6);

    const week = await dashboardSummary(db, { window: "7d", now });
    expect(bucketCount(week)).toBe(8);
    expect(week.throughput.buckets[0]?.start.toISOString()).toBe("2026-03-03T00:00:00.000Z");
    expect(week.throughput).toMatchObject({ messages: 7, changeSets: 11 });
    expect(bucketAt(week, "2026-03-09T00:00:00.000Z")).toMatchObject({ messages: 1, changeSets: 0 });
    expect(bucketAt(week, "2026-03-07T00:00:00.000Z")).toMatchObject({ messages: 0, changeSets: 1 });

    const month = await dashboardSummary(db, { window: "30d", now });
    expect(bucketCount(month)).toBe(31);
    expect(month.throughput).toMatchObject({ messages: 8, changeSets: 12 });
    expect(month.throughput.byRoute).toEqual({ auto_apply: 3, review: 8, decline: 1 });
  });

  it("shows per intent and field what people did with the proposals, worst first", async () => {
    await changeSets([
      { minutesAgo: 15, field: "contact.phone", confidence: 0.97, outcome: "auto" },
      { minutesAgo: 25, field: "contact.phone", confidence: 0.96, outcome: "auto", rolledBack: true },
      { minutesAgo: 120, field: "contact.phone", confidence: 0.85, outcome: "approved" },
      { minutesAgo: 120, field: "contact.phone", confidence: 0.75, outcome: "edited" },
      { minutesAgo: 240, field: "contact.phone", confidence: 0.72, outcome: "rejected" },
      { minutesAgo: 60, field: "contact.phone", confidence: 0.6, outcome: "open" },
      { minutesAgo: 360, field: "contact.email", confidence: 0.91, outcome: "approved" },
      { minutesAgo: 360, field: "contact.email", confidence: 0.93, outcome: "approved" },
      { minutesAgo: 420, field: "contact.name", confidence: 0.3, outcome: "declined" },
      { minutesAgo: 50, field: "contact.name", confidence: 0.8, outcome: "conflict" },
      { minutesAgo: 3 * 24 * 60, field: "contact.email", confidence: 0.9, outcome: "rejected" },
    ]);

    const day = await dashboardSummary(db, { window: "24h", now });
    expect(day.drift.map((row) => [row.intent, row.field])).toEqual([
      ["update_phone", "contact.phone"],
      ["update_email", "contact.email"],
      ["update_name", "contact.name"],
    ]);
    expect(day.drift[0]).toEqual({
      intent: "update_phone",
      field: "contact.phone",
      proposed: 6,
      autoApplied: 2,
      autoAppliedShare: 2 / 6,
      reviewed: 3,
      approved: 1,
      approvedShare: 1 / 3,
      edited: 1,
      editedShare: 1 / 3,
      rejected: 1,
      rejectedShare: 1 / 3,
      applied: 4,
      rolledBack: 1,
      rolledBackShare: 1 / 4,
      decided: 5,
      // the rolled-back automatic one, the edited one and the rejected one
      corrected: 3,
      correctedShare: 3 / 5,
    });
    expect(day.drift[1]).toMatchObject({
      proposed: 2,
      reviewed: 2,
      approved: 2,
      approvedShare: 1,
      correctedShare: 0,
    });
    // a field the policy declined is not a person's rejection; one waiting on a conflict is undecided
    expect(day.drift[2]).toMatchObject({
      proposed: 2,
      reviewed: 0,
      rejected: 0,
      decided: 0,
      autoAppliedShare: 0,
      approvedShare: null,
      rolledBackShare: null,
      correctedShare: null,
    });

    const week = await dashboardSummary(db, { window: "7d", now });
    expect(week.drift.find((row) => row.field === "contact.email")).toMatchObject({
      proposed: 3,
      reviewed: 3,
      rejected: 1,
      correctedShare: 1 / 3,
    });
  });

  it("buckets decided changes by confidence, boundaries included, and says when a bucket is off", async () => {
    // one decided change exactly on each edge; `real` 0.7 must not fall into the bucket below
    for (const confidence of [0.45, 0.5, 0.7, 0.8, 0.9, 0.95, 1]) {
      await changeSet({
        createdAt: ago(minutes(30)),
        field: "contact.phone",
        confidence,
        outcome: "approved",
      });
    }
    // undecided and declined changes say nothing about calibration
    await changeSets([
      { minutesAgo: 30, field: "contact.phone", confidence: 0.55, outcome: "open" },
      { minutesAgo: 30, field: "contact.name", confidence: 0.2, outcome: "declined" },
    ]);
    // 0.9–0.95: 9 more, 5 of them corrected → 5 of 10 accepted at ~0.91: overconfident
    for (let i = 0; i < 9; i++) {
      await changeSet({
        createdAt: ago(minutes(40)),
        field: "contact.email",
        confidence: 0.92,
        outcome: i < 2 ? "edited" : i < 4 ? "rejected" : i < 5 ? "auto" : "approved",
        rolledBack: i === 4,
      });
    }
    // 0.5–0.7: 9 more at 0.6, all accepted → 10 of 10 at ~0.61: underconfident
    for (let i = 0; i < 9; i++) {
      await changeSet({
        createdAt: ago(minutes(50)),
        field: "contact.name",
        confidence: 0.6,
        outcome: "approved",
      });
    }

    const { calibration } = await dashboardSummary(db, { window: "24h", now });
    expect(calibration.map((c) => [c.min, c.max, c.count, c.accepted])).toEqual([
      [0, 0.5, 1, 1],
      [0.5, 0.7, 10, 10],
      [0.7, 0.8, 1, 1],
      [0.8, 0.9, 1, 1],
      [0.9, 0.95, 10, 5],
      [0.95, 1, 2, 2],
    ]);
    expect(calibration[4]?.acceptedShare).toBe(0.5);
    expect(calibration[4]?.meanConfidence).toBeCloseTo((0.9 + 9 * 0.92) / 10, 5);
    expect(calibration.map((c) => c.verdict)).toEqual([
      "too_few",
      "underconfident",
      "too_few",
      "too_few",
      "overconfident",
      "too_few",
    ]);
  });

  it("shows the queue as it is now: open items, the oldest one's age, past SLA and escalated", async () => {
    await changeSets([
      {
        minutesAgo: 60,
        field: "contact.phone",
        confidence: 0.6,
        outcome: "open",
        slaDueAt: after(now, 1800),
      },
      { minutesAgo: 90, field: "contact.phone", confidence: 0.6, outcome: "open", slaDueAt: null },
      {
        minutesAgo: 50,
        field: "contact.name",
        confidence: 0.8,
        outcome: "conflict",
        slaDueAt: ago(minutes(5)),
      },
      {
        minutesAgo: 40 * 24 * 60,
        field: "contact.name",
        confidence: 0.8,
        outcome: "escalated",
        slaDueAt: ago(minutes(39 * 24 * 60)),
      },
    ]);
    // decided ones are not in the queue, even past their SLA
    await changeSet({
      createdAt: ago(minutes(600)),
      field: "contact.phone",
      confidence: 0.8,
      outcome: "rejected",
      slaDueAt: ago(minutes(300)),
    });

    const { queue } = await dashboardSummary(db, { window: "24h", now });
    expect(queue).toEqual({
      open: 4,
      pendingReview: 2,
      escalated: 1,
      conflict: 1,
      pastSla: 2,
      oldestOpenAt: ago(minutes(40 * 24 * 60)),
      oldestAgeSeconds: 40 * 24 * 3600,
    });
  });

  it("counts failed messages, undelivered outbox items and failed and dead-lettered jobs", async () => {
    await message({ receivedAt: ago(minutes(10)), status: "failed" });
    await message({ receivedAt: ago(minutes(60 * 24 * 90)), status: "failed" });
    await message({ receivedAt: ago(minutes(10)), processedAfterSeconds: 3 });
    const outbox = (status: "pending" | "sent" | "failed" | "dead") =>
      insertOutboxItem(db, { kind: "notification", idempotencyKey: randomUUID(), payload: {}, status });
    await Promise.all([outbox("pending"), outbox("sent"), outbox("failed"), outbox("dead"), outbox("dead")]);

    // a job whose retries are spent fails for good and is copied to the dead-letter queue
    const id = await boss.send("review-sla", {}, { retryLimit: 0 });
    const [job] = await boss.fetch("review-sla");
    expect(job?.id).toBe(id);
    await boss.fail("review-sla", id ?? "", { message: "test failure" });
    // one still being retried is not a failure yet
    const retried = await boss.send("outbox-deliver", { outboxId: randomUUID() });
    await boss.fetch("outbox-deliver");
    await boss.fail("outbox-deliver", retried ?? "", { message: "will retry" });

    const { failures } = await dashboardSummary(db, { window: "24h" });
    expect(failures).toEqual({
      failedMessages: 2,
      outboxFailed: 1,
      outboxDead: 2,
      jobs: { failed: 1, deadLettered: 1, byQueue: [{ queue: "review-sla", failed: 1 }] },
    });
    // outside the window, the jobs are not counted
    const later = await dashboardSummary(db, {
      window: "24h",
      now: new Date(Date.now() + 2 * 24 * 3600_000),
    });
    expect(later.failures.jobs).toEqual({ failed: 0, deadLettered: 0, byQueue: [] });
  });

  it("answers null for jobs, rather than failing, where pg-boss is not installed", async () => {
    const range = { since: ago(minutes(60)), until: now };
    expect(
      await countFailedJobs(db, { ...range, schema: "no_such_boss", queues: jobNames, deadLetterQueue }),
    ).toBeNull();
    expect(
      await countFailedJobs(db, { ...range, schema: bossSchema, queues: jobNames, deadLetterQueue }),
    ).toEqual({
      failed: 0,
      deadLettered: 0,
      byQueue: [],
    });
    // a table that is there but not pg-boss's: the refused read leaves the caller's transaction usable
    await db.execute(sql`create schema if not exists not_boss`);
    await db.execute(sql`create table if not exists not_boss.job (id int)`);
    try {
      const result = await db.transaction(async (tx) => {
        const jobs = await countFailedJobs(tx, {
          ...range,
          schema: "not_boss",
          queues: jobNames,
          deadLetterQueue,
        });
        const [row] = await tx.execute<{ one: number }>(sql`select 1 as one`);
        return { jobs, one: row?.one };
      });
      expect(result).toEqual({ jobs: null, one: 1 });
    } finally {
      await db.execute(sql`drop schema not_boss cascade`);
    }
  });

  it("agrees with what the review services write: edits, rejections and rollbacks", async () => {
    const lead = await createTestUser(db, "lead");
    const actor = { type: "user" as const, id: lead.id, label: lead.name };
    const [ana, ben, cho] = await Promise.all([
      createTestContact(db),
      createTestContact(db),
      createTestContact(db),
    ]);
    if (!ana || !ben || !cho) throw new Error("contacts");

    const edited = await createReviewProposal(db, { contact: ana, field: "contact.phone" });
    await approveProposal(
      { db },
      {
        proposalId: edited.proposal.id,
        expectedVersion: edited.proposal.version,
        edits: [{ changeId: edited.change.id, value: "+14155550123" }],
        actor,
      },
    );
    const rolledBack = await createReviewProposal(db, { contact: ben, field: "contact.phone" });
    await approveProposal(
      { db },
      {
        proposalId: rolledBack.proposal.id,
        expectedVersion: rolledBack.proposal.version,
        edits: [],
        actor,
      },
    );
    await rollBackChangeSet(
      { db },
      {
        proposalId: rolledBack.proposal.id,
        reason: "customer called back",
        actor,
      },
    );
    const rejected = await createReviewProposal(db, {
      contact: cho,
      field: "contact.email",
      value: "cho@example.com",
    });
    await rejectProposal(db, {
      proposalId: rejected.proposal.id,
      expectedVersion: rejected.proposal.version,
      reason: "not the customer",
      actor,
    });

    const summary = await (await callerAs(db, "reviewer")).dashboard.summary({ window: "24h" });
    // the rollback is a change set too, but not a proposal of the pipeline
    expect(summary.throughput.changeSets).toBe(3);
    // both were corrected every time; the busier row comes first
    expect(summary.drift).toEqual([
      expect.objectContaining({
        intent: "update_phone",
        field: "contact.phone",
        reviewed: 2,
        approved: 1,
        edited: 1,
        applied: 2,
        rolledBack: 1,
        corrected: 2,
        correctedShare: 1,
      }),
      expect.objectContaining({
        intent: "update_phone",
        field: "contact.email",
        reviewed: 1,
        rejected: 1,
        correctedShare: 1,
      }),
    ]);
    expect(summary.latencies.map((l) => [l.stage, l.count])).toEqual([
      ["intake", 0],
      ["review", 3],
      ["apply", 2],
    ]);
    expect(summary.calibration.find((c) => c.min === 0.8)).toMatchObject({ count: 3, accepted: 0 });
  });
});

describe("who may read the dashboard", () => {
  it("is every role, and nobody signed out", async () => {
    for (const role of ["admin", "lead", "reviewer", "auditor"] as const) {
      const caller = await callerAs(db, role);
      await expect(caller.dashboard.summary({ window: "7d" })).resolves.toMatchObject({ window: "7d" });
    }
    const signedOut = createCaller({ db, getBoss, user: null, log: logger, requestId: "test" });
    await expect(signedOut.dashboard.summary({ window: "24h" })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("refuses an unknown window", async () => {
    const auditor = await callerAs(db, "auditor");
    await expect(
      auditor.dashboard.summary({ window: "1y" } as unknown as { window: "24h" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
