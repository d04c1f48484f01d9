/**
 * `npm run test:crash`: ≥ 2,000 messages through the real pipeline with three worker processes
 * that are SIGKILLed at random moments (some right after an apply transaction committed, before
 * pg-boss heard the job was done), one Postgres crash-restart, and a "person" approving and
 * rolling back in between. Then it checks what must always hold:
 *
 *   0 messages lost · 0 changes applied twice · 0 proposals or jobs stuck · every applied change
 *   audited (and the audit chain intact) · every record = its seed values + its applied changes
 *
 * Runs its own embedded Postgres (.data/postgres-crash, port 54349) so it can kill it.
 * Options: --messages N (default 2000), --customers N (default 300), --keep (leave the database).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { createDb, type Db } from "@/db/client";
import { prepareDatabase } from "./lib/prepare-database";
import { appliedChanges, auditEvents, messages, outbox, proposals } from "@/db/schema";
import { createBoss } from "@/jobs/boss";
import { rollBackChangeSet } from "@/server/apply/rollback";
import type { Actor } from "@/server/audit/append";
import { sealAuditEvents } from "@/server/audit/seal";
import { verifyOptionsFrom } from "@/server/audit/trust";
import { publicKeyFileOf } from "@/server/audit/signing-key";
import { verifyAuditChain } from "@/server/audit/verify";
import { ingestMessage } from "@/server/channels/ingest";
import { getFieldDefinition } from "@/contracts/catalog";
import { approveProposal, rejectProposal } from "@/server/review/decide";
import { sameValue } from "@/contracts/values";
import {
  activatePermissivePolicy,
  countUnfinishedJobs,
  createHarnessLead,
  messageText,
  recreateDatabase,
  seedAddress,
  seedCustomers,
  sleep,
  spawnWorker,
  type SeededCustomer,
  type WorkerProcess,
} from "./lib/bench-fixtures";
import {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from "./lib/embedded-postgres";
import { bold, paint } from "./lib/log";
import { dataDir } from "./lib/paths";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? Number(args[index + 1]) : fallback;
};
const MESSAGE_COUNT = option("messages", 2000);
const CUSTOMER_COUNT = option("customers", 300);
const WORKER_COUNT = 3;
const MAX_TARGETED_KILLS = 6;
const QUIET_TIMEOUT_MS = 120_000;

const pgOptions: EmbeddedPostgresOptions = {
  dataDir: path.join(dataDir, "postgres-crash"),
  port: 54349,
  database: "postgres",
};
const log = (text: string) => console.log(`${paint("gray", new Date().toISOString().slice(11, 19))} ${text}`);
// what a webhook sender would retry: the database is restarting, or a transient serialization error
const isConnectionError = (error: unknown) => {
  const code =
    (error as { code?: string; cause?: { code?: string } }).cause?.code ?? (error as { code?: string }).code;
  return (
    code === "40P01" ||
    code === "40001" ||
    /ECONNREFUSED|ECONNRESET|CONNECT_TIMEOUT|CONNECTION_|terminating connection|connection|57P0|08006/i.test(
      String(code ?? error),
    )
  );
};

async function withRetry<T>(what: () => Promise<T>, attempts = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await what();
    } catch (error) {
      if (i >= attempts || !isConnectionError(error)) throw error;
      await sleep(250);
    }
  }
}

let postgresDown = false;
// postgres.js can throw from a timer when its socket vanishes under it (the server was killed):
// the harness's own process must survive the crash it causes. Workers simply die and are respawned.
process.on("uncaughtException", (error) => {
  if (error instanceof TypeError && /reading 'write'/.test(error.message)) {
    console.log(paint("yellow", `  (postgres.js: ${error.message} while the server was down; ignored)`));
    return;
  }
  console.error(error);
  process.exit(1); // the exit hook kills the workers
});

/** The sealer's key and checkpoint file for this run, kept apart from `npm start`'s. */
const sealerEnv = {
  AUDIT_SIGNING_KEY_FILE: path.join(dataDir, "crash-harness", "audit-signing-key.pem"),
  AUDIT_CHECKPOINT_FILE: path.join(dataDir, "crash-harness", `audit-checkpoints-${process.pid}.jsonl`),
  AUDIT_CHECKPOINT_SECONDS: "2",
  AUDIT_SEAL_INTERVAL_MS: "200",
};

