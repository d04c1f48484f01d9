import type { Db } from "@/db/client";
import {
  deleteThrottle,
  forgiveAttempt,
  listActiveLocks,
  lockThrottles,
  updateThrottle,
} from "@/db/queries/sign-in-throttles";
import { getUserByEmail } from "@/db/queries/users";
import { appendAuditEvents, systemActor, type Actor } from "../audit/append";
import { AppError } from "../errors";

/** Attempts that cost nothing; after these, each try waits 1, 2, 4, 8 s, and then the key is locked. */
export const freeAttempts = 5;
export const lockAfterAttempts = 10;
export const lockMinutes = 15;
/** A key untouched this long starts again from zero. */
const forgetAfterMs = lockMinutes * 60_000;

export function throttleKeys(params: { email: string; address: string | null }): string[] {
  return [`account:${params.email.toLowerCase()}`, ...(params.address ? [`address:${params.address}`] : [])];
}

export type AttemptVerdict =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; reason: string };

/**
 * Counts a sign-in attempt before its password is checked, in one transaction over the account's
 * and the address's rows, so fifty parallel guesses are counted as fifty, not as one. The attempt
 * is refused (429 with Retry-After) while a key is locked or still inside its growing delay.
 */
export async function admitSignInAttempt(
  db: Db,
  params: { email: string; address: string | null; now?: Date },
): Promise<AttemptVerdict> {
  const now = params.now ?? new Date();
  const keys = throttleKeys(params);
  return db.transaction(async (tx) => {
    const rows = await lockThrottles(tx, keys);
    let waitSeconds = 0;
    for (const row of rows) {
      const fresh = now.getTime() - row.lastAttemptAt.getTime() > forgetAfterMs && !isLocked(row, now);
      const failures = fresh ? 0 : row.failures;
      if (isLocked(row, now)) waitSeconds = Math.max(waitSeconds, secondsUntil(row.lockedUntil, now));
      else if (failures >= freeAttempts) {
        const delay = 2 ** (failures - freeAttempts);
        const readyAt = new Date(row.lastAttemptAt.getTime() + delay * 1000);
        if (readyAt > now) waitSeconds = Math.max(waitSeconds, secondsUntil(readyAt, now));
      }
      row.failures = failures;
    }
    if (waitSeconds > 0)
      return {
        allowed: false as const,
        retryAfterSeconds: waitSeconds,
        reason:
          waitSeconds > 60
            ? `Too many failed sign-ins: locked for ${Math.ceil(waitSeconds / 60)} more minutes.`
            : `Too many failed sign-ins: wait ${waitSeconds} seconds before trying again.`,
      };
    for (const row of rows) {
      const failures = row.failures + 1;
      const lock = failures >= lockAfterAttempts ? new Date(now.getTime() + lockMinutes * 60_000) : null;
      await updateThrottle(tx, row.key, { failures, lastAttemptAt: now, lockedUntil: lock });
      if (lock) {
        const email = row.key.startsWith("account:") ? row.key.slice("account:".length) : null;
        const user = email ? await getUserByEmail(tx, email) : undefined;
        await appendAuditEvents(tx, [
          {
            actor: systemActor,
            action: "auth.locked_out",
            entityType: user ? "user" : "sign_in",
            entityId: user?.id ?? row.key,
            data: { key: row.key, failures, lockedUntil: lock.toISOString() },
          },
        ]);
      }
    }
    return { allowed: true as const };
  });
}

/** A sign-in that succeeded: the account starts from zero, the address gets its attempt back. */
export async function recordSignInSuccess(db: Db, params: { email: string; address: string | null }) {
  const [account, address] = throttleKeys(params);
  if (account) await deleteThrottle(db, account);
  if (address) await forgiveAttempt(db, address);
}

export async function listSignInLocks(db: Db) {
  return (await listActiveLocks(db)).map((row) => ({
    key: row.key,
    kind: row.key.startsWith("account:") ? ("account" as const) : ("address" as const),
    subject: row.key.slice(row.key.indexOf(":") + 1),
    failures: row.failures,
    lockedUntil: row.lockedUntil,
  }));
}

/** An admin lifts a lock; audited with whose it was. */
export async function liftSignInLock(
  db: Db,
  params: { key: string; actor: Extract<Actor, { type: "user" }> },
) {
  return db.transaction(async (tx) => {
    const removed = await deleteThrottle(tx, params.key);
    if (!removed) throw new AppError("NOT_FOUND", "That lock no longer exists (it may have expired).");
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "auth.lock_lifted",
        entityType: "sign_in",
        entityId: params.key,
        data: {
          key: params.key,
          failures: removed.failures,
          lockedUntil: removed.lockedUntil?.toISOString() ?? null,
        },
      },
    ]);
    return { key: params.key };
  });
}

function isLocked(row: { lockedUntil: Date | null }, now: Date): boolean {
  return row.lockedUntil !== null && row.lockedUntil > now;
}

function secondsUntil(date: Date | null, now: Date): number {
  return date ? Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 1000)) : 0;
}
