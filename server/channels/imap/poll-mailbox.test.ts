import net, { type AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upsertChannelSettings } from "@/db/queries/channels";
import { auditEvents, imapMailboxes } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { startDovecot, type Dovecot } from "@/testing/dovecot";
import { getBoss } from "../../boss";
import { pollMailbox, type PollDeps, type PollResult, type PollStep } from "./poll-mailbox";
import { testEmail, trustedAuthservId } from "./testing/emails";
import { createTestMailbox, emptyAccount, messagesFrom, readMailbox } from "./testing/fixtures";

const { db, close } = createTestDb({ max: 10 });
let dovecot: Dovecot;

beforeAll(async () => {
  await (await getBoss()).start();
  dovecot = await startDovecot();
});
beforeEach(async () => {
  await resetDatabase(db);
  await upsertChannelSettings(db, {
    channel: "email",
    settings: { trustedAuthservIds: [trustedAuthservId] },
  });
  // a test that stopped the server mid-way may have failed before starting it again
  await dovecot.connect().then(
    (client) => client.logout(),
    () => dovecot.start(),
  );
  await emptyAccount(dovecot);
});
afterAll(async () => {
  await dovecot.close();
  await (await getBoss()).stop({ graceful: false });
  await close();
});

async function poll(mailboxId: string, extra: Omit<PollDeps, "db" | "boss"> = {}): Promise<PollResult> {
  return pollMailbox({ db, boss: await getBoss(), ...extra }, { mailboxId });
}

function polled(result: PollResult) {
  if (result.status !== "polled")
    throw new Error(`expected a successful poll, got ${JSON.stringify(result)}`);
  return result;
}

/** A step hook that stops the poll, like a crash, the first time `when` says so. */
function crashWhen(when: (step: PollStep) => boolean) {
  let crashed = false;
  return async (step: PollStep) => {
    if (crashed || !when(step)) return;
    crashed = true;
    throw new Error(`simulated crash after ${step.step}`);
  };
}

const ana = testEmail({
  from: "Ana Silva <ana.silva@example.com>",
  subject: "New phone number",
  text: "Hello,\nmy new phone number is (415) 555-0131.\nThanks, Ana",
  authenticated: true,
});
const bob = testEmail({
  from: "Bob Jones <bob@example.org>",
  subject: "Cancel my order",
  text: "Please cancel order 1042.\nBob",
});
const carol = testEmail({
  from: "carol@example.net",
  subject: "Address",
  text: "I moved to 12 Elm Road, Springfield IL 62704.",
  authenticated: true,
});

async function deliverNumbered(count: number, prefix = "Message"): Promise<number[]> {
  const uids: number[] = [];
  for (let n = 1; n <= count; n++)
    uids.push(
      await dovecot.deliver(
        testEmail({
          from: `sender${n}@example.com`,
          subject: `${prefix} ${n}`,
          text: `${prefix} number ${n}`,
        }),
      ),
    );
  return uids;
}

async function expectEachStoredOnce(mailboxId: string, uidValidity: number, uids: number[]) {
  const stored = await messagesFrom(db, mailboxId);
  expect(stored.map((m) => m.sourceId).sort()).toEqual(
    uids.map((uid) => `imap:${mailboxId}:${uidValidity}:${uid}`).sort(),
  );
}

