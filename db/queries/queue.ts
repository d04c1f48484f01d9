import { and, eq, gte, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { QueueCursor, QueueFilter, QueueSort } from "@/contracts/queue-filters";
import { ageMinutes, slaDueSoonMinutes } from "@/contracts/queue-filters";
import { storeNames, type StoreName } from "@/contracts/catalog";
import { openProposalStatuses } from "@/contracts/statuses";
import type { Db, DbOrTx, Tx } from "../client";
import { contacts, messages, openStatusPredicate, proposals, users } from "../schema";

export type { QueueCursor };

type FilterContext = { userId: string; now: Date };
type Facet = "status" | "intent" | "channel" | "store" | "sla";

const claimHolder = alias(users, "claim_holder");
const assignee = alias(users, "assignee");

// Must match the expressions of the partial indexes in db/schema/proposals.ts.
const sortKeys: Record<QueueSort, { expression: SQL; cast: SQL }> = {
  sla: { expression: sql`coalesce(${proposals.slaDueAt}, 'infinity'::timestamptz)`, cast: sql`timestamptz` },
  age: { expression: sql`${proposals.createdAt}`, cast: sql`timestamptz` },
  confidence: { expression: sql`coalesce(${proposals.confidence}, 2)`, cast: sql`real` },
};

function minutesFrom(now: Date, minutes: number) {
  return new Date(now.getTime() + minutes * 60_000);
}

/** A Date as a SQL timestamptz: postgres.js does not serialize dates inside raw sql fragments. */
function timestamp(date: Date): SQL {
  return sql`${date.toISOString()}::timestamptz`;
}

/** The WHERE conditions of a queue filter; `except` leaves one out (for that facet's counts). */
function queueConditions(filter: QueueFilter, context: FilterContext, except?: Facet): SQL[] {
  const conditions: SQL[] = [];
  if (except !== "status") {
    conditions.push(
      filter.status === "open" ? openStatusPredicate(proposals.status) : eq(proposals.status, filter.status),
    );
  }
  if (filter.intent && except !== "intent")
    conditions.push(sql`${proposals.intents} @> array[${filter.intent}]::text[]`);
  if (filter.channel && except !== "channel") {
    conditions.push(
      sql`${proposals.messageId} in (select ${messages.id} from ${messages} where ${messages.channel} = ${filter.channel})`,
    );
  }
  if (filter.store && except !== "store") {
    conditions.push(
      sql`exists (select 1 from proposed_changes pc where pc.proposal_id = ${proposals.id} and pc.store = ${filter.store})`,
    );
  }
  if (filter.minConfidence !== undefined) conditions.push(gte(proposals.confidence, filter.minConfidence));
  if (filter.maxConfidence !== undefined) conditions.push(lte(proposals.confidence, filter.maxConfidence));
  if (filter.assignee === "me") conditions.push(eq(proposals.assignedTo, context.userId));
  else if (filter.assignee === "unassigned") conditions.push(isNull(proposals.assignedTo));
  else if (filter.assignee) conditions.push(eq(proposals.assignedTo, filter.assignee));
  if (filter.age)
    conditions.push(
      sql`${proposals.createdAt} < ${timestamp(minutesFrom(context.now, -ageMinutes[filter.age]))}`,
    );
  if (filter.sla && except !== "sla") conditions.push(slaCondition(filter.sla, context.now));
  if (filter.customer) conditions.push(eq(proposals.contactId, filter.customer));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, "\\$&")}%`;
    conditions.push(
      sql`(${proposals.summary} ilike ${pattern} or ${proposals.contactId} in (select ${contacts.id} from ${contacts} where ${contacts.name} ilike ${pattern} or ${contacts.email} ilike ${pattern}))`,
    );
  }
  return conditions;
}

function slaCondition(state: NonNullable<QueueFilter["sla"]>, now: Date): SQL {
  const soon = minutesFrom(now, slaDueSoonMinutes);
  switch (state) {
    case "overdue":
      return sql`${proposals.slaDueAt} < ${timestamp(now)}`;
    case "due_soon":
      return sql`${proposals.slaDueAt} >= ${timestamp(now)} and ${proposals.slaDueAt} < ${timestamp(soon)}`;
    case "on_track":
      return sql`${proposals.slaDueAt} >= ${timestamp(soon)}`;
    case "none":
      return sql`${proposals.slaDueAt} is null`;
  }
}

/**
 * One page of the review queue, keyset-paginated on (sort key, id). The sort key travels as
 * Postgres's own text of it, so microsecond timestamps are not rounded by JavaScript dates.
 */
export async function listQueueItems(
  db: DbOrTx,
  params: { filter: QueueFilter; cursor?: QueueCursor | null; limit: number } & FilterContext,
) {
  const sort = sortKeys[params.filter.sort];
  const conditions = queueConditions(params.filter, params);
  if (params.cursor) {
    conditions.push(
      sql`(${sort.expression}, ${proposals.id}) > (${params.cursor.key}::${sort.cast}, ${params.cursor.id}::uuid)`,
    );
  }
  return db
    .select({
      id: proposals.id,
      kind: proposals.kind,
      status: proposals.status,
      version: proposals.version,
      intents: proposals.intents,
      summary: proposals.summary,
      confidence: proposals.confidence,
      routeRule: proposals.routeRule,
      requiredApprovals: proposals.requiredApprovals,
      slaDueAt: proposals.slaDueAt,
      createdAt: proposals.createdAt,
      claimedBy: proposals.claimedBy,
      claimedByName: claimHolder.name,
      claimExpiresAt: proposals.claimExpiresAt,
      assignedTo: proposals.assignedTo,
      assignedToName: assignee.name,
      escalatedAt: proposals.escalatedAt,
      escalationReason: proposals.escalationReason,
      contactId: contacts.id,
      contactName: contacts.name,
      contactEmail: contacts.email,
      channel: messages.channel,
      subject: messages.subject,
      changeCount: sql<number>`(select count(*)::int from proposed_changes pc where pc.proposal_id = ${proposals.id})`,
      sortKey: sql<string>`${sort.expression}::text`,
    })
    .from(proposals)
    .leftJoin(contacts, eq(contacts.id, proposals.contactId))
    .leftJoin(messages, eq(messages.id, proposals.messageId))
    .leftJoin(claimHolder, eq(claimHolder.id, proposals.claimedBy))
    .leftJoin(assignee, eq(assignee.id, proposals.assignedTo))
    .where(and(...conditions))
    .orderBy(sort.expression, proposals.id)
    .limit(params.limit);
}

export type QueueItem = Awaited<ReturnType<typeof listQueueItems>>[number];

type Counts = Record<string, number>;

function toCounts(rows: { key: string | null; count: number }[]): Counts {
  const counts: Counts = {};
  for (const row of rows) if (row.key !== null) counts[row.key] = row.count;
  return counts;
}

/**
 * Counts beside each filter option. Each facet counts under all the other filters, not its own,
 * so the numbers say what choosing that option would show. Each runs in its own short transaction
 * with JIT off: these scans are cheap to execute and compiling them costs more than it saves.
 */
export async function countQueueFacets(db: Db, params: { filter: QueueFilter } & FilterContext) {
  const where = (except?: Facet) => and(...queueConditions(params.filter, params, except));
  const soon = minutesFrom(params.now, slaDueSoonMinutes);
  const withoutJit = <T>(run: (tx: Tx) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local jit = off`);
      return run(tx);
    });
  const [status, intent, channel, slaAndTotal, store] = await Promise.all([
    withoutJit((tx) =>
      tx
        .select({ key: sql<string>`${proposals.status}::text`, count: sql<number>`count(*)::int` })
        .from(proposals)
        .where(where("status"))
        .groupBy(proposals.status),
    ),
    withoutJit((tx) =>
      tx
        .select({ key: sql<string>`intent`, count: sql<number>`count(*)::int` })
        .from(sql`${proposals}, unnest(${proposals.intents}) as intent`)
        .where(where("intent"))
        .groupBy(sql`intent`),
    ),
    withoutJit((tx) =>
      tx
        .select({ key: sql<string>`${messages.channel}::text`, count: sql<number>`count(*)::int` })
        .from(proposals)
        .innerJoin(messages, eq(messages.id, proposals.messageId))
        .where(where("channel"))
        .groupBy(messages.channel),
    ),
    withoutJit((tx) =>
      tx
        .select({
          total: sql<number>`count(*) filter (where ${params.filter.sla ? slaCondition(params.filter.sla, params.now) : sql`true`})::int`,
          overdue: sql<number>`count(*) filter (where ${proposals.slaDueAt} < ${timestamp(params.now)})::int`,
          due_soon: sql<number>`count(*) filter (where ${proposals.slaDueAt} >= ${timestamp(params.now)} and ${proposals.slaDueAt} < ${timestamp(soon)})::int`,
          on_track: sql<number>`count(*) filter (where ${proposals.slaDueAt} >= ${timestamp(soon)})::int`,
          none: sql<number>`count(*) filter (where ${proposals.slaDueAt} is null)::int`,
        })
        .from(proposals)
        .where(where("sla")),
    ),
    withoutJit((tx) =>
      tx
        .select(
          Object.fromEntries(
            storeNames.map((name) => [
              name,
              sql<number>`count(*) filter (where ${proposals.id} in (select pc.proposal_id from proposed_changes pc where pc.store = ${name}))::int`,
            ]),
          ) as Record<StoreName, SQL<number>>,
        )
        .from(proposals)
        .where(where("store")),
    ),
  ]);
  const statusCounts = toCounts(status);
  statusCounts.open = openProposalStatuses.reduce((sum, open) => sum + (statusCounts[open] ?? 0), 0);
  const { total, ...sla }: { total: number } & Counts = slaAndTotal[0] ?? { total: 0 };
  return {
    total,
    status: statusCounts,
    intent: toCounts(intent),
    channel: toCounts(channel),
    sla,
    store: { ...(store[0] ?? {}) } as Counts,
  };
}

