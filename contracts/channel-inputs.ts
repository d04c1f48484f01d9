import { z } from "zod";

// Plain zod and no server imports: the admin console validates its channel forms with these same schemas.

export const minimumChatSecretLength = 24;

/** The chat channel's HMAC signing secret. Write-only: it is stored, never sent back. */
export const setChatSecretInput = z.object({
  secret: z
    .string()
    .trim()
    .min(minimumChatSecretLength, `Use at least ${minimumChatSecretLength} characters (Generate makes one)`)
    .max(256, "Use at most 256 characters")
    .regex(/^[\x21-\x7e]+$/, "Use printable ASCII without spaces, so it pastes the same everywhere"),
});

/**
 * An authserv-id: the name a receiving mail server writes first in its `Authentication-Results`
 * header, usually its hostname (`mx.example.com`). Compared lower-cased.
 */
export const authservIdInput = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter the server's name")
  .max(253, "Use at most 253 characters")
  .regex(
    /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/,
    "Use the name the server writes in Authentication-Results, e.g. mx.example.com",
  );

export const maximumTrustedAuthservIds = 20;

export const setTrustedAuthservIdsInput = z.object({
  authservIds: z
    .array(authservIdInput)
    .max(maximumTrustedAuthservIds, `Trust at most ${maximumTrustedAuthservIds} servers`)
    .transform((ids) => [...new Set(ids)]),
});