describe("pollMailbox", () => {
  it("stores new mail once with the right senders, flags it, advances the cursor, and then reads only what is new", async () => {
    const uids = [await dovecot.deliver(ana), await dovecot.deliver(bob), await dovecot.deliver(carol)];
    const mailbox = await createTestMailbox(db, dovecot);

    const first = polled(await poll(mailbox.id));
    expect(first).toMatchObject({ stored: 3, alreadyStored: 0, skipped: 0, lastUid: uids[2], more: false });
    const stored = await messagesFrom(db, mailbox.id);
    expect(
      stored.map((m) => [m.subject, m.sender, m.senderVerification, m.sourceId, m.status]).sort(),
    ).toEqual(
      [
        [
          "New phone number",
          "Ana Silva <ana.silva@example.com>",
          "email_authenticated",
          `imap:${mailbox.id}:${first.uidValidity}:${uids[0]}`,
          "received",
        ],
        [
          "Cancel my order",
          "Bob Jones <bob@example.org>",
          "unverified",
          `imap:${mailbox.id}:${first.uidValidity}:${uids[1]}`,
          "received",
        ],
        [
          "Address",
          "carol@example.net",
          "email_authenticated",
          `imap:${mailbox.id}:${first.uidValidity}:${uids[2]}`,
          "received",
        ],
      ].sort(),
    );
    expect(await dovecot.list()).toEqual(
      uids.map((uid) => ({ uid, flags: ["$Changedesk", "\\Seen"], subject: expect.any(String) })),
    );
    expect(await readMailbox(db, mailbox.id)).toMatchObject({
      uidValidity: first.uidValidity,
      lastUid: uids[2],
      lastError: null,
      consecutiveFailures: 0,
      lastPollStored: 3,
      lastPolledAt: expect.any(Date),
      lastSucceededAt: expect.any(Date),
    });
    // the first poll records UIDVALIDITY; that is not a change
    expect(first.uidValidityChanged).toBe(false);

    expect(polled(await poll(mailbox.id))).toMatchObject({ stored: 0, alreadyStored: 0, skipped: 0 });
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(3);
    expect((await readMailbox(db, mailbox.id)).lastPollStored).toBe(0);

    const later = await dovecot.deliver(
      testEmail({ from: "dan@example.com", subject: "One more", text: "Unsubscribe me, please." }),
    );
    expect(polled(await poll(mailbox.id))).toMatchObject({ stored: 1, alreadyStored: 0, lastUid: later });
    const after = await messagesFrom(db, mailbox.id);
    expect(after).toHaveLength(4);
    expect(after.filter((m) => m.subject === "One more")).toHaveLength(1);
    expect((await readMailbox(db, mailbox.id)).lastUid).toBe(later);
  });

  it("moves stored mail to the processed folder, creating it, with the keyword on it", async () => {
    await deliverNumbered(3);
    const mailbox = await createTestMailbox(db, dovecot, {
      processedAction: "move",
      processedMailbox: "Processed",
    });
    expect(polled(await poll(mailbox.id))).toMatchObject({ stored: 3 });
    expect(await dovecot.list("INBOX")).toEqual([]);
    const moved = await dovecot.list("Processed");
    expect(moved.map((m) => [m.subject, m.flags])).toEqual([
      ["Message 1", ["$Changedesk", "\\Seen"]],
      ["Message 2", ["$Changedesk", "\\Seen"]],
      ["Message 3", ["$Changedesk", "\\Seen"]],
    ]);
    expect(polled(await poll(mailbox.id))).toMatchObject({ stored: 0, alreadyStored: 0, skipped: 0 });
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(3);
  });

  it("counts mail from a trusted mailbox as a verified sender, without any Authentication-Results", async () => {
    await dovecot.deliver(bob);
    const trusted = await createTestMailbox(db, dovecot, { name: "Vetted inbox", trusted: true });
    polled(await poll(trusted.id));
    const [message] = await messagesFrom(db, trusted.id);
    expect(message).toMatchObject({
      senderVerification: "trusted_mailbox",
      senderVerificationReason: "read from the trusted mailbox Vetted inbox",
    });
  });

  it("after a stop between storing and marking, stores every email exactly once", async () => {
    const uids = await deliverNumbered(5);
    const mailbox = await createTestMailbox(db, dovecot);
    const settings = { batchSize: 2 };

    // batch 1 (UIDs 1, 2) completes; the poll stops right after storing the first of batch 2
    const crashed = await poll(mailbox.id, {
      settings,
      onStep: crashWhen((step) => step.step === "stored" && step.uid === uids[2]),
    });
    expect(crashed).toMatchObject({ status: "failed", consecutiveFailures: 1 });
    const state = await readMailbox(db, mailbox.id);
    expect(state).toMatchObject({ lastUid: uids[1], consecutiveFailures: 1 });
    expect(state.lastError).toContain("Changedesk's side");
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(3);
    expect((await dovecot.list()).map((m) => m.flags.includes("$Changedesk"))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);

    const resumed = polled(await poll(mailbox.id, { settings }));
    expect(resumed).toMatchObject({ stored: 2, alreadyStored: 1, skipped: 0, lastUid: uids[4] });
    await expectEachStoredOnce(mailbox.id, resumed.uidValidity, uids);
    expect((await dovecot.list()).every((m) => m.flags.includes("$Changedesk"))).toBe(true);
    expect(await readMailbox(db, mailbox.id)).toMatchObject({
      lastUid: uids[4],
      lastError: null,
      consecutiveFailures: 0,
    });
  });

  it("after a stop between marking and moving the cursor, skips the flagged mail without downloading it", async () => {
    const uids = await deliverNumbered(5);
    const mailbox = await createTestMailbox(db, dovecot);
    const settings = { batchSize: 2 };
    const crashed = await poll(mailbox.id, {
      settings,
      onStep: crashWhen((step) => step.step === "marked" && step.uids.includes(uids[2] ?? -1)),
    });
    expect(crashed.status).toBe("failed");
    expect((await readMailbox(db, mailbox.id)).lastUid).toBe(uids[1]);

    const steps: PollStep[] = [];
    const resumed = polled(await poll(mailbox.id, { settings, onStep: (step) => void steps.push(step) }));
    // UIDs 3 and 4 were flagged: found stored by source id and never downloaded again
    expect(resumed).toMatchObject({ stored: 1, alreadyStored: 0, skipped: 2, lastUid: uids[4] });
    expect(steps.filter((s) => s.step === "stored")).toEqual([
      { step: "stored", uid: uids[4], created: true },
    ]);
    await expectEachStoredOnce(mailbox.id, resumed.uidValidity, uids);
  });

  it("with its cursor lost, skips what it stored, and still reads a flagged email it never stored", async () => {
    const uids = await deliverNumbered(3);
    const mailbox = await createTestMailbox(db, dovecot);
    const first = polled(await poll(mailbox.id));
    await db.update(imapMailboxes).set({ lastUid: 0 }).where(eq(imapMailboxes.id, mailbox.id));
    // another program put our keyword on new mail: the keyword saves a download, never a message
    const foreign = await dovecot.deliver(
      testEmail({ from: "eve@example.com", subject: "Flagged elsewhere", text: "Hello" }),
      { flags: ["$Changedesk"] },
    );

    const again = polled(await poll(mailbox.id));
    expect(again).toMatchObject({ stored: 1, alreadyStored: 0, skipped: 3, lastUid: foreign });
    await expectEachStoredOnce(mailbox.id, first.uidValidity, [...uids, foreign]);
  });

  it("when the server drops the connection mid-poll, fails cleanly, loses nothing, and catches up once it is back", async () => {
    const uids = await deliverNumbered(3);
    const mailbox = await createTestMailbox(db, dovecot);

    // the server goes away right after the first email is stored, before anything is marked
    const dropped = await poll(mailbox.id, {
      onStep: async (step) => {
        if (step.step === "stored" && step.uid === uids[0]) await dovecot.stop();
      },
    });
    expect(dropped).toMatchObject({ status: "failed", consecutiveFailures: 1 });
    const failedState = await readMailbox(db, mailbox.id);
    expect(failedState.lastError).toMatch(/^Could not flag stored messages: /);
    expect(failedState.lastUid).toBe(0);
    // what was downloaded before the drop is stored; nothing is marked or counted as read
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(3);

    // while it is down: refused, recorded, and the failures add up
    expect(await poll(mailbox.id)).toMatchObject({ status: "failed", consecutiveFailures: 2 });
    expect((await readMailbox(db, mailbox.id)).lastError).toMatch(
      /^Could not connect and sign in: nothing accepts connections at 127\.0\.0\.1:\d+ \(connection refused\)\.$/,
    );

    await dovecot.start();
    const back = polled(await poll(mailbox.id));
    expect(back).toMatchObject({ stored: 0, alreadyStored: 3, lastUid: uids[2] });
    await expectEachStoredOnce(mailbox.id, back.uidValidity, uids);
    expect((await dovecot.list()).every((m) => m.flags.includes("$Changedesk"))).toBe(true);
    expect(await readMailbox(db, mailbox.id)).toMatchObject({ lastError: null, consecutiveFailures: 0 });
  });

  it("gives up on a server that accepts the connection but never answers", async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const mailbox = await createTestMailbox(db, dovecot, { port: (silent.address() as AddressInfo).port });
      const result = await poll(mailbox.id, { settings: { timeoutMs: 300 } });
      expect(result).toMatchObject({ status: "failed", consecutiveFailures: 1 });
      expect((await readMailbox(db, mailbox.id)).lastError).toMatch(
        /^Could not connect and sign in: 127\.0\.0\.1:\d+ did not answer within 300 ms\.$/,
      );
    } finally {
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("says when the server refuses the password or has no such folder", async () => {
    const wrong = await createTestMailbox(db, dovecot, { password: "not-the-password" });
    expect(await poll(wrong.id)).toMatchObject({ status: "failed" });
    expect((await readMailbox(db, wrong.id)).lastError).toMatch(
      /^Could not connect and sign in: the server refused the username support or its password\./,
    );
    const missing = await createTestMailbox(db, dovecot, { mailbox: "Nowhere" });
    expect(await poll(missing.id)).toMatchObject({ status: "failed" });
    expect((await readMailbox(db, missing.id)).lastError).toMatch(
      /^Could not open the folder: there is no folder named "Nowhere"\./,
    );
  });

  it("restarts from UID 1 when the folder is recreated, storing new mail and recognising mail it read before", async () => {
    const [earlyA, earlyB] = [
      testEmail({ from: "a@example.com", subject: "Early A", text: "first" }),
      testEmail({ from: "b@example.com", subject: "Early B", text: "second" }),
    ];
    await dovecot.deliver(earlyA, { mailbox: "Support" });
    await dovecot.deliver(earlyB, { mailbox: "Support" });
    const mailbox = await createTestMailbox(db, dovecot, { mailbox: "Support" });
    const before = polled(await poll(mailbox.id));
    expect(before).toMatchObject({ stored: 2 });

    // the folder is deleted and recreated (a new UIDVALIDITY): a new email takes UID 1, the old
    // ones come back without their flags, as a restore from backup would bring them
    const client = await dovecot.connect();
    await client.mailboxDelete("Support");
    await client.logout();
    const fresh = testEmail({ from: "c@example.com", subject: "After the rebuild", text: "new" });
    const freshUid = await dovecot.deliver(fresh, { mailbox: "Support" });
    await dovecot.deliver(earlyA, { mailbox: "Support" });
    await dovecot.deliver(earlyB, { mailbox: "Support" });
    expect(freshUid).toBe(1);

    const after = polled(await poll(mailbox.id));
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after).toMatchObject({ uidValidityChanged: true, stored: 1, alreadyStored: 2, lastUid: 3 });
    const stored = await messagesFrom(db, mailbox.id);
    expect(stored.map((m) => [m.subject, m.sourceId]).sort()).toEqual(
      [
        ["Early A", `imap:${mailbox.id}:${before.uidValidity}:1`],
        ["Early B", `imap:${mailbox.id}:${before.uidValidity}:2`],
        // UID 1 again, under the new UIDVALIDITY: a different email, not mistaken for Early A
        ["After the rebuild", `imap:${mailbox.id}:${after.uidValidity}:1`],
      ].sort(),
    );
    expect((await dovecot.list("Support")).every((m) => m.flags.includes("$Changedesk"))).toBe(true);
    expect(await readMailbox(db, mailbox.id)).toMatchObject({ uidValidity: after.uidValidity, lastUid: 3 });
    const [audit] = await db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "mailbox.uid_validity_changed"));
    expect(audit).toMatchObject({
      entityType: "mailbox",
      entityId: mailbox.id,
      actorType: "system",
      data: { name: "Support inbox", from: before.uidValidity, to: after.uidValidity, lastUid: 2 },
    });
  });

  it("lets one poller at a time read a mailbox", async () => {
    await deliverNumbered(2);
    const mailbox = await createTestMailbox(db, dovecot);
    let second: PollResult | undefined;
    const first = polled(
      await poll(mailbox.id, {
        onStep: async (step) => {
          if (step.step === "stored" && second === undefined) second = await poll(mailbox.id);
        },
      }),
    );
    expect(second).toEqual({ status: "skipped", reason: "busy" });
    expect(first.stored).toBe(2);
    expect(await messagesFrom(db, mailbox.id)).toHaveLength(2);
  });

  it("leaves a disabled mailbox alone", async () => {
    await deliverNumbered(1);
    const mailbox = await createTestMailbox(db, dovecot, { enabled: false });
    expect(await poll(mailbox.id)).toEqual({ status: "skipped", reason: "disabled" });
    expect(await messagesFrom(db, mailbox.id)).toEqual([]);
    expect((await readMailbox(db, mailbox.id)).lastPolledAt).toBeNull();
  });
});
