import { sql } from "drizzle-orm";
import { fromDrizzle, type PgBoss } from "pg-boss";
import type { DbOrTx } from "@/db/client";
import { jobDefinitions, type JobName, type JobPayload } from "./definitions";

/**
 * Sends a job inside the caller's transaction: the job exists exactly when the state change that
 * asked for it commits. The payload is validated against the registry.
 */
export async function enqueue<N extends JobName>(
  boss: PgBoss,
  tx: DbOrTx,
  name: N,
  payload: JobPayload<N>,
  options: { singletonKey?: string; startAfter?: number } = {},
): Promise<void> {
  const data = jobDefinitions[name].schema.parse(payload) as object;
  await boss.send(name, data, { ...options, db: fromDrizzle(tx, sql) });
}

/**
 * Like `enqueue`, for a job keyed by `singletonKey` whose time matters: a job already waiting
 * under the key is moved to `startAfter` (with this payload) instead of blocking the new one, so
 * "as soon as possible" never waits behind a poll queued for later.
 */
export async function enqueueOrReschedule<N extends JobName>(
  boss: PgBoss,
  tx: DbOrTx,
  name: N,
  payload: JobPayload<N>,
  options: { singletonKey: string; startAfter: number },
): Promise<void> {
  const data = jobDefinitions[name].schema.parse(payload) as object;
  await boss.upsert(name, data, { ...options, db: fromDrizzle(tx, sql) });
}
