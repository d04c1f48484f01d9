import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import type { Actor } from "../audit/append";
import { hashApiKey } from "../users/manage";

/**
 * Checks an API key (`cdk_<prefix>_<secret>`) against its stored SHA-256 hash.
 * Returns the actor to record, or null for a missing, unknown or revoked key.
 */
export async function authenticateApiKey(
  db: Db,
  presented: string | null,
): Promise<Extract<Actor, { type: "api_key" }> | null> {
  const match = presented ? /^cdk_([0-9a-f]{12})_[A-Za-z0-9_-]+$/.exec(presented.trim()) : null;
  if (!match?.[1] || !presented) return null;
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.prefix, match[1]), isNull(apiKeys.revokedAt)));
  if (!key) return null;
  const expected = Buffer.from(key.keyHash, "hex");
  const actual = Buffer.from(hashApiKey(presented.trim()), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  await db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, key.id));
  return { type: "api_key", id: key.id, label: `API key ${key.name}` };
}

export function presentedApiKey(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return headers.get("x-api-key");
}
