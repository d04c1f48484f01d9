import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { messageStatusEnum, openStatusPredicate, proposalStatusEnum, proposals } from "../schema";

/**
 * The dashboard's figures, each counted in Postgres and bounded by the window: nothing here loads
 * rows into JavaScript to count them (the queue alone can hold 100,000 open items).
 */

export type TimeRange = { since: Date; until: Date };
export type BucketWidth = "hour" | "day";

/** A Date as a SQL timestamptz: postgres.js does not serialize dates inside raw sql fragments. */
function timestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

/** Dates come back from raw SQL as epoch milliseconds: the driver hands timestamps over as text. */
function epochMs(expression: SQL): SQL<number | null> {
  return sql<number | null>`(extract(epoch from ${expression}) * 1000)::float8`;
}

// Buckets are fixed strides from the Unix epoch, so they are whole UTC hours and days. "24 hours"
// rather than "1 day": interval arithmetic with days follows the session's time zone across DST.
const bucketStride: Record<BucketWidth, SQL> = {
  hour: sql`interval '1 hour'`,
  day: sql`interval '24 hours'`,
};
const bucketOrigin = sql`'1970-01-01T00:00:00Z'::timestamptz`;

/**
 * `status in (every status)` before a time range: the tables are indexed on (status, time), and
 * naming every status lets the planner walk that index once per status instead of scanning the
 * table (Postgres before 18 cannot skip the leading column by itself). The lists come from the
 * enums, so a new status is included without anyone remembering this.
 */
