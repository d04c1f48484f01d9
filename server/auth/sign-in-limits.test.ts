import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/db/factories";
import { auditEvents } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";
import {
  admitSignInAttempt,
  freeAttempts,
  liftSignInLock,
  listSignInLocks,
  lockAfterAttempts,
  recordSignInSuccess,
} from "./sign-in-limits";

const { db, close } = createTestDb();
beforeEach(() => resetDatabase(db));
afterAll(() => close());

// whole seconds from now: a lock is listed against the database clock, so the test clock must not lie behind it
const t0 = new Date(Math.floor(Date.now() / 1000) * 1000);
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("sign-in limits", () => {
  it("lets five attempts through, then makes each wait longer, then locks for 15 minutes", async () => {
    const who = { email: "rita@changedesk.test", address: "203.0.113.7" };
    for (let i = 0; i < freeAttempts; i++)
      expect(await admitSignInAttempt(db, { ...who, now: at(0) })).toEqual({ allowed: true });
    // the sixth must wait a second after the fifth
    expect(await admitSignInAttempt(db, { ...who, now: at(0) })).toMatchObject({
      allowed: false,
      retryAfterSeconds: 1,
    });
    let clock = 0;
    for (let attempt = freeAttempts; attempt < lockAfterAttempts; attempt++) {
      clock += 2 ** (attempt - freeAttempts);
      expect(await admitSignInAttempt(db, { ...who, now: at(clock) })).toEqual({ allowed: true });
    }
    // the tenth counted attempt locked the account and the address for 15 minutes
    const locked = await admitSignInAttempt(db, { ...who, now: at(clock + 60) });
    expect(locked).toMatchObject({ allowed: false });
    expect(locked.allowed === false && locked.retryAfterSeconds).toBeGreaterThan(13 * 60);
    // a different address is still refused for this account, and the address for other accounts
    expect(
      (await admitSignInAttempt(db, { email: who.email, address: "198.51.100.1", now: at(clock + 61) }))
        .allowed,
    ).toBe(false);
    expect(
      (
        await admitSignInAttempt(db, {
          email: "lee@changedesk.test",
          address: who.address,
          now: at(clock + 61),
        })
      ).allowed,
    ).toBe(false);
    expect((await admitSignInAttempt(db, { ...who, now: at(clock + 15 * 60 + 1) })).allowed).toBe(true);
  });

  it("counts fifty parallel attempts as fifty", async () => {
    const verdicts = await Promise.all(
      Array.from({ length: 50 }, () =>
        admitSignInAttempt(db, { email: "parallel@changedesk.test", address: "203.0.113.9", now: t0 }),
      ),
    );
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(freeAttempts);
  });

  it("starts an account from zero after a success, and audits a lock an admin can see and lift", async () => {
    const user = await createTestUser(db, "reviewer");
    const admin = await createTestUser(db, "admin");
    const who = { email: user.email, address: null };
    for (let i = 0; i < 3; i++) await admitSignInAttempt(db, { ...who, now: t0 });
    await recordSignInSuccess(db, who);
    for (let i = 0; i < freeAttempts; i++)
      expect((await admitSignInAttempt(db, { ...who, now: t0 })).allowed).toBe(true);

    let clock = 0;
    for (let attempt = freeAttempts; attempt < lockAfterAttempts; attempt++) {
      clock += 2 ** (attempt - freeAttempts);
      await admitSignInAttempt(db, { ...who, now: at(clock) });
    }
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.action, "auth.locked_out"));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entityType: "user", entityId: user.id });
    const locks = await listSignInLocks(db);
    expect(locks).toMatchObject([{ kind: "account", subject: user.email }]);
    await liftSignInLock(db, {
      key: `account:${user.email}`,
      actor: { type: "user", id: admin.id, label: "admin" },
    });
    expect(await listSignInLocks(db)).toEqual([]);
    expect((await admitSignInAttempt(db, who)).allowed).toBe(true);
    expect(
      await db.select().from(auditEvents).where(eq(auditEvents.action, "auth.lock_lifted")),
    ).toHaveLength(1);
  });
});

describe("password hashing", () => {
  it("checks an unknown account against a hash with the real parameters", async () => {
    const real = await hashPassword("a real password");
    const dummy = await dummyPasswordHash();
    expect(dummy.split("$").slice(0, 4)).toEqual(real.split("$").slice(0, 4));
    expect(await verifyPassword("a real password", dummy)).toBe(false);
    expect(await verifyPassword("a real password", real)).toBe(true);
  });
});
