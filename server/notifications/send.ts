import nodemailer, { type Transporter } from "nodemailer";
import { RetryableDeliveryError } from "../connectors/rest";
import type { NotificationConfig } from "./config";
import type { NoticeThread } from "./threading";

export type NoticePayload = { subject: string; body: string; language?: string };
export type SendResult =
  | { status: "sent"; via: "email" | "webhook"; providerId: string | null }
  | { status: "kept"; reason: string };

export type NoticeSender = {
  send(item: {
    idempotencyKey: string;
    channel: string | null;
    recipient: string | null;
    payload: NoticePayload;
    /** the notice's Message-ID and the customer message it replies to (email only) */
    thread: NoticeThread;
  }): Promise<SendResult>;
  close(): void;
};

/**
 * Sends a notice through the channel the message came from: chat → webhook, anything with an
 * email address → SMTP. SMTP has no idempotency key, so the Message-ID is the one the outbox row
 * was given from its key: a resend after a crash carries the same Message-ID, which mail systems
 * dedupe. An email notice is a reply: `In-Reply-To` and `References` put it in the customer's
 * thread, and a reply to it comes back to that thread.
 */
export function createNoticeSender(config: NotificationConfig): NoticeSender {
  let transporter: Transporter | undefined;
  const mail = () =>
    (transporter ??= nodemailer.createTransport(config.SMTP_URL ?? "", {
      connectionTimeout: config.NOTIFY_TIMEOUT_MS,
      greetingTimeout: config.NOTIFY_TIMEOUT_MS,
      socketTimeout: config.NOTIFY_TIMEOUT_MS,
    }));

  return {
    async send(item) {
      if (item.channel === "chat") {
        if (!config.NOTIFY_CHAT_WEBHOOK_URL)
          return {
            status: "kept",
            reason: "No chat webhook is configured; the notice is kept in the outbox.",
          };
        let response: Response;
        try {
          response = await fetch(config.NOTIFY_CHAT_WEBHOOK_URL, {
            method: "POST",
            headers: { "content-type": "application/json", "idempotency-key": item.idempotencyKey },
            body: JSON.stringify({
              recipient: item.recipient,
              subject: item.payload.subject,
              text: item.payload.body,
              idempotencyKey: item.idempotencyKey,
            }),
            signal: AbortSignal.timeout(config.NOTIFY_TIMEOUT_MS),
          });
        } catch (error) {
          throw new RetryableDeliveryError(
            `chat webhook unreachable: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        if (!response.ok) throw new RetryableDeliveryError(`chat webhook answered ${response.status}`);
        await response.body?.cancel();
        return { status: "sent", via: "webhook", providerId: null };
      }
      if (!item.recipient?.includes("@"))
        return {
          status: "kept",
          reason: `No way to reach "${item.recipient ?? "nobody"}" on ${item.channel ?? "an unknown channel"}.`,
        };
      if (!config.SMTP_URL)
        return { status: "kept", reason: "No SMTP server is configured; the notice is kept in the outbox." };
      try {
        const info = (await mail().sendMail({
          from: config.NOTIFY_FROM,
          to: item.recipient,
          subject: item.payload.subject,
          text: item.payload.body,
          messageId: `<${item.thread.messageId}>`,
          ...(item.thread.inReplyTo ? { inReplyTo: `<${item.thread.inReplyTo}>` } : {}),
          ...(item.thread.references?.length
            ? { references: item.thread.references.map((id) => `<${id}>`) }
            : {}),
          headers: { "X-Changedesk-Key": item.idempotencyKey },
        })) as { messageId?: string };
        return { status: "sent", via: "email", providerId: info.messageId ?? null };
      } catch (error) {
        throw new RetryableDeliveryError(`SMTP: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
    },
    close() {
      transporter?.close();
    },
  };
}