const stats = {
  randomKills: 0,
  targetedKills: 0,
  respawns: 0,
  ingested: 0,
  redelivered: 0,
  approvals: 0,
  rejections: 0,
  rollbacks: 0,
  humanRefusals: 0,
  humanErrors: 0,
};

async function main() {
  const started = Date.now();
  let pg: EmbeddedPostgres = await startEmbeddedPostgres(pgOptions);
  const logOffset = (await readFile(pg.logFile, "utf8").catch(() => "")).length;
  const databaseUrl = await recreateDatabase(pg.serverUrl, "changedesk_crash");
  await prepareDatabase(databaseUrl);
  // a holder, not a constant: after the Postgres crash the harness starts a fresh pool, because
  // postgres.js can leave a connection wedged when the server dies under it
  const conn = createDb(databaseUrl, { max: 8, applicationName: "crash-harness" });
  const db = () => conn.db;
  await activatePermissivePolicy(db());
  const customers = await seedCustomers(db(), CUSTOMER_COUNT);
  const lead = await createHarnessLead(db());
  const leadActor: Extract<Actor, { type: "user" }> = { type: "user", id: lead.id, label: lead.name };
  log(
    `seeded ${customers.length} customers with an open order each (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );

  // the harness's pg-boss sends (ingest); a supervisor checks every 2 s, so a killed worker's job is
  // failed by its missed heartbeat and retried within seconds
  const boss = createBoss(databaseUrl, "web");
  const supervisor = new PgBoss({
    connectionString: databaseUrl,
    supervise: true,
    superviseIntervalSeconds: 2,
    monitorIntervalSeconds: 2,
    schedule: false,
    migrate: false,
    max: 2,
    application_name: "crash-supervisor",
  });
  for (const b of [boss, supervisor]) b.on("error", () => {});
  await boss.start();
  await supervisor.start();

  // --- workers, and the killer ---------------------------------------------------------------
  const workers = new Map<number, WorkerProcess>();
  let chaos = true;
  let nextWorkerId = 0;
  const onLine = (line: string, worker: WorkerProcess) => {
    // a line logged after an apply committed and before pg-boss completes the batch: the window
    // in which a crash makes the job run again
    if (!chaos || stats.targetedKills >= MAX_TARGETED_KILLS) return;
    if (
      line.includes('"queue":"proposal-apply"') &&
      line.includes('"status":"applied"') &&
      Math.random() < 0.2
    ) {
      stats.targetedKills += 1;
      worker.child.kill("SIGKILL");
    }
  };
  const startWorker = () => {
    // the workers seal the audit chain and sign checkpoints every 2 s, so the kills hit the sealer too
    const worker = spawnWorker(nextWorkerId++, databaseUrl, onLine, sealerEnv);
    workers.set(worker.id, worker);
    void worker.exited.then(async () => {
      workers.delete(worker.id);
      if (!running) return;
      await sleep(300);
      stats.respawns += 1;
      startWorker();
    });
  };
  let running = true;
  for (let i = 0; i < WORKER_COUNT; i++) startWorker();

  const killer = (async () => {
    while (chaos) {
      await sleep(5000 + Math.random() * 5000);
      if (!chaos) break;
      const victims = [...workers.values()];
      const victim = victims[Math.floor(Math.random() * victims.length)];
      if (victim) {
        stats.randomKills += 1;
        victim.child.kill("SIGKILL");
      }
    }
  })();

  // --- a person approving, rejecting and rolling back meanwhile -----------------------------
  const human = (async () => {
    while (chaos) {
      await sleep(300);
      if (postgresDown) continue;
      try {
        const pending = await db()
          .select()
          .from(proposals)
          .where(eq(proposals.status, "pending_review"))
          .limit(4);
        for (const p of pending) {
          try {
            if (Math.random() < 0.8) {
              await approveProposal(
                { db: db() },
                {
                  proposalId: p.id,
                  expectedVersion: p.version,
                  edits: [],
                  actor: leadActor,
                },
              );
              stats.approvals += 1;
            } else {
              await rejectProposal(db(), {
                proposalId: p.id,
                expectedVersion: p.version,
                reason: "Harness says no",
                actor: leadActor,
              });
              stats.rejections += 1;
            }
          } catch (error) {
            if (
              (error as { code?: string }).code === "CONFLICT" ||
              (error as { code?: string }).code === "FORBIDDEN"
            )
              stats.humanRefusals += 1;
            else stats.humanErrors += 1;
          }
        }
        if (Math.random() < 0.3) {
          const [applied] = await db()
            .select()
            .from(proposals)
            .where(eq(proposals.status, "applied"))
            .orderBy(sql`random()`)
            .limit(1);
          if (applied) {
            try {
              await rollBackChangeSet(
                { db: db() },
                {
                  proposalId: applied.id,
                  actor: leadActor,
                  reason: "harness rollback",
                },
              );
              stats.rollbacks += 1;
            } catch (error) {
              if ((error as { code?: string }).code === "CONFLICT") stats.humanRefusals += 1;
              else stats.humanErrors += 1;
            }
          }
        }
      } catch {
        stats.humanErrors += 1; // the database is restarting
      }
    }
  })();

  // --- ingest, with one Postgres crash in the middle -----------------------------------------
  let restarted = false;
  const ingestOne = async (n: number) => {
    const customer = customers[n % customers.length] as SeededCustomer;
    const input = {
      channel: "email" as const,
      sourceId: `crash-${n}`,
      sender: customer.email,
      subject: `Request ${n}`,
      text: messageText(customer, n),
      senderVerification: "email_authenticated" as const,
      senderVerificationReason: "dkim=pass (crash harness)",
    };
    await withRetry(() =>
      ingestMessage(
        { db: db(), boss },
        {
          input,
          raw: input,
          actor: { type: "system", id: null, label: "crash harness" },
        },
      ),
    );
  };
  for (let n = 0; n < MESSAGE_COUNT; n += 20) {
    await Promise.all(Array.from({ length: Math.min(20, MESSAGE_COUNT - n) }, (_, k) => ingestOne(n + k)));
    stats.ingested = Math.min(MESSAGE_COUNT, n + 20);
    // a re-delivered webhook now and then: must not make a second message
    if (n % 200 === 0) {
      await ingestOne(Math.floor(Math.random() * (n + 1)));
      stats.redelivered += 1;
    }
    if (!restarted && n >= MESSAGE_COUNT / 2) {
      restarted = true;
      postgresDown = true;
      await sleep(500);
      pg = await crashAndRestartPostgres(pg);
      const stale = { close: conn.close };
      Object.assign(conn, createDb(databaseUrl, { max: 8, applicationName: "crash-harness" }));
      void stale.close().catch(() => {});
      postgresDown = false;
    }
    await sleep(100);
  }
  log(`ingested ${stats.ingested} messages; chaos for 5 s more`);
  await sleep(5000);
  chaos = false;
  await Promise.all([killer, human]);
  while (workers.size < WORKER_COUNT) await sleep(200);

  // --- wait until everything has settled ------------------------------------------------------
  const quietStarted = Date.now();
  let quietSince = 0;
  for (;;) {
    const busy = await withRetry(async () => {
      const jobs = await countUnfinishedJobs(db());
      const [due] = await db().execute<{ n: number }>(
        sql`select count(*)::int as n from outbox where status = 'pending' and next_attempt_at is not null`,
      );
      return jobs + (due?.n ?? 0);
    });
    if (busy === 0) {
      quietSince ||= Date.now();
      if (Date.now() - quietSince > 3000) break;
    } else quietSince = 0;
    if (busy > 0 && (Date.now() - quietStarted) % 10_000 < 500) {
      const detail = await withRetry(() =>
        db().execute<{ name: string; state: string; n: number; wait: number }>(
          sql`select name, state, count(*)::int as n, coalesce(max(extract(epoch from start_after - now()))::int, 0) as wait from pgboss.job where state in ('created','retry','active') group by 1, 2`,
        ),
      );
      log(
        `waiting: ${detail.map((d) => `${d.name}/${d.state} ${d.n} (next in ≤${d.wait}s)`).join(", ") || `${busy} outbox deliveries due`}`,
      );
    }
    if (Date.now() - quietStarted > QUIET_TIMEOUT_MS) {
      log(paint("red", `still ${busy} unfinished jobs/deliveries after ${QUIET_TIMEOUT_MS / 1000} s`));
      break;
    }
    await sleep(500);
  }
  log(`settled after ${((Date.now() - quietStarted) / 1000).toFixed(1)} s`);

  running = false;
  for (const worker of workers.values()) worker.child.kill("SIGTERM");
  await Promise.all([...workers.values()].map((w) => Promise.race([w.exited, sleep(12_000)])));
  const violations = await check(db(), customers, await countDeadlocks(pg.logFile, logOffset));
  await boss.stop({ graceful: false }).catch(() => {});
  await supervisor.stop({ graceful: false }).catch(() => {});
  await conn.close();
  if (!args.includes("--keep")) await pg.stop();
  log(
    `${bold(violations === 0 ? paint("green", "PASS") : paint("red", `FAIL: ${violations} violation(s)`))} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exit(violations === 0 ? 0 : 1);
}

async function crashAndRestartPostgres(pg: EmbeddedPostgres): Promise<EmbeddedPostgres> {
  const pid = Number.parseInt(
    (await readFile(path.join(pg.dataDir, "postmaster.pid"), "utf8")).split("\n")[0] ?? "",
    10,
  );
  log(
    paint(
      "yellow",
      `crashing Postgres (SIGQUIT to postmaster ${pid}: immediate shutdown, crash recovery on start)`,
    ),
  );
  process.kill(pid, "SIGQUIT");
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await sleep(100);
    } catch {
      break;
    }
  }
  await sleep(1000);
  const restarted = await startEmbeddedPostgres(pgOptions);
  log(paint("yellow", "Postgres is back"));
  return restarted;
}

