import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";

export type AuditVerification =
  { ok: true; checked: number } | { ok: false; checked: number; brokenAtId: number; reason: string };

/**
 * Recomputes the hash chain in the database (same digest function as the insert trigger) and
 * reports the first row whose content or link does not match.
 */
export async function verifyAuditChain(db: DbOrTx): Promise<AuditVerification> {
  const rows = await db.execute<{ id: string; link_ok: boolean; content_ok: boolean; total: string }>(sql`
    with chain as (
      select id,
             hash = audit_event_digest(a) as content_ok,
             prev_hash = coalesce(lag(hash) over (order by id), '') as link_ok
      from audit_events a
    )
    select id, link_ok, content_ok, (select count(*) from chain) as total
    from chain
    where not (link_ok and content_ok)
    order by id
    limit 1
  `);
  const first = rows[0];
  if (!first) {
    const [count] = await db.execute<{ total: string }>(sql`select count(*) as total from audit_events`);
    return { ok: true, checked: Number(count?.total ?? 0) };
  }
  return {
    ok: false,
    checked: Number(first.total),
    brokenAtId: Number(first.id),
    reason: first.content_ok
      ? "the link to the previous entry is broken (an entry was removed or reordered)"
      : "the entry's content does not match its hash (it was edited)",
  };
}
