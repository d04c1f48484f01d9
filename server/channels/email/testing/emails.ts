import { randomUUID } from "node:crypto";

export type TestAttachment = { filename: string; contentType: string; content: Buffer };

/**
 * A multipart email with attachments, built by hand so a test controls every byte: each
 * attachment's name travels RFC 2231-encoded (`filename*=UTF-8''…`), so any name, quotes, CR LF
 * and path separators included, reaches the parser as written.
 */
export function emailWithAttachments(params: {
  from: string;
  subject: string;
  text: string;
  attachments: TestAttachment[];
  headers?: Record<string, string>;
}): Buffer {
  const boundary = `b-${randomUUID()}`;
  const address = /<([^>]+)>/.exec(params.from)?.[1] ?? params.from;
  const domain = address.split("@")[1] ?? "example.com";
  const headers = {
    From: params.from,
    To: "Support <support@changedesk.test>",
    Subject: params.subject,
    "Message-ID": `<${randomUUID()}@${domain}>`,
    Date: "Tue, 01 Dec 2026 09:30:00 +0000",
    ...params.headers,
  };
  const parts = [
    ["Content-Type: text/plain; charset=utf-8", "", params.text].join("\r\n"),
    ...params.attachments.map((attachment) =>
      [
        `Content-Type: ${attachment.contentType}`,
        `Content-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
        "Content-Transfer-Encoding: base64",
        "",
        (attachment.content.toString("base64").match(/.{1,76}/g) ?? []).join("\r\n"),
      ].join("\r\n"),
    ),
  ];
  return Buffer.from(
    [
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      "MIME-Version: 1.0",
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      ...parts.map((part) => `--${boundary}\r\n${part}`),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

/** A plain-text email with exactly these headers, as a mail server would hand it on. */
export function plainEmail(headers: Record<string, string>, text: string): string {
  return [
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    text,
    "",
  ].join("\r\n");
}

/** The request a relay sends to `POST /api/channels/email` with its key. */
export function emailChannelRequest(body: Buffer | string, options: { key: string; type?: string }): Request {
  return new Request("http://localhost/api/channels/email", {
    method: "POST",
    headers: { "content-type": options.type ?? "message/rfc822", authorization: `Bearer ${options.key}` },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
}
