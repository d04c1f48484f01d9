/**
 * `npm run bench -- import`: a 10,000-row CSV through the import, with one real worker process.
 * Prints rows/s of the dry run (parse, check, store the rows) and of the run (rows → messages),
 * how fast the pipeline then reads the imported messages, and the pipeline latency of live
 * messages arriving meanwhile: before the import, while it runs, while its 10,000 messages wait
 * for the pipeline, and one control message queued at the import's priority (what every live
 * message would wait without the priority and the live lane).
 *
 * Uses DATABASE_URL's server when set (its own database there), else an embedded Postgres
 * (.data/postgres-bench-import, port 54351, fsync off). Options: --rows N (default 10000).
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { getMessageImport } from "@/db/queries/message-imports";
import { insertMessageIfNew } from "@/db/queries/messages";
import { messages } from "@/db/schema";
import { createBoss } from "@/jobs/boss";
import { importedMessagePriority } from "@/jobs/definitions";
import { enqueue } from "@/jobs/enqueue";
import { ingestMessage } from "@/server/channels/ingest";
import { previewImport } from "@/server/channels/import/preview";
import { startImport } from "@/server/channels/import/run";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { dropDatabase, redactUrl } from "./lib/database";
import {
  createHarnessLead,
  messageText,
  percentile,
  recreateDatabase,
  seedCustomers,
  sleep,
  spawnWorker,
  type SeededCustomer,
  type WorkerProcess,
} from "./lib/bench-fixtures";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./lib/embedded-postgres";
import { bold } from "./lib/log";
import { dataDir } from "./lib/paths";
import { prepareDatabase } from "./lib/prepare-database";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const ROWS = option("rows", 10_000);
const BAD_EVERY = 100;

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Half the rows from known customers asking for changes, half thanks from unknown senders; 1% bad. */
function buildCsv(customers: SeededCustomer[]): Buffer {
  const lines = ["id,from,name,subject,text,received_at,channel"];
  for (let i = 0; i < ROWS; i++) {
    const customer = customers[i % customers.length];
    const known = i % 2 === 0 && customer;
    const text =
      i % BAD_EVERY === 7 ? "" : known ? messageText(customer, i) : `Thanks for the help with ticket ${i}.`;
    const date = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    lines.push(
      [
        `bench-${i}`,
        known ? customer.email : `someone-${i}@elsewhere.example`,
        known ? customer.name : "",
        `Past message ${i}`,
        text,
        date,
        "email",
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return Buffer.from(lines.join("\r\n"), "utf8");
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, pollMs = 20) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("benchmark timed out");
    await sleep(pollMs);
  }
}

async function countImportedWaiting(db: Db): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from messages where channel = 'import' and status = 'received'`,
  );
  return row?.n ?? 0;
}

type Live = { phase: string; ms: number; backlog: number };

/** A live API message from a known customer, and how long until the pipeline has read it. */
async function liveMessage(
  db: Db,
  boss: ReturnType<typeof createBoss>,
  customer: SeededCustomer,
  phase: string,
): Promise<Live> {
  const backlog = await countImportedWaiting(db);
  const started = performance.now();
  const { message } = await ingestMessage(
    { db, boss },
    {
      input: {
        channel: "api",
        sourceId: `live-${randomUUID()}`,
        sender: customer.email,
        text: "Hello, my new phone number is (415) 555-0177. Please update it.",
        senderVerification: "trusted_api_key",
        senderVerificationReason: "bench",
      },
      raw: {},
      actor: { type: "system", id: null, label: "bench" },
    },
  );
  await waitUntil(async () => {
    const [row] = await db
      .select({ status: messages.status })
      .from(messages)
      .where(eq(messages.id, message.id));
    return row?.status !== "received";
  }, 600_000);
  return { phase, ms: performance.now() - started, backlog };
}

/** What every live message would wait without the priority: one queued at the import's priority. */
async function controlMessage(db: Db, boss: ReturnType<typeof createBoss>, customer: SeededCustomer) {
  const backlog = await countImportedWaiting(db);
  const started = performance.now();
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await insertMessageIfNew(tx, {
      id,
      channel: "api",
      sourceId: `control-${id}`,
      sender: customer.email,
      text: "Hello, my new phone number is (415) 555-0188. Please update it.",
      raw: {},
      senderVerification: "trusted_api_key",
      senderVerificationReason: "bench control",
      threadId: id,
    });
    await enqueue(boss, tx, "message-process", { messageId: id }, { priority: importedMessagePriority });
  });
  return { started, id, backlog };
}

async function main() {
  let pg: EmbeddedPostgres | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, "postgres-bench-import"),
      port: 54351,
      database: "postgres",
      fast: true,
    });
    serverUrl = pg.serverUrl;
  }
  const databaseUrl = await recreateDatabase(serverUrl, "changedesk_bench_import");
  console.log(`bench:import on ${redactUrl(databaseUrl)}`);
  await prepareDatabase(databaseUrl);
  const { db, close } = createDb(databaseUrl, { max: 6, applicationName: "bench-import" });
  const boss = createBoss(databaseUrl, "web");
  boss.on("error", () => {});
  await boss.start();
  let worker: WorkerProcess | undefined;
  const live: Live[] = [];
  try {
    await ensureDefaultPolicy(db);
    const customers = await seedCustomers(db, 200);
    const lead = await createHarnessLead(db);
    const actor = { type: "user" as const, id: lead.id, label: `${lead.name} <${lead.email}>` };
    const file = buildCsv(customers);

    const previewStarted = performance.now();
    const created = await previewImport({ db }, { bytes: file, filename: "bench.csv", actor });
    const previewSeconds = (performance.now() - previewStarted) / 1000;

    let ready = () => {};
    const started = new Promise<void>((resolve) => (ready = resolve));
    worker = spawnWorker(1, databaseUrl, (line) => {
      if (line.includes('"worker started"')) ready();
    });
    await started;
    const customer = (i: number) => customers[(i * 7) % customers.length] as SeededCustomer;
    for (let i = 0; i < 5; i++) live.push(await liveMessage(db, boss, customer(i), "no import"));

    const runStarted = performance.now();
    await startImport({ db, boss }, { id: created.id, actor });
    let runSeconds = 0;
    let n = 5;
    // live messages one after another while the import stores rows
    for (;;) {
      const state = await getMessageImport(db, created.id);
      if (state?.status === "done") {
        runSeconds = (performance.now() - runStarted) / 1000;
        break;
      }
      if (state?.status === "failed") throw new Error(`the import failed: ${state.error}`);
      if ((state?.importedRows ?? 0) > 0)
        live.push(await liveMessage(db, boss, customer(n++), "import running"));
      else await sleep(20);
    }
    const control = await controlMessage(db, boss, customer(n++));
    // live messages while the pipeline works through the imported backlog
    let drainSeconds = 0;
    let controlMs: number | undefined;
    for (;;) {
      const waiting = await countImportedWaiting(db);
      if (controlMs === undefined) {
        const [row] = await db
          .select({ status: messages.status })
          .from(messages)
          .where(eq(messages.id, control.id));
        if (row?.status !== "received") controlMs = performance.now() - control.started;
      }
      if (waiting === 0) {
        drainSeconds = (performance.now() - runStarted) / 1000;
        break;
      }
      live.push(await liveMessage(db, boss, customer(n++), "backlog draining"));
      await sleep(500);
    }
    await waitUntil(async () => {
      const [row] = await db
        .select({ status: messages.status })
        .from(messages)
        .where(eq(messages.id, control.id));
      controlMs ??= row?.status !== "received" ? performance.now() - control.started : undefined;
      return controlMs !== undefined;
    }, 600_000);

    const finished = await getMessageImport(db, created.id);
    const valid = finished?.validRows ?? 0;
    const mb = (file.length / 1024 / 1024).toFixed(1);
    console.log("");
    console.log(
      bold(`bench:import (${ROWS.toLocaleString("en")} rows, ${mb} MB CSV, 1 worker process, concurrency 4)`),
    );
    console.log(
      `  dry run (parse, check, store rows)   ${previewSeconds.toFixed(2)} s   ${(ROWS / previewSeconds).toFixed(0)} rows/s   (${finished?.totalRows} rows, ${(finished?.totalRows ?? 0) - valid} with errors)`,
    );
    console.log(
      `  run (rows → messages, jobs queued)   ${runSeconds.toFixed(2)} s   ${(valid / runSeconds).toFixed(0)} rows/s   (${finished?.importedRows} imported)`,
    );
    console.log(
      `  pipeline reads the imported ones     ${drainSeconds.toFixed(1)} s after start   ${(valid / drainSeconds).toFixed(1)} messages/s`,
    );
    console.log("  live message, ingest → read by the pipeline:");
    for (const phase of ["no import", "import running", "backlog draining"]) {
      const times = live
        .filter((item) => item.phase === phase)
        .map((item) => item.ms)
        .sort((a, b) => a - b);
      const backlogs = live.filter((item) => item.phase === phase).map((item) => item.backlog);
      console.log(
        `    ${phase.padEnd(18)} n=${String(times.length).padStart(3)}   p50 ${percentile(times, 50).toFixed(0).padStart(5)} ms   max ${(times.at(-1) ?? Number.NaN).toFixed(0).padStart(5)} ms   imported messages waiting: up to ${Math.max(0, ...backlogs).toLocaleString("en")}`,
      );
    }
    console.log(
      `    control, queued at the import priority behind ${control.backlog.toLocaleString("en")} imported messages: ${((controlMs ?? Number.NaN) / 1000).toFixed(1)} s`,
    );
  } finally {
    worker?.child.kill("SIGTERM");
    if (worker) await Promise.race([worker.exited, sleep(12_000)]);
    await boss.stop({ graceful: false });
    await close();
    if (pg) await pg.stop();
    else await dropDatabase(databaseUrl).catch(() => {});
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
