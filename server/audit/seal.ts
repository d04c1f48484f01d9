import fs from "node:fs/promises";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx, Tx } from "@/db/client";
import { auditCheckpoints, auditSeals } from "@/db/schema";
import { checkpointStatement, contentHash, linkHash, type ChainEvent } from "./chain-hash";
import { signStatement, type SigningKey } from "./signing-key";

/**
 * The sealer: links finished audit events into the hash chain, in an order nothing can later
 * contradict, and signs checkpoints over it (docs/audit.md).
 *
 * Appends take no lock, so ids are not commit order: a transaction holding id 7 may commit after
 * one holding id 8. The sealer therefore only seals events whose transaction id lies below the
 * snapshot's xmin (`pg_snapshot_xmin(pg_current_snapshot())`): every transaction below it has
 * ended, and every transaction that has not yet written gets a larger id. So no event can later
 * appear behind one already sealed, and events are chained in (transaction id, id) order.
 *
 * Any number of processes may run it; one transaction-level advisory lock makes each round
 * single-writer, and a process that dies mid-round leaves nothing behind (the round's transaction
 * rolls back, and the next round seals the same events).
 */
const sealerLock = 727101;

/** Events one sealing transaction links at most. */
export const sealRoundLimit = 5000;

/** Takes this round's sealer lock without waiting: false when another process holds the round. */
async function takeSealerRound(tx: Tx): Promise<boolean> {
  const [lock] = await tx.execute<{ got: boolean }>(
    sql`select pg_try_advisory_xact_lock(${sealerLock}) as got`,
  );
  return lock?.got === true;
}

export const eventColumns = sql`
  e.id::int8 as id,
  to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
  e.actor_type, e.actor_id, e.actor_label, e.action, e.entity_type, e.entity_id,
  e.contact_id, e.proposal_id, e.message_id, e.policy_version, e.data, e.personal`;

export type EventRow = {
  id: string | number;
  occurred_at: string;
  actor_type: string;
  actor_id: string | null;
  actor_label: string;
  action: string;
  entity_type: string;
  entity_id: string;
  contact_id: string | null;
  proposal_id: string | null;
  message_id: string | null;
  policy_version: number | null;
  data: unknown;
  personal: string | null;
};

export function toChainEvent(row: EventRow): ChainEvent {
  return {
    id: Number(row.id),
    occurredAt: row.occurred_at,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    contactId: row.contact_id,
    proposalId: row.proposal_id,
    messageId: row.message_id,
    policyVersion: row.policy_version,
    data: row.data,
    personal: row.personal,
  };
}

type ChainHead = { seq: number; hash: string; txid: string };

async function chainHead(db: DbOrTx): Promise<ChainHead> {
  const [head] = await db.execute<{ seq: string; hash: string; txid: string | null }>(sql`
    select s.seq, s.hash, e.txid::text as txid
    from audit_seals s left join audit_events e on e.id = s.event_id
    order by s.seq desc limit 1`);
  return head
    ? { seq: Number(head.seq), hash: head.hash, txid: head.txid ?? "0" }
    : { seq: 0, hash: "", txid: "0" };
}

export type SealRound = { sealed: number; lastSeq: number };

/** Seals up to `limit` finished events in one transaction; `sealed: 0` when another process holds the round. */
export async function sealAuditEvents(db: Db, options: { limit?: number } = {}): Promise<SealRound> {
  const limit = options.limit ?? sealRoundLimit;
  return db.transaction(async (tx) => {
    if (!(await takeSealerRound(tx))) return { sealed: 0, lastSeq: -1 };
    const head = await chainHead(tx);
    const rows = await tx.execute<EventRow>(sql`
      select ${eventColumns}
      from audit_events e
      where e.txid >= ${head.txid}::xid8
        and e.txid < pg_snapshot_xmin(pg_current_snapshot())
        and not exists (select 1 from audit_seals s where s.event_id = e.id)
      order by e.txid, e.id
      limit ${limit}`);
    if (rows.length === 0) return { sealed: 0, lastSeq: head.seq };
    let prev = head.hash;
    let seq = head.seq;
    const links = rows.map((row) => {
      const content = contentHash(toChainEvent(row));
      seq += 1;
      const hash = linkHash(prev, seq, content);
      const link = { seq, eventId: Number(row.id), contentHash: content, prevHash: prev, hash };
      prev = hash;
      return link;
    });
    for (let i = 0; i < links.length; i += 1000) await tx.insert(auditSeals).values(links.slice(i, i + 1000));
    return { sealed: links.length, lastSeq: seq };
  });
}

export type Checkpoint = {
  id: number;
  lastSeq: number;
  headHash: string;
  eventCount: number;
  createdAt: string;
  keyId: string;
  signature: string;
};

/** Signs a checkpoint at the chain's head, unless the newest checkpoint already covers it. */
export async function writeCheckpoint(db: Db, key: SigningKey): Promise<Checkpoint | null> {
  return db.transaction(async (tx) => {
    if (!(await takeSealerRound(tx))) return null;
    const head = await chainHead(tx);
    if (head.seq === 0) return null;
    const [latest] = await tx.execute<{ last_seq: string }>(
      sql`select last_seq from audit_checkpoints order by last_seq desc limit 1`,
    );
    if (latest && Number(latest.last_seq) >= head.seq) return null;
    // the chain is contiguous from 1, so the count of links is the head's position
    const statement = {
      lastSeq: head.seq,
      headHash: head.hash,
      eventCount: head.seq,
      createdAt: new Date().toISOString(),
    };
    const signature = signStatement(key, checkpointStatement(statement));
    const [row] = await tx
      .insert(auditCheckpoints)
      .values({ ...statement, createdAt: new Date(statement.createdAt), keyId: key.keyId, signature })
      .returning({ id: auditCheckpoints.id });
    return { id: row?.id ?? 0, ...statement, keyId: key.keyId, signature };
  });
}

/** Where checkpoints go besides the database: a JSON-lines file and/or a webhook. */
export type CheckpointExport = { file?: string; webhookUrl?: string; fetchImpl?: typeof fetch };

export async function exportCheckpoint(checkpoint: Checkpoint, target: CheckpointExport): Promise<void> {
  const line = JSON.stringify(checkpoint);
  if (target.file) {
    await fs.mkdir(path.dirname(target.file), { recursive: true });
    await fs.appendFile(target.file, `${line}\n`);
  }
  if (target.webhookUrl) {
    const response = await (target.fetchImpl ?? fetch)(target.webhookUrl, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "idempotency-key": `audit-checkpoint-${checkpoint.lastSeq}`,
      },
      body: line,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`checkpoint webhook answered ${response.status}`);
  }
}

/** Seconds since the oldest event not yet in the chain was written (0 when everything is sealed). */
export async function sealingLagSeconds(db: DbOrTx): Promise<number> {
  const head = await chainHead(db);
  const [row] = await db.execute<{ lag: number | null }>(sql`
    select extract(epoch from clock_timestamp() - min(e.occurred_at))::float8 as lag
    from audit_events e
    where e.txid >= ${head.txid}::xid8
      and not exists (select 1 from audit_seals s where s.event_id = e.id)`);
  return Math.max(0, row?.lag ?? 0);
}
