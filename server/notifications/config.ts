import { z } from "zod";

/**
 * How notices leave the outbox. Read from the validated env object (server/env.ts), never from
 * the process environment. With nothing configured (the embedded default), notices stay in the outbox and
 * the console shows them as kept.
 */
export const notificationConfigSchema = z.object({
  /** smtp://user:pass@host:port or smtps://… ; unset: email notices are kept in the outbox */
  SMTP_URL: z.string().url().optional(),
  NOTIFY_FROM: z.string().min(3).default("Changedesk <support@changedesk.local>"),
  /** chat notices are POSTed here as JSON with an Idempotency-Key header */
  NOTIFY_CHAT_WEBHOOK_URL: z.string().url().optional(),
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
});

export type NotificationConfig = z.infer<typeof notificationConfigSchema>;

export function readNotificationConfig(source: Record<string, unknown>): NotificationConfig {
  return notificationConfigSchema.parse({
    SMTP_URL: source.SMTP_URL,
    NOTIFY_FROM: source.NOTIFY_FROM,
    NOTIFY_CHAT_WEBHOOK_URL: source.NOTIFY_CHAT_WEBHOOK_URL,
    NOTIFY_TIMEOUT_MS: source.NOTIFY_TIMEOUT_MS,
  });
}
