import { desc, eq, gt, inArray, isNotNull, and, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { signInThrottles } from "../schema";

export type SignInThrottle = typeof signInThrottles.$inferSelect;

/** The throttle rows of these keys, locked for the caller's transaction (missing ones created). */
export async function lockThrottles(db: DbOrTx, keys: string[]): Promise<SignInThrottle[]> {
  await db
    .insert(signInThrottles)
    .values(keys.map((key) => ({ key, failures: 0, lastAttemptAt: sql`now()` })))
    .onConflictDoNothing();
  return db
    .select()
    .from(signInThrottles)
    .where(inArray(signInThrottles.key, keys))
    .orderBy(signInThrottles.key)
    .for("update");
}

export async function updateThrottle(db: DbOrTx, key: string, values: Partial<SignInThrottle>) {
  await db.update(signInThrottles).set(values).where(eq(signInThrottles.key, key));
}

export async function deleteThrottle(db: DbOrTx, key: string): Promise<SignInThrottle | undefined> {
  const [row] = await db.delete(signInThrottles).where(eq(signInThrottles.key, key)).returning();
  return row;
}

/** Takes back one counted attempt (a sign-in that succeeded from this address). */
export async function forgiveAttempt(db: DbOrTx, key: string) {
  await db
    .update(signInThrottles)
    .set({ failures: sql`greatest(${signInThrottles.failures} - 1, 0)` })
    .where(and(eq(signInThrottles.key, key), gt(signInThrottles.failures, 0)));
}

/** Keys locked now, newest lock first, for the admin console. */
export async function listActiveLocks(db: DbOrTx) {
  return db
    .select()
    .from(signInThrottles)
    .where(and(isNotNull(signInThrottles.lockedUntil), gt(signInThrottles.lockedUntil, sql`now()`)))
    .orderBy(desc(signInThrottles.lockedUntil))
    .limit(200);
}