function anyOf(column: SQL, values: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(", "))})`;
}

/** Messages (alias `m`) received in the range. */
function messagesReceivedIn(range: TimeRange): SQL {
  return sql`${anyOf(sql`m.status`, messageStatusEnum.enumValues)}
    and m.received_at >= ${timestamp(range.since)} and m.received_at <= ${timestamp(range.until)}`;
}

/** Change sets (alias `p`) the pipeline proposed in the range; rollbacks are people's actions, not proposals. */
function changeSetsCreatedIn(range: TimeRange): SQL {
  return sql`${anyOf(sql`p.status`, proposalStatusEnum.enumValues)}
    and p.created_at >= ${timestamp(range.since)} and p.created_at <= ${timestamp(range.until)}
    and p.kind = 'change'`;
}

/** Messages received and change sets proposed per bucket; every bucket of the range, empty ones as 0. */
export async function countThroughputByBucket(db: DbOrTx, params: TimeRange & { bucket: BucketWidth }) {
  const stride = bucketStride[params.bucket];
  const rows = await db.execute<{ start: number; messages: number; changeSets: number }>(sql`
    with buckets as (
      select generate_series(
        date_bin(${stride}, ${timestamp(params.since)}, ${bucketOrigin}),
        date_bin(${stride}, ${timestamp(params.until)}, ${bucketOrigin}),
        ${stride}
      ) as start
    ),
    received as (
      select date_bin(${stride}, m.received_at, ${bucketOrigin}) as start, count(*)::int as n
      from messages m
      where ${messagesReceivedIn(params)}
      group by 1
    ),
    proposed as (
      select date_bin(${stride}, p.created_at, ${bucketOrigin}) as start, count(*)::int as n
      from proposals p
      where ${changeSetsCreatedIn(params)}
      group by 1
    )
    select ${epochMs(sql`b.start`)} as "start",
           coalesce(r.n, 0) as "messages",
           coalesce(c.n, 0) as "changeSets"
    from buckets b
    left join received r on r.start = b.start
    left join proposed c on c.start = b.start
    order by b.start
  `);
  return rows.map((row) => ({
    start: new Date(row.start),
    messages: row.messages,
    changeSets: row.changeSets,
  }));
}

/** Change sets proposed in the range by the route the policy chose and the status they have now. */
export async function countChangeSetsByRouteAndStatus(db: DbOrTx, range: TimeRange) {
  return db.execute<{
    route: (typeof proposals.$inferSelect)["route"];
    status: (typeof proposals.$inferSelect)["status"];
    count: number;
  }>(sql`
    select p.route, p.status, count(*)::int as count
    from proposals p
    where ${changeSetsCreatedIn(range)}
    group by p.route, p.status
  `);
}

export type LatencyStage = "intake" | "review" | "apply";

/**
 * p50/p95 in seconds of three stages, for the items that entered the stage in the range:
 * - intake: a message stored → processed (a proposal made, or nothing to change). Measured from
 *   `created_at`, when our pipeline got it: `received_at` is the channel's time, and an import or a
 *   re-polled mailbox can carry one from days ago. Messages are counted by `received_at`, as in
 *   the throughput chart.
 * - review: a change set created → decided by a person (`decided_by` is only set by people).
 * - apply: approved (by a person, or by the policy when it was created) → applied.
 */
export async function getStageLatencies(db: DbOrTx, range: TimeRange) {
  return db.execute<{ stage: LatencyStage; count: number; p50: number | null; p95: number | null }>(sql`
    with intake as (
      select greatest(extract(epoch from m.processed_at - m.created_at), 0)::float8 as seconds
      from messages m
      where ${messagesReceivedIn(range)} and m.processed_at is not null
    ),
    review as (
      select greatest(extract(epoch from p.decided_at - p.created_at), 0)::float8 as seconds
      from proposals p
      where ${changeSetsCreatedIn(range)} and p.decided_by is not null and p.decided_at is not null
    ),
    apply as (
      select greatest(extract(epoch from p.applied_at - coalesce(p.decided_at, p.created_at)), 0)::float8 as seconds
      from proposals p
      where ${changeSetsCreatedIn(range)} and p.applied_at is not null
    )
    select 'intake' as stage, count(*)::int as count,
           percentile_cont(0.5) within group (order by seconds) as p50,
           percentile_cont(0.95) within group (order by seconds) as p95
    from intake
    union all
    select 'review', count(*)::int,
           percentile_cont(0.5) within group (order by seconds),
           percentile_cont(0.95) within group (order by seconds)
    from review
    union all
    select 'apply', count(*)::int,
           percentile_cont(0.5) within group (order by seconds),
           percentile_cont(0.95) within group (order by seconds)
    from apply
  `);
}

/**
 * One row per proposed change of the change sets created in the range, with what became of it:
 * - reviewed: a person decided it (the whole set, or this field), and it was not declined by the
 *   policy (a declined field inside a reviewed set is `rejected` without anyone rejecting it);
 * - auto-applied: written without any person deciding (the policy's route, or a connector
 *   finishing an auto-applied set);
 * - edited: a person changed the value before approving it (the proposed value is kept beside it);
 * - rolled back: its applied change was undone.
 * The same definitions as the policy simulation's "corrected".
 */
function changeOutcomes(range: TimeRange): SQL {
  return sql`
    select pc.intent,
           pc.field,
           pc.confidence,
           pc.status = 'rejected' as rejected,
           pc.edited_value is not null as edited,
           ac.id is not null as applied,
           ac.rolled_back_at is not null as rolled_back,
           (pc.route <> 'decline'
             and coalesce(pc.decided_by, p.decided_by) is not null
             and pc.status not in ('pending', 'conflict', 'superseded')) as reviewed,
           (ac.id is not null and pc.decided_by is null and p.decided_by is null) as auto_applied
    from proposals p
    join proposed_changes pc on pc.proposal_id = p.id
    left join applied_changes ac on ac.proposed_change_id = pc.id
    where ${changeSetsCreatedIn(range)}
  `;
}

/**
 * Outcomes per intent and field ("drift"), worst first: the largest share of decided changes that
 * people corrected (edited, rejected or rolled back), then the busiest.
 */
export async function countChangeOutcomesByIntentAndField(db: DbOrTx, range: TimeRange) {
  return db.execute<{
    intent: string;
    field: string;
    proposed: number;
    autoApplied: number;
    reviewed: number;
    approved: number;
    edited: number;
    rejected: number;
    applied: number;
    rolledBack: number;
    decided: number;
    corrected: number;
  }>(sql`
    with outcomes as (${changeOutcomes(range)}),
    counts as (
      select intent,
             field,
             count(*)::int as "proposed",
             count(*) filter (where auto_applied)::int as "autoApplied",
             count(*) filter (where reviewed)::int as "reviewed",
             count(*) filter (where reviewed and not rejected and not edited)::int as "approved",
             count(*) filter (where reviewed and not rejected and edited)::int as "edited",
             count(*) filter (where reviewed and rejected)::int as "rejected",
             count(*) filter (where applied)::int as "applied",
             count(*) filter (where rolled_back)::int as "rolledBack",
             count(*) filter (where reviewed or auto_applied)::int as "decided",
             count(*) filter (where (reviewed or auto_applied) and (rejected or edited or rolled_back))::int as "corrected"
      from outcomes
      group by intent, field
    )
    select * from counts
    order by "corrected"::float8 / nullif("decided", 0) desc nulls last, "decided" desc, "proposed" desc, intent, field
  `);
}

/** Upper bounds of the calibration buckets below 1: [0, 0.5), [0.5, 0.7), … [0.95, 1]. */
export const calibrationEdges = [0.5, 0.7, 0.8, 0.9, 0.95] as const;

/**
 * Decided changes per confidence bucket, with how many were accepted as proposed. `bucket` is the
 * index into the buckets (0 = below the first edge). Confidences are `real`: compared as float8,
 * 0.7 is 0.69999998 and would land a bucket too low, so they are compared as numeric (0.7).
 */
export async function countCalibrationBuckets(db: DbOrTx, range: TimeRange) {
  const edges = sql.raw(`array[${calibrationEdges.join(", ")}]::numeric[]`);
  return db.execute<{ bucket: number; decided: number; accepted: number; meanConfidence: number }>(sql`
    with outcomes as (${changeOutcomes(range)})
    select width_bucket(confidence::numeric, ${edges}) as "bucket",
           count(*)::int as "decided",
           count(*) filter (where not (rejected or edited or rolled_back))::int as "accepted",
           avg(confidence)::float8 as "meanConfidence"
    from outcomes
    where (reviewed or auto_applied) and confidence is not null
    group by 1
    order by 1
  `);
}

/**
 * The review queue as it is now. Each figure is its own subquery so it can use its own index:
 * the open-items partial indexes (the predicate and the SLA expression must stay identical to
 * db/schema/proposals.ts) and (status, created_at) for the per-status counts.
 */
export async function getQueueSnapshot(db: DbOrTx, params: { now: Date }) {
  const open = openStatusPredicate(proposals.status);
  const [row] = await db.execute<{
    pendingReview: number;
    escalated: number;
    conflict: number;
    pastSla: number;
    oldestMs: number | null;
  }>(sql`
    select
      (select count(*)::int from ${proposals} where ${proposals.status} = 'pending_review') as "pendingReview",
      (select count(*)::int from ${proposals} where ${proposals.status} = 'escalated') as "escalated",
      (select count(*)::int from ${proposals} where ${proposals.status} = 'conflict') as "conflict",
      (select count(*)::int from ${proposals}
        where ${open} and coalesce(${proposals.slaDueAt}, 'infinity'::timestamptz) < ${timestamp(params.now)}) as "pastSla",
      (select ${epochMs(sql`min(${proposals.createdAt})`)} from ${proposals} where ${open}) as "oldestMs"
  `);
  return {
    pendingReview: row?.pendingReview ?? 0,
    escalated: row?.escalated ?? 0,
    conflict: row?.conflict ?? 0,
    pastSla: row?.pastSla ?? 0,
    oldestOpenAt: row?.oldestMs == null ? null : new Date(row.oldestMs),
  };
}

/** What is failed right now: messages the pipeline gave up on, outbox items that could not be delivered. */
export async function countCurrentFailures(db: DbOrTx) {
  const [row] = await db.execute<{ failedMessages: number; outboxFailed: number; outboxDead: number }>(sql`
    select
      (select count(*)::int from messages where status = 'failed') as "failedMessages",
      (select count(*)::int from outbox where status = 'failed') as "outboxFailed",
      (select count(*)::int from outbox where status = 'dead') as "outboxDead"
  `);
  return {
    failedMessages: row?.failedMessages ?? 0,
    outboxFailed: row?.outboxFailed ?? 0,
    outboxDead: row?.outboxDead ?? 0,
  };
}

/** SQLSTATEs that mean "pg-boss is not installed here (or not readable)" rather than a bug. */
const missingBossErrors = new Set(["42P01", "3F000", "42703", "42501", "42704"]);

/** The SQLSTATE of a failed query; drizzle wraps the driver's error in its own, as `cause`. */
function sqlState(error: unknown): string | undefined {
  for (
    let current = error;
    current && typeof current === "object";
    current = (current as { cause?: unknown }).cause
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * Jobs of our queues that failed for good in the range (pg-boss marks a job `failed`, with
 * `completed_on`, once its retries are spent) and the copies sent to the dead-letter queue.
 * pg-boss owns its schema: when it is missing (a database migrated without it) or not readable,
 * the answer is null rather than an error, and the rest of the dashboard still loads.
 */
export async function countFailedJobs(
  db: DbOrTx,
  params: TimeRange & { schema: string; queues: readonly string[]; deadLetterQueue: string },
): Promise<{ failed: number; deadLettered: number; byQueue: { queue: string; failed: number }[] } | null> {
  const [installed] = await db.execute<{ present: boolean }>(
    sql`select to_regclass(quote_ident(${params.schema}) || '.job') is not null as present`,
  );
  if (!installed?.present) return null;
  const job = sql`${sql.identifier(params.schema)}.job`;
  const queues = sql.join(
    params.queues.map((queue) => sql`${queue}`),
    sql`, `,
  );
  try {
    // in a transaction (or a savepoint inside the caller's): a refused read must not abort the caller's
    return await db.transaction(async (inner) => {
      // (name, completed_on) and (name, created_on) are pg-boss's own indexes, per queue partition
      const failed = await inner.execute<{ queue: string; failed: number }>(sql`
        select name as "queue", count(*)::int as "failed"
        from ${job}
        where name in (${queues}) and state = 'failed'
          and completed_on >= ${timestamp(params.since)} and completed_on <= ${timestamp(params.until)}
        group by name
        order by count(*) desc, name
      `);
      const [deadLettered] = await inner.execute<{ count: number }>(sql`
        select count(*)::int as "count"
        from ${job}
        where name = ${params.deadLetterQueue}
          and created_on >= ${timestamp(params.since)} and created_on <= ${timestamp(params.until)}
      `);
      return {
        failed: failed.reduce((sum, row) => sum + row.failed, 0),
        deadLettered: deadLettered?.count ?? 0,
        byQueue: failed.map((row) => ({ queue: row.queue, failed: row.failed })),
      };
    });
  } catch (error) {
    if (missingBossErrors.has(sqlState(error) ?? "")) return null;
    throw error;
  }
}
