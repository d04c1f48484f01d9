import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeEach, expect, it } from "vitest";
import { spawnWorker, type WorkerProcess } from "@/scripts/lib/bench-fixtures";
import { getMessageImport } from "@/db/queries/message-imports";
import { messageImportRows, messages } from "@/db/schema";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { signedInAs } from "@/testing/callers";
import { getBoss } from "../../boss";
import { previewImport } from "./preview";
import { startImport } from "./run";

const { db, close } = createTestDb({ max: 5 });
const workers: WorkerProcess[] = [];

beforeEach(() => resetDatabase(db));
afterAll(async () => {
  for (const worker of workers) worker.child.kill("SIGKILL");
  // the pipeline jobs of this file's messages would outlive them (the tables are emptied between
  // tests, pg-boss's schema is not), and the next file's worker would fail each one
  await db.execute(sql`delete from pgboss.job where name in ('message-process', 'message-import')`);
  await (await getBoss()).stop({ graceful: false });
  await close();
});

/** A real worker process (worker/main.ts) on this test database, resolved once it has started. */
async function startWorker(id: number): Promise<WorkerProcess> {
  let ready = () => {};
  const started = new Promise<void>((resolve) => (ready = resolve));
  const worker = spawnWorker(
    id,
    testDatabaseUrl(),
    (line) => {
      if (line.includes('"worker started"')) ready();
    },
    { IMPORT_CHUNK_ROWS: "40", LOG_LEVEL: "info" },
  );
  workers.push(worker);
  await started;
  return worker;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

it(
  "a worker killed mid-import leaves every chunk whole, and the next worker finishes exactly once",
  { timeout: 180_000 },
  async () => {
    const lead = await signedInAs(db, "lead");
    const rowCount = 1500;
    const lines = Array.from(
      { length: rowCount },
      (_, i) =>
        `k-${i},killed-${i}@import.example,Row ${i},Thanks for the help with ticket ${i},2024-01-01T00:00:00Z`,
    );
    const created = await previewImport(
      { db },
      {
        bytes: Buffer.from(["id,from,subject,text,date", ...lines].join("\n")),
        filename: "kill.csv",
        actor: { type: "user", id: lead.session.id, label: lead.session.name },
      },
    );
    const first = await startWorker(1);
    await startImport(
      { db, boss: await getBoss() },
      { id: created.id, actor: { type: "user", id: lead.session.id, label: lead.session.name } },
    );

    await waitFor(
      "the first chunks",
      async () => ((await getMessageImport(db, created.id))?.importedRows ?? 0) >= 80,
      60_000,
    );
    first.child.kill("SIGKILL");
    await first.exited;

    // whatever the kill interrupted was rolled back whole: the counters, the rows marked done and
    // the messages stored agree
    const killedAt = await getMessageImport(db, created.id);
    const [doneRows] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(messageImportRows)
      .where(and(eq(messageImportRows.importId, created.id), eq(messageImportRows.done, true)));
    const [storedAfterKill] = await db.select({ n: sql<number>`count(*)::int` }).from(messages);
    expect(killedAt?.status).toBe("running");
    expect(killedAt?.importedRows).toBeLessThan(rowCount);
    expect(doneRows?.n).toBe(killedAt?.importedRows);
    expect(storedAfterKill?.n).toBe(killedAt?.importedRows);

    const restartedAt = Date.now();
    await startWorker(2);
    await waitFor(
      "the import to finish",
      async () => (await getMessageImport(db, created.id))?.status === "done",
      150_000,
    );
    console.log(
      `import resume: killed after ${killedAt?.importedRows} of ${rowCount} rows; done ${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart`,
    );

    const finished = await getMessageImport(db, created.id);
    expect(finished).toMatchObject({ importedRows: rowCount, duplicateRows: 0, failedRows: 0 });
    const [stored] = await db
      .select({ n: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct source_id)::int` })
      .from(messages)
      .where(eq(messages.channel, "import"));
    expect(stored).toEqual({ n: rowCount, distinct: rowCount });
    const [linked] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(messageImportRows)
      .where(and(eq(messageImportRows.importId, created.id), eq(messageImportRows.done, true)));
    expect(linked?.n).toBe(rowCount);
  },
);
