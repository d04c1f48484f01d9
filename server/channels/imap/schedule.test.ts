import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBoss } from "@/jobs/boss";
import { imapMailboxes } from "@/db/schema";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { startDovecot, type Dovecot } from "@/testing/dovecot";
import { getExtractor } from "../../extraction";
import { registerHandlers } from "@/worker/handlers";
import {
  maxBackoffSeconds,
  nextPollAt,
  pollDelaySeconds,
  reschedulePoll,
  scheduleMailboxPolls,
} from "./schedule";
import { testEmail } from "./testing/emails";
import { createTestMailbox, emptyAccount, messagesFrom, readMailbox } from "./testing/fixtures";

describe("when the next poll is", () => {
  it("waits the interval, doubles it for each failure in a row, and caps the backoff", () => {
    expect([0, 1, 2, 3, 4, 5, 30].map((failures) => pollDelaySeconds(60, failures))).toEqual([
      60, 120, 240, 480, 900, 900, 900,
    ]);
    // an interval longer than the cap is never shortened by failing
    expect(pollDelaySeconds(3600, 3)).toBe(3600);
    expect(maxBackoffSeconds).toBe(900);
  });

  it("is at once for a mailbox never polled or changed since its last poll", () => {
    const updatedAt = new Date("2026-12-01T10:00:00Z");
    expect(nextPollAt({ lastPolledAt: null, updatedAt, consecutiveFailures: 0 }, 60)).toEqual(updatedAt);
    const lastPolledAt = new Date("2026-12-01T10:05:00Z");
    expect(nextPollAt({ lastPolledAt, updatedAt, consecutiveFailures: 2 }, 60)).toEqual(
      new Date("2026-12-01T10:09:00Z"),
    );
    const fixedAt = new Date("2026-12-01T10:06:00Z");
    expect(nextPollAt({ lastPolledAt, updatedAt: fixedAt, consecutiveFailures: 2 }, 60)).toEqual(fixedAt);
  });
});

describe("the imap-poll job", () => {
  const { db, close } = createTestDb({ max: 10 });
  let worker: PgBoss;
  let dovecot: Dovecot;

  beforeAll(async () => {
    dovecot = await startDovecot();
    worker = createBoss(testDatabaseUrl(), "worker");
    await worker.start();
    await registerHandlers(
      { db, boss: worker, extractor: getExtractor(), imap: { intervalSeconds: 300 } },
      { concurrency: 2, pollingIntervalSeconds: 0.5, outboxSweepMs: 0 },
    );
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await emptyAccount(dovecot);
  });
  afterAll(async () => {
    await worker.stop({ graceful: false });
    await dovecot.close();
    await close();
  });

  /** Waits on our own tables and the queue's, failing after a deadline (no sleeps as assertions). */
  async function waitFor<T>(read: () => Promise<T | undefined>, what: string): Promise<T> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const queuedPolls = (mailboxId: string) => worker.findJobs("imap-poll", { key: mailboxId, queued: true });

  it("polls every enabled mailbox from the schedule, then queues its own next poll after the interval, once", async () => {
    await dovecot.deliver(testEmail({ from: "ana@example.com", subject: "Hello", text: "First" }));
    await dovecot.deliver(testEmail({ from: "bob@example.com", subject: "Hi", text: "Second" }));
    const mailbox = await createTestMailbox(db, dovecot);
    const disabled = await createTestMailbox(db, dovecot, { name: "Off", mailbox: "Other", enabled: false });

    expect(await scheduleMailboxPolls({ db, boss: worker }, { intervalSeconds: 300 })).toEqual({
      mailboxes: 1,
    });
    const polled = await waitFor(async () => {
      const row = await readMailbox(db, mailbox.id);
      return row.lastSucceededAt ? row : undefined;
    }, "the first poll");
    expect(polled).toMatchObject({ lastPollStored: 2, lastError: null });
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(2);

    // the poll queued the next one, about the interval after it ran
    const [next] = await waitFor(async () => {
      const jobs = await queuedPolls(mailbox.id);
      return jobs.length > 0 ? jobs : undefined;
    }, "the next poll to be queued");
    expect(next?.data).toEqual({ mailboxId: mailbox.id });
    const lastPolledAt = polled.lastPolledAt?.getTime() ?? 0;
    expect(next?.startAfter.getTime()).toBeGreaterThan(lastPolledAt + 250_000);

    // the every-minute schedule finds that poll waiting and adds none
    await scheduleMailboxPolls({ db, boss: worker }, { intervalSeconds: 300 });
    expect(await queuedPolls(mailbox.id)).toHaveLength(1);
    expect(await queuedPolls(disabled.id)).toEqual([]);
  });

  it("backs off after a failure, and an admin's change brings the next poll forward", async () => {
    const mailbox = await createTestMailbox(db, dovecot, { password: "wrong" });
    await scheduleMailboxPolls({ db, boss: worker }, { intervalSeconds: 300 });
    const failed = await waitFor(async () => {
      const row = await readMailbox(db, mailbox.id);
      return row.lastError ? row : undefined;
    }, "the failed poll");
    expect(failed.consecutiveFailures).toBe(1);
    const [next] = await waitFor(async () => {
      const jobs = await queuedPolls(mailbox.id);
      return jobs.length > 0 ? jobs : undefined;
    }, "the next poll to be queued");
    // one failure: twice the interval
    expect(next?.startAfter.getTime()).toBeGreaterThan((failed.lastPolledAt?.getTime() ?? 0) + 550_000);

    // the password is fixed (as saveMailbox does it): due at once, and the waiting poll moves up
    await dovecot.deliver(testEmail({ from: "ana@example.com", subject: "Hello", text: "After the fix" }));
    await db
      .update(imapMailboxes)
      .set({ password: dovecot.password, updatedAt: new Date() })
      .where(eq(imapMailboxes.id, mailbox.id));
    await reschedulePoll(worker, db, mailbox.id, new Date());
    const fixed = await waitFor(async () => {
      const row = await readMailbox(db, mailbox.id);
      return row.lastSucceededAt ? row : undefined;
    }, "the poll after the fix");
    expect(fixed).toMatchObject({ lastError: null, consecutiveFailures: 0, lastPollStored: 1 });
  });
});
