import { randomUUID } from "node:crypto";

/** The receiving server the tests' email channel settings trust (channel_settings.email). */
export const trustedAuthservId = "mx.changedesk.test";

/**
 * A small RFC 5322 email. `authenticated` adds an Authentication-Results header from the trusted
 * receiving server with an aligned DKIM pass; every email gets its own Message-ID.
 */
export function testEmail(params: {
  from: string;
  subject: string;
  text: string;
  authenticated?: boolean;
  messageId?: string;
}): string {
  const address = /<([^>]+)>/.exec(params.from)?.[1] ?? params.from;
  const domain = address.split("@")[1] ?? "example.com";
  const headers = [
    ...(params.authenticated
      ? [
          `Authentication-Results: ${trustedAuthservId}; dkim=pass header.d=${domain}; spf=pass smtp.mailfrom=${address}`,
        ]
      : []),
    `From: ${params.from}`,
    "To: Support <support@changedesk.test>",
    `Subject: ${params.subject}`,
    `Message-ID: <${params.messageId ?? `${randomUUID()}@${domain}`}>`,
    "Date: Tue, 01 Dec 2026 09:30:00 +0000",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${params.text.replace(/\n/g, "\r\n")}\r\n`;
}
