import type { KeyObject } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { checkpointStatement, contentHash, linkHash } from "./chain-hash";
import { eventColumns, toChainEvent, type Checkpoint, type EventRow } from "./seal";
import { statementSigned } from "./signing-key";

export type AuditVerification =
  | { ok: true; checked: number; unsealed: number; checkpoints: number; signaturesChecked: boolean }
  | { ok: false; checked: number; brokenAtId: number | null; brokenAtSeq: number | null; reason: string };

export type VerifyOptions = {
  /** the trusted public key; without it, checkpoint signatures are not checked */
  publicKey?: KeyObject;
  /** the last checkpoint exported out of the database: the chain must still contain it */
  exported?: Pick<Checkpoint, "lastSeq" | "headHash" | "eventCount">;
  pageSize?: number;
};

type LinkRow = EventRow & {
  seq: string;
  link_event_id: string;
  content_hash: string;
  prev_hash: string;
  hash: string;
  event_present: boolean;
};

/**
 * Checks the audit trail against its chain and checkpoints, and names the first thing wrong:
 * - each link's event must exist and hash to the content hash it was sealed with (an edited or
 *   deleted event, or two events swapped, fails here);
 * - each link must follow from the previous one, positions contiguous from 1 (a removed, inserted
 *   or rewritten link fails here);
 * - every checkpoint must carry a valid signature and match the chain at its position (a chain
 *   recomputed after a rewrite, or a forged checkpoint, fails here);
 * - the last exported checkpoint must still be in the chain (cutting off the tail fails here);
 * - no unsealed event may sit below the sealed horizon (an event slipped into sealed history).
 * Reads the chain in pages, so a million events verify in constant memory.
 */
export async function verifyAuditChain(db: DbOrTx, options: VerifyOptions = {}): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5000;
  let prev = "";
  let expectedSeq = 1;
  const broken = (seq: number | null, eventId: number | null, reason: string): AuditVerification => ({
    ok: false,
    checked: expectedSeq - 1,
    brokenAtSeq: seq,
    brokenAtId: eventId,
    reason,
  });
  const hashAt = new Map<number, string>();
  const checkpoints = await db.execute<{
    id: number;
    last_seq: string;
    head_hash: string;
    event_count: string;
    created_at: string;
    key_id: string;
    signature: string;
  }>(sql`
    select id, last_seq, head_hash, event_count, key_id, signature,
           to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at
    from audit_checkpoints order by last_seq`);
  for (const c of checkpoints) hashAt.set(Number(c.last_seq), "");
  if (options.exported) hashAt.set(options.exported.lastSeq, "");

  for (;;) {
    const rows = await db.execute<LinkRow>(sql`
      select s.seq, s.event_id as link_event_id, s.content_hash, s.prev_hash, s.hash,
             e.id is not null as event_present, ${eventColumns}
      from audit_seals s left join audit_events e on e.id = s.event_id
      where s.seq >= ${expectedSeq}
      order by s.seq
      limit ${pageSize}`);
    for (const row of rows) {
      const seq = Number(row.seq);
      const eventId = Number(row.link_event_id);
      if (seq !== expectedSeq)
        return broken(
          expectedSeq,
          null,
          `link ${expectedSeq} is missing: sealed events were removed with their links`,
        );
      if (!row.event_present) return broken(seq, eventId, `event ${eventId} (link ${seq}) was deleted`);
      const content = contentHash(toChainEvent({ ...row, id: eventId }));
      if (content !== row.content_hash)
        return broken(
          seq,
          eventId,
          `event ${eventId} (link ${seq}) was edited or moved: its content does not match its hash`,
        );
      if (row.prev_hash !== prev || row.hash !== linkHash(prev, seq, content))
        return broken(
          seq,
          eventId,
          `link ${seq} (event ${eventId}) does not follow from link ${seq - 1}: the chain was rewritten`,
        );
      if (hashAt.has(seq)) hashAt.set(seq, row.hash);
      prev = row.hash;
      expectedSeq += 1;
    }
    if (rows.length < pageSize) break;
  }
  const sealed = expectedSeq - 1;

  for (const c of checkpoints) {
    const lastSeq = Number(c.last_seq);
    const statement = {
      lastSeq,
      headHash: c.head_hash,
      eventCount: Number(c.event_count),
      createdAt: c.created_at,
    };
    if (options.publicKey && !statementSigned(options.publicKey, checkpointStatement(statement), c.signature))
      return broken(
        lastSeq,
        null,
        `checkpoint ${c.id} at link ${lastSeq} is forged: its signature does not verify`,
      );
    if (lastSeq > sealed || hashAt.get(lastSeq) !== c.head_hash || statement.eventCount !== lastSeq)
      return broken(
        lastSeq,
        null,
        `the chain does not match checkpoint ${c.id} at link ${lastSeq}: sealed history was rewritten`,
      );
  }
  if (options.exported) {
    const { lastSeq, headHash, eventCount } = options.exported;
    if (lastSeq > sealed || hashAt.get(lastSeq) !== headHash || eventCount !== lastSeq)
      return broken(
        lastSeq,
        null,
        `the chain no longer contains the exported checkpoint at link ${lastSeq}: sealed history was removed or rewritten`,
      );
  }

  const [slipped] = await db.execute<{ id: string }>(sql`
    select e.id from audit_events e
    where e.txid < (select max(e2.txid) from audit_seals s join audit_events e2 on e2.id = s.event_id)
      and not exists (select 1 from audit_seals s where s.event_id = e.id)
    order by e.id limit 1`);
  if (slipped)
    return broken(
      null,
      Number(slipped.id),
      `event ${slipped.id} was inserted into sealed history: it is older than sealed events but not in the chain`,
    );
  const [unsealed] = await db.execute<{ n: string }>(sql`
    select count(*) as n from audit_events e where not exists (select 1 from audit_seals s where s.event_id = e.id)`);
  return {
    ok: true,
    checked: sealed,
    unsealed: Number(unsealed?.n ?? 0),
    checkpoints: checkpoints.length,
    signaturesChecked: Boolean(options.publicKey),
  };
}
