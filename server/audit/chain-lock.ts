import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";

/**
 * Takes the audit chain's lock before any record is locked. Every writer then locks in one order —
 * proposal row, audit chain, records — so an approval (which appends its audit entry before
 * applying) and an auto-apply locking the same record first cannot deadlock. The lock is held to
 * commit either way; re-taking it is free. The key is the one the audit trigger takes before it
 * links an entry (migration 0001).
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(727100)`);
}