export type QueueFacetCounts = Awaited<ReturnType<typeof countQueueFacets>>;

/** Ids of every item matching a filter, in queue order, for "decide all matching". */
export async function listQueueItemIds(
  db: DbOrTx,
  params: { filter: QueueFilter; limit: number } & FilterContext,
) {
  const sort = sortKeys[params.filter.sort];
  return db
    .select({ id: proposals.id, version: proposals.version })
    .from(proposals)
    .where(and(...queueConditions(params.filter, params)))
    .orderBy(sort.expression, proposals.id)
    .limit(params.limit);
}

/** What became of items a reviewer is looking at: the queue greys out those decided meanwhile. */
export async function listProposalStates(db: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  const decider = alias(users, "decider");
  return db
    .select({
      id: proposals.id,
      status: proposals.status,
      version: proposals.version,
      decidedAt: proposals.decidedAt,
      decidedByName: decider.name,
    })
    .from(proposals)
    .leftJoin(decider, eq(decider.id, proposals.decidedBy))
    .where(inArray(proposals.id, ids));
}

export async function countOpenProposals(db: DbOrTx): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(proposals)
    .where(openStatusPredicate(proposals.status));
  return row?.count ?? 0;
}

/** What needs a lead: escalated items plus open items past their SLA. */
export async function countNeedingLead(db: DbOrTx, now: Date) {
  const [row] = await db
    .select({
      escalated: sql<number>`count(*) filter (where ${proposals.status} = 'escalated')::int`,
      overdue: sql<number>`count(*) filter (where ${proposals.slaDueAt} < ${timestamp(now)})::int`,
      total: sql<number>`count(*) filter (where ${proposals.status} = 'escalated' or ${proposals.slaDueAt} < ${timestamp(now)})::int`,
    })
    .from(proposals)
    .where(openStatusPredicate(proposals.status));
  return { escalated: row?.escalated ?? 0, overdue: row?.overdue ?? 0, total: row?.total ?? 0 };
}
