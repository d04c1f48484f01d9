import { createServer, type AddressInfo } from "node:net";
import { signedInAs } from "@/testing/callers";
import { TRPCError } from "@trpc/server";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { auditEvents, imapMailboxes } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { startDovecot, type Dovecot } from "@/testing/dovecot";
import { getBoss } from "../../boss";
import { testEmail } from "./testing/emails";
import { emptyAccount, messagesFrom, readMailbox, supportInbox } from "./testing/fixtures";

const { db, close } = createTestDb({ max: 10 });
let dovecot: Dovecot;

beforeAll(async () => {
  await (await getBoss()).start();
  dovecot = await startDovecot({ password: "s3cret-imap-password" });
});
beforeEach(async () => {
  await resetDatabase(db);
  await emptyAccount(dovecot);
});
afterAll(async () => {
  await dovecot.close();
  await (await getBoss()).stop({ graceful: false });
  await close();
});

const auditOf = (prefix: string) =>
  db
    .select()
    .from(auditEvents)
    .where(like(auditEvents.action, `${prefix}%`))
    .orderBy(auditEvents.id);

function form(overrides: Record<string, unknown> = {}) {
  return {
    ...supportInbox(dovecot),
    processedMailbox: null,
    trusted: false,
    enabled: true,
    ...overrides,
  };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("mailbox.save and mailbox.list", () => {
  it("adds a mailbox, never sends its password back, audits it without the password, and queues its first poll", async () => {
    const { caller, session } = await signedInAs(db, "admin");
    const saved = await caller.mailbox.save(form({ host: "127.0.0.1" }));
    expect(saved).toMatchObject({
      name: "Support inbox",
      hasPassword: true,
      enabled: true,
      poll: { state: "waiting", lastPolledAt: null, consecutiveFailures: 0 },
    });
    expect(saved).not.toHaveProperty("password");
    expect(JSON.stringify(saved)).not.toContain("s3cret");
    const listed = await caller.mailbox.list();
    expect(listed.mailboxes).toHaveLength(1);
    expect(listed.pollIntervalSeconds).toBe(60);
    expect(JSON.stringify(listed)).not.toContain("s3cret");
    expect((await readMailbox(db, saved.id)).password).toBe("s3cret-imap-password");

    const [audit] = await auditOf("mailbox.");
    expect(audit).toMatchObject({
      action: "mailbox.added",
      actorId: session.id,
      entityType: "mailbox",
      entityId: saved.id,
      data: {
        name: "Support inbox",
        host: "127.0.0.1",
        username: "support",
        mailbox: "INBOX",
        processedAction: "flag",
        trusted: false,
        enabled: true,
        hasPassword: true,
      },
    });
    expect(JSON.stringify(audit)).not.toContain("s3cret");
    const boss = await getBoss();
    expect(await boss.findJobs("imap-poll", { key: saved.id, queued: true })).toHaveLength(1);
  });

  it("keeps the password when an edit leaves it out, audits each change from → to, and says only whether the password changed", async () => {
    const { caller } = await signedInAs(db, "admin");
    const { id } = await caller.mailbox.save(form());
    const edit = { ...form(), id, password: undefined };

    await caller.mailbox.save({ ...edit, trusted: true, processedAction: "move", processedMailbox: "Done" });
    expect((await readMailbox(db, id)).password).toBe("s3cret-imap-password");
    await caller.mailbox.save({
      ...edit,
      trusted: true,
      processedAction: "move",
      processedMailbox: "Done",
      password: "an0ther-s3cret",
    });
    expect((await readMailbox(db, id)).password).toBe("an0ther-s3cret");
    // saving what is stored changes nothing and audits nothing
    await caller.mailbox.save({ ...edit, trusted: true, processedAction: "move", processedMailbox: "Done" });
    await caller.mailbox.setEnabled({ id, enabled: false });
    expect((await caller.mailbox.list()).mailboxes[0]).toMatchObject({
      enabled: false,
      poll: { state: "disabled", nextPollAt: null },
    });

    const audits = await auditOf("mailbox.");
    expect(audits.map((a) => [a.action, a.data])).toEqual([
      ["mailbox.added", expect.any(Object)],
      [
        "mailbox.changed",
        {
          name: "Support inbox",
          from: { processedAction: "flag", processedMailbox: null, trusted: false },
          to: { processedAction: "move", processedMailbox: "Done", trusted: true },
          passwordChanged: false,
        },
      ],
      ["mailbox.changed", { name: "Support inbox", from: {}, to: {}, passwordChanged: true }],
      [
        "mailbox.changed",
        { name: "Support inbox", from: { enabled: true }, to: { enabled: false }, passwordChanged: false },
      ],
    ]);
    expect(JSON.stringify(audits)).not.toMatch(/s3cret/);
  });

  it("refuses a bad form, a second row for the same folder, and a new mailbox without a password, writing nothing", async () => {
    const { caller } = await signedInAs(db, "admin");
    const refusals: [Record<string, unknown>, string][] = [
      [{ host: "imap://mail.example.com" }, "Enter a host name or IP address only"],
      [{ port: 70000 }, "Use a port from 1 to 65535"],
      [{ processedAction: "move", processedMailbox: null }, "Name the folder to move processed mail to"],
      [
        { processedAction: "move", processedMailbox: "inbox" },
        "Choose a folder other than the one that is read",
      ],
      [{ password: undefined }, "password: Enter the password"],
      [{ name: " " }, "Enter a name"],
    ];
    for (const [change, message] of refusals) {
      const error: unknown = await caller.mailbox.save(form(change)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
      // what the console shows: the error formatter writes each issue as `path: message`
      const issues = error instanceof TRPCError && error.cause instanceof ZodError ? error.cause.issues : [];
      expect(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toContain(message);
    }
    expect(await db.select().from(imapMailboxes)).toEqual([]);
    await caller.mailbox.save(form());
    await expect(caller.mailbox.save(form({ name: "Again", host: "127.0.0.1" }))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('"Support inbox" already reads INBOX of support'),
    });
    expect(await db.select().from(imapMailboxes)).toHaveLength(1);
    expect(await auditOf("mailbox.")).toHaveLength(1);
  });
});

describe("mailbox.test and mailbox.poll", () => {
  it("signs in and opens the folder read-only, with the typed or the stored password, and explains a failure", async () => {
    await dovecot.deliver(testEmail({ from: "ana@example.com", subject: "Hi", text: "Hello" }));
    const { caller } = await signedInAs(db, "admin");
    const connection = {
      host: dovecot.host,
      port: dovecot.port,
      secure: false,
      username: dovecot.user,
      mailbox: "INBOX",
    };
    await expect(caller.mailbox.test({ ...connection, password: dovecot.password })).resolves.toMatchObject({
      ok: true,
      messages: 1,
      message: "Signed in as support and opened INBOX (1 message).",
    });
    // read-only: nothing was marked
    expect((await dovecot.list())[0]?.flags).toEqual([]);

    const { id } = await caller.mailbox.save(form());
    await expect(caller.mailbox.test({ ...connection, id })).resolves.toMatchObject({ ok: true });
    await expect(caller.mailbox.test({ ...connection, id, password: "wrong" })).resolves.toMatchObject({
      ok: false,
      messages: null,
      message: expect.stringContaining("the server refused the username support or its password"),
    });
    await expect(caller.mailbox.test({ ...connection, port: await closedPort(), id })).resolves.toMatchObject(
      {
        ok: false,
        message: expect.stringContaining("(connection refused)"),
      },
    );
    await expect(
      caller.mailbox.test({ ...connection, password: dovecot.password, mailbox: "Nope" }),
    ).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining('there is no folder named "Nope"'),
    });
    await expect(caller.mailbox.test(connection)).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("polls on demand and shows the outcome on the mailbox", async () => {
    await dovecot.deliver(testEmail({ from: "ana@example.com", subject: "Hi", text: "Hello" }));
    const { caller } = await signedInAs(db, "admin");
    const { id } = await caller.mailbox.save(form());
    const { result, mailbox } = await caller.mailbox.poll({ id });
    expect(result).toMatchObject({ status: "polled", stored: 1 });
    expect(mailbox.poll).toMatchObject({ state: "ok", lastPollStored: 1, lastError: null });
    expect(await messagesFrom(db, id)).toHaveLength(1);

    // the list counts every message a mailbox stored, across polls, and only its own
    const other = await caller.mailbox.save(form({ name: "Other folder", mailbox: "Other" }));
    await dovecot.deliver(testEmail({ from: "bo@example.com", subject: "Again", text: "Hello again" }));
    await dovecot.deliver(testEmail({ from: "cy@example.com", subject: "Third", text: "Hello there" }));
    expect((await caller.mailbox.poll({ id })).result).toMatchObject({ status: "polled", stored: 2 });
    const listed = await caller.mailbox.list();
    expect(listed.mailboxes.map((row) => [row.name, row.poll.lastPollStored, row.messagesStored])).toEqual([
      ["Other folder", 0, 0],
      ["Support inbox", 2, 3],
    ]);
    expect(other.id).not.toBe(id);

    await caller.mailbox.setEnabled({ id, enabled: false });
    await expect(caller.mailbox.poll({ id })).rejects.toMatchObject({ code: "CONFLICT" });
  });
});

describe("mailbox procedures are for admins only", () => {
  it("refuses every one of them to leads, reviewers and auditors, writing and connecting nothing", async () => {
    const { caller: admin } = await signedInAs(db, "admin");
    const { id } = await admin.mailbox.save(form());
    const before = await readMailbox(db, id);
    for (const role of ["lead", "reviewer", "auditor"] as const) {
      const { caller } = await signedInAs(db, role);
      await expect(caller.mailbox.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.mailbox.save(form({ name: "Sneaky", mailbox: "Other" }))).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.mailbox.save({ ...form(), id, trusted: true })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.mailbox.setEnabled({ id, enabled: false })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        caller.mailbox.test({
          host: dovecot.host,
          port: dovecot.port,
          secure: false,
          username: "support",
          mailbox: "INBOX",
          id,
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.mailbox.poll({ id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.select().from(imapMailboxes)).toHaveLength(1);
    expect(await readMailbox(db, id)).toEqual(before);
    expect(await auditOf("mailbox.")).toHaveLength(1);
    expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "mailbox.changed"))).toEqual([]);
  });
});
