import { createHmac, timingSafeEqual } from "node:crypto";

/** How far a signature's `t` may be from our clock, either way. */
export const signatureWindowSeconds = 5 * 60;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as the chat channel expects it. */
export function signChatBody(secret: string, rawBody: string | Buffer, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.`).update(rawBody).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Verifies the signature header over the raw body bytes: constant-time comparison of every `v1`
 * given (a platform rotating its secret sends two), and `t` within the window.
 */
export function verifyChatSignature(params: {
  secret: string;
  header: string | null;
  rawBody: Buffer;
  nowSeconds?: number;
}): SignatureCheck {
  if (!params.header) return { ok: false, reason: "the x-changedesk-signature header is missing" };
  const parts = params.header.split(",").map((part) => part.trim().split("="));
  const t = parts.find(([key]) => key === "t")?.[1];
  const signatures = parts.filter(([key]) => key === "v1").map(([, value]) => value ?? "");
  if (!t || !/^\d{1,12}$/.test(t) || signatures.length === 0)
    return { ok: false, reason: "the signature header must read t=<unix seconds>,v1=<hex>" };
  const now = params.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(t)) > signatureWindowSeconds)
    return {
      ok: false,
      reason: `the signature's timestamp is more than ${signatureWindowSeconds / 60} minutes from now`,
    };
  const expected = createHmac("sha256", params.secret).update(`${t}.`).update(params.rawBody).digest();
  const matches = signatures.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, "hex"), expected);
  });
  return matches ? { ok: true } : { ok: false, reason: "the signature does not match the body" };
}
