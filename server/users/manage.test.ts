import { eq } from "drizzle-orm";
import { signedInAs } from "@/testing/callers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/db/factories";
import { getUserByEmail } from "@/db/queries/users";
import { auditEvents, users } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { verifyPassword } from "../auth/password";
import { loadSessionUser } from "../auth/session";
import { authenticateApiKey } from "../channels/api-key";

const { db, close } = createTestDb();
beforeEach(() => resetDatabase(db));
afterAll(() => close());

async function auditOf(action: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.action, action));
}

const newUser = {
  name: "Nora New",
  email: "Nora.New@Example.com",
  role: "reviewer" as const,
  password: "a long enough password",
};

describe("user management", () => {
  it("creates a user who can sign in, audits it without the password, and refuses a second with that email", async () => {
    const { caller, session } = await signedInAs(db, "admin");
    const created = await caller.user.create(newUser);
    expect(created).toMatchObject({
      email: "nora.new@example.com",
      name: "Nora New",
      role: "reviewer",
      disabledAt: null,
    });
    expect(created).not.toHaveProperty("passwordHash");

    const stored = await getUserByEmail(db, "nora.new@example.com");
    expect(await verifyPassword(newUser.password, stored?.passwordHash ?? "")).toBe(true);

    const [audit] = await auditOf("user.created");
    expect(audit).toMatchObject({ actorId: session.id, entityType: "user", entityId: created.id });
    expect(audit?.data).toEqual({ email: "nora.new@example.com", name: "Nora New", role: "reviewer" });
    expect(JSON.stringify(audit)).not.toContain(newUser.password);

    await expect(caller.user.create({ ...newUser, email: " NORA.NEW@example.com " })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "A user with this email already exists.",
    });
    expect(await db.select().from(users).where(eq(users.email, "nora.new@example.com"))).toHaveLength(1);
    expect(await auditOf("user.created")).toHaveLength(1);
  });

  it("refuses a short password or a malformed email with a message naming the field", async () => {
    const { caller } = await signedInAs(db, "admin");
    await expect(caller.user.create({ ...newUser, password: "too short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("password"),
    });
    await expect(caller.user.create({ ...newUser, email: "not-an-email" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("email"),
    });
    expect(await getUserByEmail(db, newUser.email)).toBeUndefined();
  });

  it("refuses every management procedure to a lead and writes nothing", async () => {
    const { caller } = await signedInAs(db, "lead");
    await expect(caller.user.create(newUser)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(caller.user.listApiKeys()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getUserByEmail(db, newUser.email)).toBeUndefined();
    expect(await auditOf("user.created")).toHaveLength(0);
  });

  it("signs a disabled user out on their next request, and never lets an admin lock themselves out", async () => {
    const { caller, session } = await signedInAs(db, "admin");
    const target = await createTestUser(db, "reviewer");

    await caller.user.setDisabled({ userId: target.id, disabled: true });
    expect(await loadSessionUser(db, target.id, 1)).toBeNull();
    await caller.user.setDisabled({ userId: target.id, disabled: false });
    // re-enabling does not bring the old session back: they sign in again
    expect(await loadSessionUser(db, target.id, 1)).toBeNull();
    const again = await getUserByEmail(db, target.email);
    expect(await loadSessionUser(db, target.id, again?.sessionVersion ?? 0)).toMatchObject({ id: target.id });
    expect((await auditOf("user.disabled")).map((e) => e.entityId)).toEqual([target.id]);

    await expect(caller.user.setDisabled({ userId: session.id, disabled: true })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.user.setRole({ userId: session.id, role: "lead" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await loadSessionUser(db, session.id, 1)).toMatchObject({ role: "admin" });
  });
});

describe("API keys", () => {
  it("lists keys with their creator, and a revoked key no longer authenticates", async () => {
    const { caller, session } = await signedInAs(db, "admin");
    const key = await caller.user.createApiKey({ name: "CRM sync" });
    expect(await authenticateApiKey(db, key.secret)).toMatchObject({
      actor: { type: "api_key", id: key.id },
    });

    const [listed] = await caller.user.listApiKeys();
    expect(listed).toMatchObject({
      id: key.id,
      name: "CRM sync",
      prefix: key.prefix,
      createdByName: session.name,
      revokedAt: null,
    });
    expect(listed?.lastUsedAt).toBeInstanceOf(Date);
    expect(listed).not.toHaveProperty("keyHash");

    const revoked = await caller.user.revokeApiKey({ apiKeyId: key.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await authenticateApiKey(db, key.secret)).toBeNull();
    expect((await caller.user.listApiKeys())[0]?.revokedAt).toEqual(revoked.revokedAt);
    const [audit] = await auditOf("api_key.revoked");
    expect(audit).toMatchObject({
      actorId: session.id,
      entityType: "api_key",
      entityId: key.id,
      data: { name: "CRM sync", prefix: key.prefix },
    });
  });

  it("treats revoking twice as a no-op and an unknown key as not found", async () => {
    const { caller } = await signedInAs(db, "admin");
    const key = await caller.user.createApiKey({ name: "Old importer" });
    const first = await caller.user.revokeApiKey({ apiKeyId: key.id });
    const second = await caller.user.revokeApiKey({ apiKeyId: key.id });
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect(await auditOf("api_key.revoked")).toHaveLength(1);
    await expect(
      caller.user.revokeApiKey({ apiKeyId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
