/**
 * `npm run bench:queue`: seeds 100,000 open proposals into a fresh database and prints the server
 * time (p50/p95) of the review queue's pages and the proposal page, calling the tRPC procedures the
 * console calls (no HTTP, no browser: this is the database and service cost).
 *
 * Uses the Postgres server of DATABASE_URL; creates and drops its own database there.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createDb } from "@/db/client";
import { countQueueFacets } from "@/db/queries/queue";
import { prepareDatabase } from "./lib/prepare-database";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { env } from "@/server/env";
import { logger } from "@/server/observability/logger";
import { dashboardSummary } from "@/server/observability/dashboard";
import { simulatePolicy } from "@/server/policy/simulate";
import { proposalRouter } from "@/server/routers/proposal";
import { reviewRouter } from "@/server/routers/review";
import { createCallerFactory, router } from "@/server/trpc/init";
import type { QueueFilter } from "@/contracts/queue-filters";
import { dropDatabase, ensureDatabase, redactUrl, withDatabase } from "./lib/database";

const proposalCount = 100_000;
const contactCount = 5_000;
const runs = 200;
const warmup = 20;
const targetP95 = 150;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function measure(name: string, run: () => Promise<unknown>, repeat = { runs, warmup }) {
  for (let i = 0; i < repeat.warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeat.runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function seed(db: ReturnType<typeof createDb>["db"]) {
  await ensureDefaultPolicy(db);
  // deterministic ids that are valid version-4 UUIDs (inputs are validated as such)
  await db.execute(sql`
    create function bench_uuid(seed text) returns uuid language sql immutable
    as $$ select overlay(overlay(md5(seed) placing '4' from 13) placing '8' from 17)::uuid $$`);
  await db.execute(sql`
    insert into users (email, name, role, password_hash) values
      ('lead@bench.test', 'Bench Lead', 'lead', 'scrypt$16384$8$1$AAAA$AAAA'),
      ('reviewer@bench.test', 'Bench Reviewer', 'reviewer', 'scrypt$16384$8$1$AAAA$AAAA')`);
  await db.execute(sql`
    insert into crm_contacts (id, name, email, phone)
    select bench_uuid('c' || i), 'Customer ' || i, 'customer' || i || '@example.com', '+1212555' || lpad(i::text, 4, '0')
    from generate_series(1, ${contactCount}) as i`);
  await db.execute(sql`
    insert into messages (id, channel, source_id, sender, subject, text, raw, status, contact_id, received_at)
    select bench_uuid('m' || i),
           (array['email', 'chat', 'ticket', 'api']::channel[])[1 + i % 4],
           'bench-' || i, 'customer' || (1 + i % ${contactCount}) || '@example.com', 'Please update my details',
           'Hello, my new phone number is (415) 555-' || lpad((i % 10000)::text, 4, '0') || '. Thanks!', '{}'::jsonb, 'proposed',
           bench_uuid('c' || (1 + i % ${contactCount})), now() - (i || ' seconds')::interval
    from generate_series(1, ${proposalCount}) as i`);
  // 95% waiting for review, 3% escalated, 2% in conflict; SLA due spread from 2 days ago to 2 days ahead
  await db.execute(sql`
    insert into proposals (id, kind, message_id, contact_id, status, intents, summary, confidence, route, route_rule,
                           policy_version, sla_due_at, created_at, updated_at)
    select bench_uuid('p' || i), 'change', bench_uuid('m' || i), bench_uuid('c' || (1 + i % ${contactCount})),
           (case when i % 100 < 95 then 'pending_review' when i % 100 < 98 then 'escalated' else 'conflict' end)::proposal_status,
           array[(array['update_phone', 'update_email', 'update_shipping_address', 'cancel_order', 'change_subscription_plan'])[1 + i % 5]],
           'Update phone (Customer ' || (1 + i % ${contactCount}) || '): +1415555' || lpad((i % 10000)::text, 4, '0'),
           0.3 + (i % 700) / 1000.0, 'review', 'confidence_below_0.9', 1,
           now() - (i || ' seconds')::interval + ((i * 7919) % 345600 - 172800 || ' seconds')::interval,
           now() - (i || ' seconds')::interval, now()
    from generate_series(1, ${proposalCount}) as i`);
  await db.execute(sql`
    insert into proposed_changes (proposal_id, position, intent, store, entity, record_id, record_label, field, base_value,
                                  base_version, proposed_value, confidence, evidence_start, evidence_end, rationale, risk, route, route_rule)
    select bench_uuid('p' || i), 0, 'update_phone', 'crm', 'contact', bench_uuid('c' || (1 + i % ${contactCount})),
           'Customer ' || (1 + i % ${contactCount}), 'contact.phone', to_jsonb('+1212555' || lpad((1 + i % ${contactCount})::text, 4, '0')),
           1, to_jsonb('+1415555' || lpad((i % 10000)::text, 4, '0')), 0.3 + (i % 700) / 1000.0, 29, 43, 'phone number in the text',
           'high', 'review', 'confidence_below_0.9'
    from generate_series(1, ${proposalCount}) as i`);
  // what autovacuum would have done by now: statistics and the visibility map (index-only scans)
  await db.execute(sql`vacuum analyze`);
}

async function main() {
  const serverUrl = env.DATABASE_URL;
  if (!serverUrl)
    throw new Error(
      "Set DATABASE_URL to any database on the Postgres server to benchmark against; a fresh database is created beside it.",
    );
  const benchUrl = withDatabase(serverUrl, `changedesk_bench_${process.pid}`);
  await dropDatabase(benchUrl);
  await ensureDatabase(benchUrl);
  console.log(`benchmark database: ${redactUrl(benchUrl)}`);
  const { db, close } = createDb(benchUrl, { max: 10, applicationName: "changedesk-bench" });
  try {
    await prepareDatabase(benchUrl);
    const seedStart = performance.now();
    await seed(db);
    console.log(
      `seeded ${proposalCount.toLocaleString("en")} open proposals in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
    );

    const [lead] = await db.execute<{ id: string; email: string; name: string }>(
      sql`select id, email, name from users where email = 'lead@bench.test'`,
    );
    if (!lead) throw new Error("bench user missing");
    // the console's two review routers; the root router also pulls in Next-only modules
    const createCaller = createCallerFactory(router({ proposal: proposalRouter, review: reviewRouter }));
    const caller = createCaller({
      db,
      // the benchmark only reads the queue: nothing it calls enqueues
      getBoss: () => Promise.reject(new Error("the queue benchmark has no queue")),
      user: { ...lead, role: "lead" },
      log: logger,
      requestId: "bench",
    });

    const base: QueueFilter = { status: "open", sort: "sla" };
    const filtered: QueueFilter = {
      status: "open",
      sort: "confidence",
      intent: "update_shipping_address",
      channel: "email",
      maxConfidence: 0.8,
    };
    // a cursor about 60,000 rows deep, found once by walking the keyset index
    const [deep] = await db.execute<{ key: string; id: string }>(sql`
      select coalesce(sla_due_at, 'infinity'::timestamptz)::text as key, id from proposals
      where status in ('pending_review', 'escalated', 'conflict')
      order by coalesce(sla_due_at, 'infinity'::timestamptz), id offset 60000 limit 1`);
    if (!deep) throw new Error("no deep cursor");
    const ids = (
      await db.execute<{ id: string }>(sql`select id from proposals order by random() limit ${runs + warmup}`)
    ).map((r) => r.id);
    let next = 0;

    const results = [
      await measure("first queue page (50, by SLA)", () => caller.proposal.list({ ...base, limit: 50 })),
      await measure("filtered page (intent + channel + confidence ≤ 0.8, lowest confidence first)", () =>
        caller.proposal.list({ ...filtered, limit: 50 }),
      ),
      await measure("deep keyset page (row 60,000)", () =>
        caller.proposal.list({ ...base, cursor: deep, limit: 50 }),
      ),
      await measure("proposal page (detail + customer panel)", () => {
        const id = ids[next++ % ids.length] ?? "";
        return Promise.all([caller.proposal.get({ id }), caller.review.context({ proposalId: id })]);
      }),
      await measure("filter counts as served (shared, refreshed every 5 s)", () =>
        caller.review.counts(base),
      ),
      await measure("filter counts computed (all facets, no cache)", () =>
        countQueueFacets(db, { filter: base, userId: lead.id, now: new Date() }),
      ),
      await measure("lead navigation count", () => caller.review.attention()),
      // the admin's "what would this have done": replays the newest 20,000 change sets
      await measure(
        "policy simulation (20,000 newest change sets, 30 days)",
        () => simulatePolicy(db, { rules: { ...defaultPolicyRules, autoApplyThreshold: 0.8 }, days: 30 }),
        { runs: 10, warmup: 2 },
      ),
      await measure("dashboard (30 days)", () => dashboardSummary(db, { window: "30d" }), {
        runs: 10,
        warmup: 2,
      }),
    ];
    console.log(
      `\n${runs} runs each after ${warmup} warm-up runs (the simulation and the dashboard: 10 after 2); server time in ms\n`,
    );
    console.log(`${"".padEnd(80)} ${"p50".padStart(8)} ${"p95".padStart(8)}`);
    // the 150 ms target is for what a reviewer waits on: the queue pages and the proposal page
    for (const [i, r] of results.entries()) {
      const flag = i >= 4 ? "" : r.p95 <= targetP95 ? "ok" : `OVER ${targetP95} ms`;
      console.log(
        `${r.name.padEnd(80)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)}  ${flag}`,
      );
    }
    const queuePages = results.slice(0, 4);
    if (queuePages.some((r) => r.p95 > targetP95)) process.exitCode = 1;
  } finally {
    await close();
    if (process.argv.includes("--keep")) console.log(`kept ${redactUrl(benchUrl)} (--keep)`);
    else await dropDatabase(benchUrl);
  }
}

await main();
