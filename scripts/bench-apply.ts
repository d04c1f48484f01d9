/**
 * `npm run bench:apply`: apply throughput (change sets per second) with 1 and 3 worker processes,
 * p50/p95 approve→applied latency, next to the throughput of no-op pg-boss jobs on the same
 * server with the same worker settings. Each change set writes two fields of one customer, its
 * applied-change rows, audit entries, and a customer notice into the outbox (with its delivery job).
 *
 * Runs its own embedded Postgres (.data/postgres-bench, port 54350, fsync off: throwaway).
 * Options: --sets N (default 1000), --noop N (default 3000).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { sql } from "drizzle-orm";
import { createDb, type Db } from "@/db/client";
import { prepareDatabase } from "./lib/prepare-database";
import { messages, proposals, proposedChanges } from "@/db/schema";
import { createBoss } from "@/jobs/boss";
import {
  activatePermissivePolicy,
  countUnfinishedJobs,
  percentile,
  reapOnExit,
  recreateDatabase,
  seedCustomers,
  sleep,
  spawnWorker,
  type WorkerProcess,
} from "./lib/bench-fixtures";
import { startEmbeddedPostgres } from "./lib/embedded-postgres";
import { bold } from "./lib/log";
import { dataDir, projectRoot } from "./lib/paths";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const SETS = option("sets", 1000);
const NOOPS = option("noop", 3000);

type Row = {
  label: string;
  workers: number;
  items: number;
  seconds: number;
  perSecond: number;
  p50?: number;
  p95?: number;
};

async function startWorkers(
  count: number,
  databaseUrl: string,
  script: "worker/main.ts" | "noop",
): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    let resolveReady = () => {};
    ready.push(new Promise<void>((resolve) => (resolveReady = resolve)));
    const onLine = (line: string) => {
      if (line.includes("worker started")) resolveReady();
    };
    if (script === "worker/main.ts") workers.push(spawnWorker(i, databaseUrl, onLine, { LOG_LEVEL: "info" }));
    else {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", path.join("scripts", "lib", "bench-noop-worker.ts")],
        {
          cwd: projectRoot,
          env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" },
          stdio: ["ignore", "pipe", "inherit"],
        },
      );
      reapOnExit(child);
      child.stdout.on("data", (chunk: Buffer) => onLine(chunk.toString("utf8")));
      workers.push({ child, id: i, exited: new Promise((resolve) => child.once("exit", () => resolve())) });
    }
  }
  await Promise.all(ready);
  return workers;
}

async function stopWorkers(workers: WorkerProcess[]) {
  for (const w of workers) w.child.kill("SIGTERM");
  await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(12_000)])));
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("benchmark timed out");
    await sleep(100);
  }
}

/** N approved change sets, each answering a message, on distinct customers so none conflicts. */
async function prepareChangeSets(
  db: Db,
  customers: Awaited<ReturnType<typeof seedCustomers>>,
  round: number,
): Promise<string[]> {
  const picked = customers.slice(0, SETS);
  const insertedMessages = await db
    .insert(messages)
    .values(
      picked.map((c, i) => ({
        channel: "email" as const,
        sourceId: `bench-${round}-${i}`,
        sender: c.email,
        text: "please update",
        raw: {},
        status: "proposed" as const,
        contactId: c.id,
      })),
    )
    .returning({ id: messages.id });
  const insertedProposals = await db
    .insert(proposals)
    .values(
      picked.map((c, i) => ({
        kind: "change" as const,
        messageId: insertedMessages[i]?.id,
        contactId: c.id,
        status: "approved" as const,
        intents: ["update_name"],
        summary: "bench",
        route: "auto_apply" as const,
        routeRule: "bench",
      })),
    )
    .returning({ id: proposals.id });
  const current = await db.execute<{ id: string; name: string; phone: string; version: number }>(
    sql`select id, name, phone, version from crm_contacts`,
  );
  const byId = new Map(current.map((r) => [r.id, r]));
  await db.insert(proposedChanges).values(
    picked.flatMap((c, i) => {
      const record = byId.get(c.id);
      const proposalId = insertedProposals[i]?.id ?? "";
      const base = {
        proposalId,
        intent: "update_name",
        store: "crm" as const,
        entity: "contact" as const,
        recordId: c.id,
        recordLabel: c.name,
        baseVersion: record?.version ?? 1,
        risk: "medium" as const,
        route: "auto_apply" as const,
        routeRule: "bench",
        status: "approved" as const,
      };
      return [
        {
          ...base,
          position: 0,
          field: "contact.name",
          baseValue: record?.name,
          proposedValue: `Bench ${round} ${i}`,
        },
        {
          ...base,
          position: 1,
          intent: "marketing_subscribe",
          field: "contact.marketingConsent",
          baseValue: round % 2 === 0,
          proposedValue: round % 2 === 1,
        },
      ];
    }),
  );
  return insertedProposals.map((p) => p.id);
}

