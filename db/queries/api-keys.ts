import { and, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { apiKeys, users } from "../schema";

export type ApiKey = typeof apiKeys.$inferSelect;

/** Every key, newest first, for the admin console: never the hash. */
export async function listApiKeys(db: DbOrTx) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      channels: apiKeys.channels,
      trustedSender: apiKeys.trustedSender,
      createdAt: apiKeys.createdAt,
      createdByName: users.name,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.createdBy))
    .orderBy(desc(apiKeys.createdAt), apiKeys.name);
}

export async function getApiKeyById(db: DbOrTx, id: string): Promise<ApiKey | undefined> {
  const [key] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return key;
}

/** Sets revoked_at only on a key that is still active; undefined when it is unknown or already revoked. */
export async function revokeActiveApiKey(db: DbOrTx, id: string): Promise<ApiKey | undefined> {
  const [key] = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return key;
}
