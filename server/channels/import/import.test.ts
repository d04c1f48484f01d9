import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents, messageImportRows, messages } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { signedInAs } from "@/testing/callers";
import { importedMessagePriority } from "@/jobs/definitions";
import type { SessionUser } from "../../auth/session";
import { getBoss } from "../../boss";
import { handleChannelRequest } from "../respond";
import { runImport } from "./run";
import { uploadImport } from "./upload";

const { db, close } = createTestDb({ max: 8 });

beforeEach(() => resetDatabase(db));
afterAll(async () => {
  // the pipeline jobs of this file's messages would outlive them (the tables are emptied between
  // tests, pg-boss's schema is not), and the next file's worker would fail each one
  await db.execute(sql`delete from pgboss.job where name in ('message-process', 'message-import')`);
  await (await getBoss()).stop({ graceful: false });
  await close();
});

/** The upload as app/api/imports/route.ts answers it, for a session the test chooses. */
async function upload(user: SessionUser | null, filename: string, body: string | Buffer) {
  const request = new Request(`http://localhost/api/imports?filename=${encodeURIComponent(filename)}`, {
    method: "POST",
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
  const response = await handleChannelRequest(request, "api/imports", () =>
    uploadImport({ db }, { request, user }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function uploaded(user: SessionUser, filename: string, body: string | Buffer): Promise<string> {
  const answer = await upload(user, filename, body);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
}

async function runToEnd(importId: string) {
  const boss = await getBoss();
  for (let i = 0; i < 100; i++) {
    const result = await runImport({ db, boss }, { importId, chunkRows: 3 });
    if (result.state !== "more") return result;
  }
  throw new Error("the import did not finish");
}

const sample = [
  "id,from,name,subject,text,date,channel",
  "m-1,ana@example.com,Ana Silva,New phone,My new phone is 415 555 0142,2024-03-01T09:30:00Z,email",
  'm-2,bo@example.com,,"Move, soon","We move on\nMonday",2024-03-02 10:00,chat',
  "m-3,cy@example.com,,Formula,=cmd|' /C calc'!A0,2024-03-03,email",
  "m-4,,,No sender,hello,2024-03-04,email",
  "m-1,dee@example.com,,Repeat,same id again,2024-03-05,email",
  "m-5,eve@example.com,,Old,too old,1999-01-01,email",
  "m-6,fay@example.com,,Thanks,Thanks for the help,2024-03-06,email",
  "m-7,gus@example.com,,Hi,Hello there,2024-03-07,email",
].join("\r\n");

describe("an import from upload to messages", () => {
  it("previews with detected columns and per-row errors, then imports the valid rows as unverified customer messages", async () => {
    const lead = await signedInAs(db, "lead");
    const id = await uploaded(lead.session, "../../past messages.csv", sample);

    const summary = await lead.caller.import.get({ id });
    expect(summary).toMatchObject({
      filename: "past messages.csv",
      format: "csv",
      status: "previewed",
      totalRows: 8,
      validRows: 5,
      invalidRows: 3,
      mapping: {
        rowId: "id",
        sender: "from",
        name: "name",
        subject: "subject",
        text: "text",
        receivedAt: "date",
      },
      ignored: ["channel"],
    });
    const errors = await lead.caller.import.rows({ id, filter: "errors" });
    expect(errors.rows.map((row) => [row.rowNumber, row.error])).toEqual([
      [5, "The sender is empty"],
      [6, "The row id “m-1” is also row 2's"],
      [7, "The received time must lie between 2000-01-01 and a day from now"],
    ]);
    // nothing becomes a message in the dry run
    expect(await db.select().from(messages)).toHaveLength(0);

    await lead.caller.import.start({ id });
    await expect(lead.caller.import.start({ id })).rejects.toMatchObject({ code: "CONFLICT" });
    const result = await runToEnd(id);
    expect(result.state).toBe("done");

    const done = await lead.caller.import.get({ id });
    expect(done).toMatchObject({
      status: "done",
      importedRows: 5,
      duplicateRows: 0,
      failedRows: 3,
      processedRows: 5,
    });
    expect(done.finishedAt).toBeInstanceOf(Date);

    const stored = await db
      .select()
      .from(messages)
      .where(eq(messages.channel, "import"))
      .orderBy(messages.sourceId);
    expect(stored.map((message) => message.sourceId)).toEqual(["m-1", "m-2", "m-3", "m-6", "m-7"]);
    const first = stored[0];
    expect(first).toMatchObject({
      sender: "Ana Silva <ana@example.com>",
      subject: "New phone",
      text: "My new phone is 415 555 0142",
      receivedAt: new Date("2024-03-01T09:30:00Z"),
      senderVerification: "unverified",
      authorKind: "customer",
      status: "received",
    });
    expect(first?.senderVerificationReason).toBe(
      `imported by ${lead.session.name} <${lead.session.email}> from past messages.csv (row 2)`,
    );
    expect(stored[1]).toMatchObject({
      text: "We move on\nMonday",
      receivedAt: new Date("2024-03-02T10:00:00Z"),
    });
    // a formula is stored as the text it is, never evaluated or altered
    expect(stored[2]?.text).toBe("=cmd|' /C calc'!A0");

    // each message is queued for the pipeline, below live messages
    const boss = await getBoss();
    const jobs = await boss.findJobs("message-process", { data: { messageId: first?.id ?? "" } });
    expect(jobs.map((job) => job.priority)).toEqual([importedMessagePriority]);
    const received = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "message.received"), eq(auditEvents.actorId, lead.session.id)));
    expect(received).toHaveLength(5);

    const rows = await lead.caller.import.rows({ id, filter: "all", limit: 2 });
    expect(rows.rows[0]).toMatchObject({
      rowNumber: 2,
      done: true,
      messageId: first?.id,
      messageStatus: "received",
    });
    expect(rows.nextAfter).toBe(3);
    const page2 = await lead.caller.import.rows({ id, filter: "all", after: 3, limit: 2 });
    expect(page2.rows.map((row) => row.rowNumber)).toEqual([4, 5]);
  });

  it("is idempotent by row id: the same file again creates no message, its rows count as duplicates", async () => {
    const lead = await signedInAs(db, "lead");
    const first = await uploaded(lead.session, "export.csv", sample);
    await lead.caller.import.start({ id: first });
    await runToEnd(first);
    const before = await db.select({ id: messages.id }).from(messages);

    const again = await uploaded(lead.session, "export (1).csv", sample);
    expect(await lead.caller.import.get({ id: again })).toMatchObject({ previouslyImported: 5 });
    await lead.caller.import.start({ id: again });
    await runToEnd(again);
    expect(await lead.caller.import.get({ id: again })).toMatchObject({
      status: "done",
      importedRows: 0,
      duplicateRows: 5,
    });
    expect(await db.select({ id: messages.id }).from(messages)).toHaveLength(before.length);
    // a duplicate links to the message the first import made
    const [linked] = await db
      .select({ messageId: messageImportRows.messageId })
      .from(messageImportRows)
      .where(and(eq(messageImportRows.importId, again), eq(messageImportRows.rowNumber, 2)));
    const [original] = await db
      .select({ id: messages.id })
      .from(messages)
      .where(eq(messages.sourceId, "m-1"));
    expect(linked?.messageId).toBe(original?.id);
  });

  it("gives rows without an id one from their content, so a file without ids is idempotent too", async () => {
    const lead = await signedInAs(db, "lead");
    const file = "from,body,date\nana@example.com,First,2024-03-01\nbo@example.com,Second,2024-03-02\n";
    const first = await uploaded(lead.session, "no-ids.csv", file);
    await lead.caller.import.start({ id: first });
    await runToEnd(first);
    const second = await uploaded(lead.session, "no-ids.csv", file);
    await lead.caller.import.start({ id: second });
    await runToEnd(second);
    expect(await lead.caller.import.get({ id: second })).toMatchObject({ importedRows: 0, duplicateRows: 2 });
    const sourceIds = (await db.select({ sourceId: messages.sourceId }).from(messages)).map(
      (m) => m.sourceId,
    );
    expect(sourceIds).toHaveLength(2);
    for (const sourceId of sourceIds) expect(sourceId).toMatch(/^content:[0-9a-f]{40}$/);
  });

  it("reads every row again when a person changes the mapping, and only before it starts", async () => {
    const lead = await signedInAs(db, "lead");
    const id = await uploaded(
      lead.session,
      "swap.csv",
      "id,from,other,text\n1,a@example.com,b@example.com,hi\n2,c@example.com,,hi\n",
    );
    const swapped = {
      rowId: "id",
      sender: "other",
      name: null,
      subject: null,
      text: "text",
      receivedAt: null,
    };
    await lead.caller.import.updateMapping({ id, mapping: swapped });
    expect(await lead.caller.import.get({ id })).toMatchObject({
      validRows: 1,
      invalidRows: 1,
      mapping: swapped,
    });
    await expect(
      lead.caller.import.updateMapping({ id, mapping: { ...swapped, text: "nope" } }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "The file has no column “nope”." });
    await lead.caller.import.start({ id });
    await expect(lead.caller.import.updateMapping({ id, mapping: swapped })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await runToEnd(id);
    const [message] = await db.select().from(messages);
    expect(message?.sender).toBe("b@example.com");
    // no date column: the message is dated when the file was uploaded
    expect(message?.receivedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it("pauses between chunks and resumes where it stopped", async () => {
    const lead = await signedInAs(db, "lead");
    const lines = Array.from({ length: 10 }, (_, i) => `r${i},p${i}@example.com,text ${i}`);
    const id = await uploaded(lead.session, "pause.csv", ["id,from,text", ...lines].join("\n"));
    await lead.caller.import.start({ id });
    const boss = await getBoss();
    await lead.caller.import.pause({ id });
    expect((await runImport({ db, boss }, { importId: id, chunkRows: 3 })).state).toBe("stopped");
    expect(await lead.caller.import.get({ id })).toMatchObject({ status: "paused", importedRows: 0 });
    await lead.caller.import.resume({ id });
    await runToEnd(id);
    expect(await lead.caller.import.get({ id })).toMatchObject({ status: "done", importedRows: 10 });
    await expect(lead.caller.import.pause({ id })).rejects.toMatchObject({ code: "CONFLICT" });
    const actions = await db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.entityId, id))
      .orderBy(auditEvents.id);
    expect(actions.map((a) => a.action)).toEqual([
      "import.previewed",
      "import.started",
      "import.paused",
      "import.resumed",
      "import.finished",
    ]);
  });

  it("keeps __proto__ keys of JSONL as data, through storage and to the console", async () => {
    const lead = await signedInAs(db, "lead");
    const file = [
      '{"id":"j1","email":"ana@example.com","message":"hi","__proto__":{"isAdmin":true},"constructor":"x"}',
      '{"id":"j2","email":"bo@example.com","message":"a\\u0000b"}',
    ].join("\n");
    const id = await uploaded(lead.session, "export.jsonl", file);
    const rows = await lead.caller.import.rows({ id, filter: "all" });
    expect(rows.rows.map((row) => row.error)).toEqual([
      null,
      "The row cannot be read: the line.message contains a NUL character",
    ]);
    await lead.caller.import.start({ id });
    await runToEnd(id);
    const [message] = await db.select().from(messages);
    expect(message?.raw).toMatchObject({ values: { id: "j1", constructor: "x" } });
    expect(Object.hasOwn((message?.raw as { values: object }).values, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });
});

describe("refusals", () => {
  it("answers 4xx with the reason for a file it cannot take, and stores nothing", async () => {
    const lead = await signedInAs(db, "lead");
    const latin1 = await upload(lead.session, "latin1.csv", Buffer.from([0x69, 0x64, 0x0a, 0xe9, 0x0a]));
    expect(latin1).toMatchObject({ status: 400, body: { message: expect.stringMatching(/not UTF-8 text/) } });
    const tooLarge = await upload(lead.session, "big.csv", Buffer.alloc(25 * 1024 * 1024 + 1, 0x61));
    expect(tooLarge).toMatchObject({
      status: 413,
      body: { message: expect.stringMatching(/larger than the 25 MB import limit/) },
    });
    expect(await upload(lead.session, "", "id\n1")).toMatchObject({
      status: 400,
      body: { error: "missing_filename" },
    });
    const [count] = await db.execute<{ n: number }>(sql`select count(*)::int as n from message_imports`);
    expect(count?.n).toBe(0);
  });

  it("refuses a reviewer and an auditor, in the upload and in every procedure", async () => {
    const lead = await signedInAs(db, "lead");
    const id = await uploaded(lead.session, "x.csv", "id,from,text\n1,a@example.com,hi\n");
    for (const role of ["reviewer", "auditor"] as const) {
      const { session, caller } = await signedInAs(db, role);
      expect(await upload(session, "x.csv", "id,from,text\n1,a@example.com,hi\n")).toMatchObject({
        status: 403,
        body: { message: `Your role (${role}) does not allow importing messages (message.import).` },
      });
      const forbidden = { code: "FORBIDDEN" };
      await expect(caller.import.list({})).rejects.toMatchObject(forbidden);
      await expect(caller.import.get({ id })).rejects.toMatchObject(forbidden);
      await expect(caller.import.rows({ id })).rejects.toMatchObject(forbidden);
      await expect(caller.import.start({ id })).rejects.toMatchObject(forbidden);
      await expect(caller.import.pause({ id })).rejects.toMatchObject(forbidden);
      await expect(caller.import.resume({ id })).rejects.toMatchObject(forbidden);
      await expect(
        caller.import.updateMapping({
          id,
          mapping: { rowId: null, sender: "from", name: null, subject: null, text: "text", receivedAt: null },
        }),
      ).rejects.toMatchObject(forbidden);
    }
    expect(await upload(null, "x.csv", "id\n1")).toMatchObject({ status: 401 });
    expect(await lead.caller.import.get({ id })).toMatchObject({ status: "previewed" });
    expect(await lead.caller.import.list({})).toHaveLength(1);
  });
});