async function benchApply(
  db: Db,
  databaseUrl: string,
  customers: Awaited<ReturnType<typeof seedCustomers>>,
  workerCount: number,
  round: number,
  /** send one approval at a time at this rate instead of all at once: latency without a backlog */
  paced?: { perSecond: number; count: number },
): Promise<Row> {
  const ids = (await prepareChangeSets(db, customers, round)).slice(0, paced?.count ?? SETS);
  const workers = await startWorkers(workerCount, databaseUrl, "worker/main.ts");
  const boss = createBoss(databaseUrl, "web");
  boss.on("error", () => {});
  await boss.start();
  const started = performance.now();
  if (paced) {
    // one approval at a time: decidedAt is the approval, the job goes out with it
    for (const [i, proposalId] of ids.entries()) {
      await db.execute(sql`update proposals set decided_at = now() where id = ${proposalId}`);
      await boss.send("proposal-apply", { proposalId });
      const due = started + ((i + 1) * 1000) / paced.perSecond;
      if (due > performance.now()) await sleep(due - performance.now());
    }
  } else {
    // "approve" every set at once: decidedAt is the approval time, the jobs are sent with it
    await db.execute(sql`update proposals set decided_at = now() where id in ${ids}`);
    for (let i = 0; i < ids.length; i += 500)
      await boss.insert(
        "proposal-apply",
        ids.slice(i, i + 500).map((proposalId) => ({ data: { proposalId } })),
      );
  }
  await waitUntil(async () => {
    // applied, or anything else that is final: a conflict here would be a bug in the fixture
    const [row] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from proposals where id in ${ids} and status <> 'approved'`,
    );
    return (row?.n ?? 0) === ids.length;
  });
  const [notApplied] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from proposals where id in ${ids} and status <> 'applied'`,
  );
  if ((notApplied?.n ?? 0) > 0) throw new Error(`${notApplied?.n} change sets did not apply`);
  const seconds = (performance.now() - started) / 1000;
  const latencies = (
    await db.execute<{ ms: number }>(
      sql`select extract(epoch from applied_at - decided_at) * 1000 as ms from proposals where id in ${ids}`,
    )
  )
    .map((r) => Number(r.ms))
    .sort((a, b) => a - b);
  // let the notice deliveries drain before the next round
  await waitUntil(async () => (await countUnfinishedJobs(db)) === 0);
  await stopWorkers(workers);
  await boss.stop({ graceful: false });
  return {
    label: paced ? `apply, ${paced.perSecond}/s paced` : "apply, burst",
    workers: workerCount,
    items: ids.length,
    seconds,
    perSecond: ids.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
  };
}

async function benchNoop(db: Db, databaseUrl: string, workerCount: number): Promise<Row> {
  const workers = await startWorkers(workerCount, databaseUrl, "noop");
  const boss = createBoss(databaseUrl, "web");
  boss.on("error", () => {});
  await boss.start();
  await boss.createQueue("bench-noop").catch(() => {});
  await db.execute(sql`delete from pgboss.job where name = 'bench-noop'`);
  const started = performance.now();
  for (let i = 0; i < NOOPS; i += 500)
    await boss.insert(
      "bench-noop",
      Array.from({ length: Math.min(500, NOOPS - i) }, (_, k) => ({ data: { n: i + k } })),
    );
  await waitUntil(async () => {
    const [row] = await db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'bench-noop' and state = 'completed'`,
    );
    return (row?.n ?? 0) >= NOOPS;
  });
  const seconds = (performance.now() - started) / 1000;
  await stopWorkers(workers);
  await boss.stop({ graceful: false });
  return {
    label: "no-op pg-boss jobs",
    workers: workerCount,
    items: NOOPS,
    seconds,
    perSecond: NOOPS / seconds,
  };
}

async function main() {
  const pg = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, "postgres-bench"),
    port: 54350,
    database: "postgres",
    fast: true,
  });
  const databaseUrl = await recreateDatabase(pg.serverUrl, "changedesk_bench");
  await prepareDatabase(databaseUrl);
  const { db, close } = createDb(databaseUrl, { max: 4, applicationName: "bench" });
  await activatePermissivePolicy(db);
  const customers = await seedCustomers(db, SETS);
  const rows: Row[] = [];
  try {
    rows.push(await benchNoop(db, databaseUrl, 1));
    rows.push(await benchNoop(db, databaseUrl, 3));
    rows.push(await benchApply(db, databaseUrl, customers, 1, 1));
    rows.push(await benchApply(db, databaseUrl, customers, 3, 2));
    rows.push(await benchApply(db, databaseUrl, customers, 1, 3, { perSecond: 20, count: 300 }));
    rows.push(await benchApply(db, databaseUrl, customers, 3, 4, { perSecond: 20, count: 300 }));
  } finally {
    await close();
    await pg.stop();
  }
  const fmt = (n: number | undefined, digits = 0) =>
    n === undefined || Number.isNaN(n) ? "" : n.toFixed(digits);
  console.log("");
  console.log(
    bold(
      `bench:apply (${SETS} change sets of 2 fields each, notice in the outbox; ${NOOPS} no-op jobs; worker batch 4, poll 0.5 s)`,
    ),
  );
  console.log(
    "  burst: every set approved at once (throughput; latency is mostly waiting in the queue). paced: approvals arrive one by one below capacity.",
  );
  console.log("  what                 workers   items   seconds    per second   p50 approve→applied   p95");
  for (const r of rows) {
    console.log(
      `  ${r.label.padEnd(20)} ${String(r.workers).padStart(7)} ${String(r.items).padStart(7)} ${fmt(r.seconds, 1).padStart(9)} ${fmt(r.perSecond, 1).padStart(12)}   ${(r.p50 === undefined ? "" : `${fmt(r.p50)} ms`).padStart(19)} ${(r.p95 === undefined ? "" : `${fmt(r.p95)} ms`).padStart(9)}`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
