import { createHash, randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Db } from "@/db/client";
import { getApiKeyById, revokeActiveApiKey } from "@/db/queries/api-keys";
import {
  bumpSessionVersion,
  getUserById,
  insertUserIfEmailFree,
  updateUser,
  type User,
} from "@/db/queries/users";
import { apiKeys } from "@/db/schema";
import { appendAuditEvents, type Actor } from "../audit/append";
import { hashPassword, verifyPassword } from "../auth/password";
import { AppError } from "../errors";
import type {
  changePasswordInput,
  forceResetInput,
  createApiKeyInput,
  createUserInput,
  revokeApiKeyInput,
  setDisabledInput,
  setRoleInput,
} from "@/contracts/user-inputs";

type UserActor = Extract<Actor, { type: "user" }>;

/** What the console may see of a user: everything but the password hash. */
export function withoutPasswordHash({ passwordHash: _passwordHash, ...user }: User) {
  return user;
}

export async function createUser(db: Db, params: z.infer<typeof createUserInput> & { actor: UserActor }) {
  // scrypt is deliberately slow: hash before the transaction so no locks are held meanwhile
  const passwordHash = await hashPassword(params.password);
  return db.transaction(async (tx) => {
    const user = await insertUserIfEmailFree(tx, {
      name: params.name,
      email: params.email,
      role: params.role,
      passwordHash,
    });
    if (!user) throw new AppError("CONFLICT", "A user with this email already exists.");
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, name: user.name, role: user.role },
      },
    ]);
    return withoutPasswordHash(user);
  });
}

export async function setUserRole(db: Db, params: z.infer<typeof setRoleInput> & { actor: UserActor }) {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, params.userId);
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist");
    if (user.id === params.actor.id && params.role !== "admin") {
      throw new AppError("BAD_REQUEST", "You cannot remove your own admin role; ask another admin.");
    }
    const updated = await updateUser(tx, user.id, { role: params.role });
    // a new role starts a new session: the old one ends on its next request
    if (user.role !== params.role && user.id !== params.actor.id) await bumpSessionVersion(tx, user.id);
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "user.role_changed",
        entityType: "user",
        entityId: user.id,
        data: { from: user.role, to: params.role, email: user.email },
      },
    ]);
    return updated && withoutPasswordHash(updated);
  });
}

export async function setUserDisabled(
  db: Db,
  params: z.infer<typeof setDisabledInput> & { actor: UserActor },
) {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, params.userId);
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist");
    if (user.id === params.actor.id) throw new AppError("BAD_REQUEST", "You cannot disable yourself.");
    const updated = await updateUser(tx, user.id, { disabledAt: params.disabled ? new Date() : null });
    if (params.disabled) await bumpSessionVersion(tx, user.id);
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: params.disabled ? "user.disabled" : "user.enabled",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email },
      },
    ]);
    return updated && withoutPasswordHash(updated);
  });
}

/**
 * A person changes their own password, proving the current one. Every other session of theirs
 * ends; the caller signs in again with the new password.
 */
export async function changeOwnPassword(
  db: Db,
  params: z.infer<typeof changePasswordInput> & { actor: UserActor },
) {
  const user = await getUserById(db, params.actor.id);
  if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  if (!(await verifyPassword(params.currentPassword, user.passwordHash)))
    throw new AppError("BAD_REQUEST", "The current password is not right.");
  if (params.currentPassword === params.newPassword)
    throw new AppError("BAD_REQUEST", "Choose a password different from the current one.");
  const passwordHash = await hashPassword(params.newPassword);
  return db.transaction(async (tx) => {
    await updateUser(tx, user.id, { passwordHash, mustChangePassword: false });
    await bumpSessionVersion(tx, user.id);
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "user.password_changed",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, forced: user.mustChangePassword },
      },
    ]);
    return { changed: true as const };
  });
}

/** An admin forces a reset: the user's sessions end, and their next sign-in must choose a new password. */
export async function forcePasswordReset(
  db: Db,
  params: z.infer<typeof forceResetInput> & { actor: UserActor },
) {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, params.userId);
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist");
    await updateUser(tx, user.id, { mustChangePassword: true });
    await bumpSessionVersion(tx, user.id);
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "user.password_reset_forced",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email },
      },
    ]);
    return { userId: user.id, mustChangePassword: true as const };
  });
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Creates an API key; the secret is returned once and only its hash is stored. */
export async function createApiKey(
  db: Db,
  params: z.infer<typeof createApiKeyInput> & { actor: UserActor | null },
) {
  const prefix = randomBytes(6).toString("hex");
  const secret = `cdk_${prefix}_${randomBytes(24).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({
        name: params.name,
        prefix,
        keyHash: hashApiKey(secret),
        channels: params.channels,
        trustedSender: params.trustedSender,
        createdBy: params.actor?.id ?? null,
      })
      .returning({
        id: apiKeys.id,
        name: apiKeys.name,
        prefix: apiKeys.prefix,
        channels: apiKeys.channels,
        trustedSender: apiKeys.trustedSender,
        createdAt: apiKeys.createdAt,
      });
    if (!key) throw new Error("insert into api_keys returned nothing");
    await appendAuditEvents(tx, [
      {
        actor: params.actor ?? { type: "system", id: null, label: "setup" },
        action: "api_key.created",
        entityType: "api_key",
        entityId: key.id,
        data: { name: key.name, prefix, channels: key.channels, trustedSender: key.trustedSender },
      },
    ]);
    return { ...key, secret };
  });
}

/**
 * Revokes an API key: from then on it no longer authenticates (server/channels/api-key.ts).
 * Revoking a key that is already revoked changes nothing and is not audited again, so a
 * double click or a retried request is harmless.
 */
export async function revokeApiKey(db: Db, params: z.infer<typeof revokeApiKeyInput> & { actor: UserActor }) {
  return db.transaction(async (tx) => {
    const revoked = await revokeActiveApiKey(tx, params.apiKeyId);
    if (!revoked) {
      const existing = await getApiKeyById(tx, params.apiKeyId);
      if (!existing) throw new AppError("NOT_FOUND", "This API key does not exist.");
      return { id: existing.id, revokedAt: existing.revokedAt };
    }
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "api_key.revoked",
        entityType: "api_key",
        entityId: revoked.id,
        data: { name: revoked.name, prefix: revoked.prefix },
      },
    ]);
    return { id: revoked.id, revokedAt: revoked.revokedAt };
  });
}
