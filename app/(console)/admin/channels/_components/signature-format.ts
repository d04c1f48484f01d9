/** The chat channel's signature header as a platform must send it (server/channels/chat-signature.ts). */
export const signatureHeaderFormat =
  'x-changedesk-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">';
