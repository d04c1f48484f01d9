import { timingSafeEqual } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiKeys } from "@/db/schema";
import type { KeyChannel } from "@/contracts/message-input";
import type { Actor } from "../audit/append";
import { hashApiKey } from "../users/manage";
import type { Rejection } from "./inbound-body";

export type ChannelKey = {
  actor: Extract<Actor, { type: "api_key" }>;
  /** an admin trusts this key's system to have verified the senders it names */
  trustedSender: boolean;
  name: string;
};

/**
 * Checks an API key (`cdk_<prefix>_<secret>`) against its stored SHA-256 hash.
 * Returns the actor to record, or null for a missing, unknown or revoked key.
 */
export async function authenticateApiKey(
  db: Db,
  presented: string | null,
): Promise<(ChannelKey & { channels: string[] }) | null> {
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
  return {
    actor: { type: "api_key", id: key.id, label: `API key ${key.name}` },
    trustedSender: key.trustedSender,
    channels: key.channels,
    name: key.name,
  };
}

export function presentedApiKey(headers: Headers): string | null {
  const authorization = headers.get("authorization");
  if (authorization?.toLowerCase().startsWith("bearer ")) return authorization.slice(7).trim();
  return headers.get("x-api-key");
}

/** The key of a request to a channel: 401 without a valid key, 403 for a key not scoped to it. */
export async function authenticateChannelKey(
  db: Db,
  headers: Headers,
  channel: KeyChannel,
): Promise<{ ok: true; key: ChannelKey } | { ok: false; rejection: Rejection }> {
  const key = await authenticateApiKey(db, presentedApiKey(headers));
  if (!key)
    return {
      ok: false,
      rejection: {
        status: 401,
        error: "unauthorized",
        message: "Send a valid API key as `Authorization: Bearer <key>`.",
      },
    };
  if (!key.channels.includes(channel))
    return {
      ok: false,
      rejection: {
        status: 403,
        error: "channel_not_allowed",
        message: `The key "${key.name}" may not post to the ${channel} channel (it may post to: ${key.channels.join(", ")}).`,
      },
    };
  return { ok: true, key };
}

/** How a sender named by a key's system counts: verified only when an admin trusts that key. */
export function keySenderVerification(key: ChannelKey) {
  return key.trustedSender
    ? {
        senderVerification: "trusted_api_key" as const,
        senderVerificationReason: `asserted by API key "${key.name}", trusted to assert senders`,
      }
    : {
        senderVerification: "unverified" as const,
        senderVerificationReason: `named by API key "${key.name}", which is not trusted to assert senders`,
      };
}
