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
  options: { singletonKey?: string; startAfter?: number; priority?: number } = {},
): Promise<void> {
  const data = jobDefinitions[name].schema.parse(payload) as object;
  await boss.send(name, data, { ...options, db: fromDrizzle(tx, sql) });
}

/** Like `enqueue`, for many jobs of one queue in one statement (an import's chunk of messages). */
export async function enqueueMany<N extends JobName>(
  boss: PgBoss,
  tx: DbOrTx,
  name: N,
  payloads: JobPayload<N>[],
  options: { priority?: number } = {},
): Promise<void> {
  if (payloads.length === 0) return;
  const jobs = payloads.map((payload) => ({
    data: jobDefinitions[name].schema.parse(payload),
    ...options,
  }));
  await boss.insert(name, jobs, { db: fromDrizzle(tx, sql) });
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
