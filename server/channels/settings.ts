import type { z } from "zod";
import type { Db, DbOrTx } from "@/db/client";
import {
  getChannelSettings,
  getChannelSettingsForUpdate,
  upsertChannelSettings,
  type ChannelSettings,
} from "@/db/queries/channels";
import { getUserById } from "@/db/queries/users";
import type { setChatSecretInput, setTrustedAuthservIdsInput } from "@/contracts/channel-inputs";
import { appendAuditEvents, type Actor } from "../audit/append";

type UserActor = Extract<Actor, { type: "user" }>;

/** Who changed a channel's settings last, and when: a person, or the setup that seeded them. */
type Changed = { changedAt: Date | null; changedBy: string | null };

/**
 * What the console may see of the channels' settings. The chat secret is write-only: the view
 * says whether one is set and when it changed, never the secret.
 */
export type ChannelSettingsView = {
  chat: { secretSet: boolean } & Changed;
  email: { trustedAuthservIds: string[] } & Changed;
};

/** The receiving mail servers whose Authentication-Results are believed (server/channels/email). */
export function trustedAuthservIdsOf(row: ChannelSettings | undefined): string[] {
  const ids = row?.settings.trustedAuthservIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}

async function changedOf(db: DbOrTx, row: ChannelSettings | undefined): Promise<Changed> {
  if (!row) return { changedAt: null, changedBy: null };
  const user = row.updatedBy ? await getUserById(db, row.updatedBy) : undefined;
  return { changedAt: row.updatedAt, changedBy: user?.name ?? "setup" };
}

export async function getChannelSettingsView(db: DbOrTx): Promise<ChannelSettingsView> {
  const [chat, email] = await Promise.all([getChannelSettings(db, "chat"), getChannelSettings(db, "email")]);
  return {
    chat: { secretSet: Boolean(chat?.secret), ...(await changedOf(db, chat)) },
    email: { trustedAuthservIds: trustedAuthservIdsOf(email), ...(await changedOf(db, email)) },
  };
}

/**
 * Sets or rotates the chat channel's signing secret; the old one stops verifying at once. The
 * audit entry says that the secret changed and when the previous one was set, never either secret.
 */
export async function setChatSecret(
  db: Db,
  params: z.infer<typeof setChatSecretInput> & { actor: UserActor },
): Promise<ChannelSettingsView> {
  await db.transaction(async (tx) => {
    const stored = await getChannelSettingsForUpdate(tx, "chat");
    await upsertChannelSettings(tx, {
      channel: "chat",
      settings: stored?.settings ?? {},
      secret: params.secret,
      updatedBy: params.actor.id,
    });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: stored?.secret ? "channel.chat_secret_rotated" : "channel.chat_secret_set",
        entityType: "channel",
        entityId: "chat",
        data: {
          channel: "chat",
          from: stored?.secret ? `a secret set ${stored.updatedAt.toISOString()}` : "no secret",
          to: "a new secret",
        },
      },
    ]);
  });
  return getChannelSettingsView(db);
}

/**
 * The receiving mail servers whose `Authentication-Results` the email channel believes
 * (server/channels/email/authentication-results.ts). Saving the same list changes nothing and is
 * not audited again.
 */
export async function setTrustedAuthservIds(
  db: Db,
  params: z.infer<typeof setTrustedAuthservIdsInput> & { actor: UserActor },
): Promise<ChannelSettingsView> {
  await db.transaction(async (tx) => {
    const stored = await getChannelSettingsForUpdate(tx, "email");
    const from = trustedAuthservIdsOf(stored);
    const to = params.authservIds;
    if (from.length === to.length && from.every((id, index) => id === to[index])) return;
    await upsertChannelSettings(tx, {
      channel: "email",
      settings: { ...stored?.settings, trustedAuthservIds: to },
      updatedBy: params.actor.id,
    });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "channel.email_servers_changed",
        entityType: "channel",
        entityId: "email",
        data: {
          channel: "email",
          from,
          to,
          added: to.filter((id) => !from.includes(id)),
          removed: from.filter((id) => !to.includes(id)),
        },
      },
    ]);
  });
  return getChannelSettingsView(db);
}