/** Deadlocks Postgres reported during this run: none is expected (lock order: proposal → audit chain → records). */
async function countDeadlocks(logFile: string, offset: number): Promise<number> {
  const text = (await readFile(logFile, "utf8").catch(() => "")).slice(offset);
  return text.split("deadlock detected").length - 1;
}

type Violation = { check: string; detail: string };

async function check(db: Db, customers: SeededCustomer[], deadlocks: number): Promise<number> {
  const violations: Violation[] = [];
  const add = (checkName: string, detail: string) => violations.push({ check: checkName, detail });

  // 0 lost: every message sent is stored once and reached a state a person can see
  const messageStates = await db
    .select({ status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .groupBy(messages.status);
  const stored = messageStates.reduce((sum, s) => sum + s.n, 0);
  if (stored !== MESSAGE_COUNT) add("lost", `${stored} messages stored for ${MESSAGE_COUNT} sent`);
  for (const s of messageStates)
    if (s.status === "received" || s.status === "processing")
      add("stuck", `${s.n} messages still ${s.status}`);
  const doubleSets = await db.execute<{ message_id: string }>(
    sql`select message_id from proposals where kind = 'change' group by message_id having count(*) > 1`,
  );
  if (doubleSets.length) add("applied twice", `${doubleSets.length} messages with two change sets`);

  // 0 applied twice: one applied row per change, and every version bump of a record is one apply
  const twice = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from (select proposal_id, record_id, field from applied_changes group by 1, 2, 3 having count(*) > 1) t`,
  );
  if ((twice[0]?.n ?? 0) > 0) add("applied twice", `${twice[0]?.n} fields written twice by one proposal`);

  // 0 stuck proposals
  const proposalStates = await db
    .select({ status: proposals.status, kind: proposals.kind, n: sql<number>`count(*)::int` })
    .from(proposals)
    .groupBy(proposals.status, proposals.kind);
  for (const s of proposalStates)
    if (s.status === "approved" || s.status === "partially_applied")
      add("stuck", `${s.n} ${s.kind} proposals still ${s.status}`);
  const jobs = await countUnfinishedJobs(db);
  if (jobs > 0) add("stuck", `${jobs} jobs not finished`);
  const failedJobs = await db.execute<{ name: string; n: number }>(
    sql`select name, count(*)::int as n from pgboss.job where state = 'failed' and name in ('message-process','proposal-apply','outbox-deliver') group by name`,
  );
  const outboxStates = await db
    .select({
      kind: outbox.kind,
      status: outbox.status,
      kept: sql<boolean>`next_attempt_at is null`,
      n: sql<number>`count(*)::int`,
    })
    .from(outbox)
    .groupBy(outbox.kind, outbox.status, sql`next_attempt_at is null`);
  for (const s of outboxStates)
    if (s.status === "pending" && !s.kept)
      add("stuck", `${s.n} outbox items waiting for a delivery that never came`);

  // every applied change has its audit entry, every finished proposal its event, and the chain holds
  const unaudited = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from applied_changes ac
    where not exists (select 1 from audit_events ae where ae.action = 'change.applied' and ae.proposal_id = ac.proposal_id
                      and ae.entity_id = ac.record_id::text and ae.data->>'field' = ac.field)`);
  if ((unaudited[0]?.n ?? 0) > 0)
    add("audit", `${unaudited[0]?.n} applied changes without a change.applied entry`);
  const appliedWithoutEvent = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from proposals p where p.status = 'applied'
      and not exists (select 1 from audit_events ae where ae.proposal_id = p.id and ae.action = 'proposal.applied')`);
  if ((appliedWithoutEvent[0]?.n ?? 0) > 0)
    add("audit", `${appliedWithoutEvent[0]?.n} applied proposals without proposal.applied`);
  // seal what the killed sealers left, then verify against the key and the exported checkpoint
  while ((await sealAuditEvents(db)).sealed > 0);
  const trusted = verifyOptionsFrom({
    publicKeyFile: publicKeyFileOf(sealerEnv.AUDIT_SIGNING_KEY_FILE),
    checkpointFile: sealerEnv.AUDIT_CHECKPOINT_FILE,
  });
  if (!trusted.publicKey) throw new Error("the workers never created their signing key");
  if (!trusted.exported) add("audit", "no checkpoint was signed and exported during the run");
  const chain = await verifyAuditChain(db, trusted);
  if (!chain.ok) add("audit", `hash chain broken at ${chain.brokenAtId}: ${chain.reason}`);

  // every record = seed values + its applied changes in order, each overwriting exactly what was there
  const rows = await db.select().from(appliedChanges).orderBy(appliedChanges.versionAfter);
  const byRecord = Map.groupBy(rows, (r) => r.recordId);
  const contactsNow = new Map(
    (
      await db.execute<Record<string, unknown>>(
        sql`select id, phone, postal_address, shipping_address, name, email, marketing_consent, status, version from crm_contacts`,
      )
    ).map((r) => [String(r.id), r]),
  );
  const ordersNow = new Map(
    (
      await db.execute<Record<string, unknown>>(
        sql`select id, status, shipping_address, change_request, version from orders`,
      )
    ).map((r) => [String(r.id), r]),
  );
  const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  let recordsChecked = 0;
  for (const customer of customers) {
    for (const [recordId, seed, now] of [
      [
        customer.id,
        {
          phone: customer.phone,
          postalAddress: seedAddress,
          shippingAddress: seedAddress,
          name: customer.name,
          email: customer.email,
          marketingConsent: false,
          status: "active",
        },
        contactsNow.get(customer.id),
      ],
      [
        customer.orderId,
        { status: "processing", shippingAddress: seedAddress, changeRequest: null },
        ordersNow.get(customer.orderId),
      ],
    ] as const) {
      recordsChecked += 1;
      const state: Record<string, unknown> = { ...seed };
      const writes = byRecord.get(recordId) ?? [];
      for (const write of writes) {
        const field = getFieldDefinition(write.field)?.field ?? write.field;
        if (!sameValue(write.oldValue, state[field]))
          add(
            "lost update",
            `${write.field} of ${recordId}: overwrote ${JSON.stringify(write.oldValue)} but the record held ${JSON.stringify(state[field])}`,
          );
        state[field] = write.newValue;
      }
      for (const [field, value] of Object.entries(state)) {
        if (!sameValue(now?.[snake(field)], value))
          add(
            "record ≠ base + applied",
            `${field} of ${recordId} is ${JSON.stringify(now?.[snake(field)])}, replay says ${JSON.stringify(value)}`,
          );
      }
      const bumps = new Set(writes.map((w) => w.versionAfter)).size;
      if (Number(now?.version) !== 1 + bumps)
        add(
          "applied twice",
          `${recordId} is at version ${String(now?.version)} after ${bumps} applied writes`,
        );
    }
  }

  const rolledBack = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(appliedChanges)
    .where(sql`${appliedChanges.rolledBackByProposalId} is not null`);
  const forced = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(inArray(auditEvents.action, ["change.forced"]));
  const conflicts = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "proposal.conflict")));

  console.log("");
  console.log(bold("Crash harness summary"));
  console.log(
    `  messages      ${MESSAGE_COUNT} sent (+${stats.redelivered} re-deliveries), ${messageStates.map((s) => `${s.status} ${s.n}`).join(", ")}`,
  );
  console.log(`  proposals     ${proposalStates.map((s) => `${s.kind}/${s.status} ${s.n}`).join(", ")}`);
  console.log(
    `  applied       ${rows.length} field writes on ${byRecord.size} records (${recordsChecked} records replayed), ${rolledBack[0]?.n ?? 0} rolled back, ${conflicts[0]?.n ?? 0} conflicts found, ${forced[0]?.n ?? 0} forced`,
  );
  console.log(
    `  outbox        ${outboxStates.map((s) => `${s.kind}/${s.status}${s.status === "pending" && s.kept ? " (kept)" : ""} ${s.n}`).join(", ") || "empty"}`,
  );
  console.log(
    `  chaos         ${stats.randomKills} random SIGKILLs, ${stats.targetedKills} SIGKILLs right after an apply committed, ${stats.respawns} respawns, 1 Postgres crash-restart`,
  );
  console.log(
    `  person        ${stats.approvals} approvals, ${stats.rejections} rejections, ${stats.rollbacks} rollbacks, ${stats.humanRefusals} refused (lost races), ${stats.humanErrors} errors (database down)`,
  );
  console.log(
    `  failed jobs   ${failedJobs.map((j) => `${j.name} ${j.n}`).join(", ") || "none"} (retries exhausted; the message or item shows as failed and can be retried)`,
  );
  console.log(
    `  audit chain   ${chain.ok ? `intact (${chain.checked} sealed entries, ${chain.checkpoints} signed checkpoints, ${chain.unsealed} unsealed)` : "BROKEN"}`,
  );
  console.log(`  deadlocks     ${deadlocks} reported by Postgres (retried by the queue; expected 0)`);
  console.log("");
  const summary = ["lost", "applied twice", "stuck", "audit", "lost update", "record ≠ base + applied"].map(
    (name) => `${violations.filter((v) => v.check === name).length} ${name}`,
  );
  console.log(`  ${summary.join(" · ")}`);
  for (const v of violations.slice(0, 20)) console.log(paint("red", `  ✗ ${v.check}: ${v.detail}`));
  if (violations.length > 20) console.log(paint("red", `  … and ${violations.length - 20} more`));
  return violations.length;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
