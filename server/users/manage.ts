import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/db/client";
import { getUserById, updateUser } from "@/db/queries/users";
import { apiKeys } from "@/db/schema";
import { appendAuditEvents, type Actor } from "../audit/append";
import { roles } from "../auth/permissions";
import { AppError } from "../errors";

export const setRoleInput = z.object({ userId: z.string().uuid(), role: z.enum(roles) });
export const setDisabledInput = z.object({ userId: z.string().uuid(), disabled: z.boolean() });
export const createApiKeyInput = z.object({ name: z.string().trim().min(2).max(100) });

export async function setUserRole(db: Db, params: z.infer<typeof setRoleInput> & { actor: Extract<Actor, { type: "user" }> }) {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, params.userId);
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist");
    if (user.id === params.actor.id && params.role !== "admin") {
      throw new AppError("BAD_REQUEST", "You cannot remove your own admin role; ask another admin.");
    }
    const updated = await updateUser(tx, user.id, { role: params.role });
    await appendAuditEvents(tx, [
      { actor: params.actor, action: "user.role_changed", entityType: "user", entityId: user.id, data: { from: user.role, to: params.role, email: user.email } },
    ]);
    return updated;
  });
}

export async function setUserDisabled(db: Db, params: z.infer<typeof setDisabledInput> & { actor: Extract<Actor, { type: "user" }> }) {
  return db.transaction(async (tx) => {
    const user = await getUserById(tx, params.userId);
    if (!user) throw new AppError("NOT_FOUND", "This user does not exist");
    if (user.id === params.actor.id) throw new AppError("BAD_REQUEST", "You cannot disable yourself.");
    const updated = await updateUser(tx, user.id, { disabledAt: params.disabled ? new Date() : null });
    await appendAuditEvents(tx, [
      { actor: params.actor, action: params.disabled ? "user.disabled" : "user.enabled", entityType: "user", entityId: user.id, data: { email: user.email } },
    ]);
    return updated;
  });
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Creates an API key; the secret is returned once and only its hash is stored. */
export async function createApiKey(db: Db, params: z.infer<typeof createApiKeyInput> & { actor: Extract<Actor, { type: "user" }> | null }) {
  const prefix = randomBytes(6).toString("hex");
  const secret = `cdk_${prefix}_${randomBytes(24).toString("base64url")}`;
  return db.transaction(async (tx) => {
    const [key] = await tx
      .insert(apiKeys)
      .values({ name: params.name, prefix, keyHash: hashApiKey(secret), createdBy: params.actor?.id ?? null })
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt });
    if (!key) throw new Error("insert into api_keys returned nothing");
    await appendAuditEvents(tx, [
      {
        actor: params.actor ?? { type: "system", id: null, label: "setup" },
        action: "api_key.created",
        entityType: "api_key",
        entityId: key.id,
        data: { name: key.name, prefix },
      },
    ]);
    return { ...key, secret };
  });
}
