import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestUser } from "@/db/factories";
import {
  insertMessageAttachments,
  listAttachmentsOfMessage,
  upsertChannelSettings,
} from "@/db/queries/channels";
import { insertMessageIfNew } from "@/db/queries/messages";
import { updateUser } from "@/db/queries/users";
import { callerFor, sessionOf, signedInAs } from "@/testing/callers";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { SessionUser } from "../auth/session";
import { getBoss } from "../boss";
import { emailWithAttachments } from "../channels/email/testing/emails";
import { uploadEmail } from "../channels/email/upload-email";
import { ensureDefaultPolicy } from "../policy/default-policy";
import {
  attachmentDisposition,
  downloadAttachment,
  downloadContentType,
  downloadMessageSource,
  safeFilename,
  sourceShownBytes,
} from "./downloads";

const { db, close } = createTestDb({ max: 10 });

afterAll(() => close());

/** The name a browser saves under: RFC 5987's `filename*`, decoded. */
function savedName(disposition: string): string {
  const encoded = /filename\*=UTF-8''([^;\s]+)/.exec(disposition)?.[1];
  if (!encoded) throw new Error(`no filename* in ${disposition}`);
  return decodeURIComponent(encoded);
}

/** The ASCII `filename="…"`: must be one quoted string with nothing that ends it early. */
function asciiName(disposition: string): string {
  const match = /^attachment; filename="([^"]*)"; filename\*=/.exec(disposition);
  if (!match?.[1]) throw new Error(`no plain filename in ${disposition}`);
  return match[1];
}

describe("a sender's filename, as a download", () => {
  const hostile: [string, string][] = [
    ['invoice".html', 'invoice".html'],
    ["report\r\nSet-Cookie: session=stolen.txt", "reportSet-Cookie: session=stolen.txt"],
    ["../../../etc/passwd", "passwd"],
    ["..\\..\\Windows\\System32\\evil.dll", "evil.dll"],
    ["C:\\Users\\ana\\lease.pdf", "lease.pdf"],
    [".bashrc", "bashrc"],
    ["invoice\u202Efdp.exe", "invoicefdp.exe"],
    ["résumé 2026 (final)*.pdf", "résumé 2026 (final)*.pdf"],
    ["100% done; really.txt", "100% done; really.txt"],
    ["a\u0000b.txt", "ab.txt"],
    ["../", "attachment"],
    ["", "attachment"],
  ];
  it.each(hostile)("%j is saved as %j, in one header nothing can break out of", (name, expected) => {
    const disposition = attachmentDisposition(name, "attachment");
    // a header value with CR, LF or NUL would be refused here (or split the response)
    expect(() => new Headers({ "content-disposition": disposition })).not.toThrow();
    expect(disposition).not.toMatch(/[\r\n\u0000]/);
    expect(savedName(disposition)).toBe(expected);
    const ascii = asciiName(disposition);
    expect(ascii).toMatch(/^[\x20-\x7e]+$/);
    expect(ascii).not.toMatch(/["\\%;/]/);
    // RFC 5987 attr-chars only in the encoded name
    expect(/filename\*=UTF-8''(\S+)$/.exec(disposition)?.[1]).toMatch(/^[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
  });

  it("keeps the extension of a very long name", () => {
    const name = safeFilename(`${"x".repeat(500)}.pdf`, "attachment");
    expect(name).toHaveLength(150);
    expect(name.endsWith(".pdf")).toBe(true);
  });

  it("serves only safe types as declared; HTML, SVG, scripts and made-up types are plain downloads", () => {
    expect(downloadContentType("application/pdf; name=lease.pdf")).toBe("application/pdf");
    expect(downloadContentType("IMAGE/PNG")).toBe("image/png");
    expect(downloadContentType("text/plain; charset=iso-8859-1")).toBe("text/plain");
    for (const type of [
      "text/html",
      "image/svg+xml",
      "application/xhtml+xml",
      "text/xml",
      "application/javascript",
      "multipart/related",
      "message/rfc822",
      "text/html ; charset=utf-8",
      "",
      "nonsense",
    ])
      expect(downloadContentType(type), type).toBe("application/octet-stream");
  });
});

const pdf = Buffer.from("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", "latin1");
const html = Buffer.from("<script>fetch('/api/trpc/user.list').then(r=>r.text()).then(alert)</script>");
const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

async function uploaded(lead: SessionUser, raw: Buffer) {
  const response = await uploadEmail(
    { db, getBoss },
    {
      request: new Request("http://localhost/api/messages/upload?filename=test.eml", {
        method: "POST",
        headers: { "content-type": "message/rfc822" },
        body: new Uint8Array(raw),
      }),
      user: lead,
      maxBytes: 25 * 1024 * 1024,
    },
  );
  expect(response.status).toBe(201);
  const { message } = (await response.json()) as { message: { id: string } };
  return { id: message.id, attachments: await listAttachmentsOfMessage(db, message.id) };
}

async function attachmentOf(message: Awaited<ReturnType<typeof uploaded>>, filename: string) {
  const attachment = message.attachments.find((candidate) => candidate.filename === filename);
  if (!attachment) throw new Error(`no attachment ${filename}`);
  return attachment;
}

describe("GET /api/messages/:id/attachments/:attachmentId and /source", () => {
  beforeAll(async () => {
    await (await getBoss()).start();
  });
  beforeEach(async () => {
    await resetDatabase(db);
    await ensureDefaultPolicy(db);
    await upsertChannelSettings(db, { channel: "email", settings: { trustedAuthservIds: [] } });
  });
  afterAll(async () => {
    await (await getBoss()).stop({ graceful: false });
  });

  it("hands a reviewer the bytes as a download that is never rendered from our origin", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const reviewer = (await signedInAs(db, "reviewer")).session;
    const raw = emailWithAttachments({
      from: "Ana Silva <ana.silva@example.com>",
      subject: 'Lease "signed"',
      text: "Attached.",
      attachments: [
        { filename: "lease.pdf", contentType: "application/pdf", content: pdf },
        { filename: '../../"evil".html', contentType: "text/html", content: html },
        { filename: "logo.svg", contentType: "image/svg+xml", content: svg },
        { filename: "notes\r\nX-Injected: 1.txt", contentType: "text/plain", content: Buffer.from("hi") },
      ],
    });
    const message = await uploaded(lead, raw);

    const lease = await downloadAttachment(db, {
      user: reviewer,
      messageId: message.id,
      attachmentId: (await attachmentOf(message, "lease.pdf")).id,
    });
    expect(lease.status).toBe(200);
    expect(lease.headers.get("content-type")).toBe("application/pdf");
    expect(lease.headers.get("content-disposition")).toBe(
      `attachment; filename="lease.pdf"; filename*=UTF-8''lease.pdf`,
    );
    expect(lease.headers.get("x-content-type-options")).toBe("nosniff");
    expect(lease.headers.get("content-security-policy")).toContain("sandbox");
    expect(lease.headers.get("cache-control")).toContain("no-store");
    expect(Buffer.from(await lease.arrayBuffer()).equals(pdf)).toBe(true);

    const page = await downloadAttachment(db, {
      user: reviewer,
      messageId: message.id,
      attachmentId: (await attachmentOf(message, '../../"evil".html')).id,
    });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toBe("application/octet-stream");
    expect(savedName(page.headers.get("content-disposition") ?? "")).toBe('"evil".html');
    expect(Buffer.from(await page.arrayBuffer()).equals(html)).toBe(true);

    const image = await downloadAttachment(db, {
      user: reviewer,
      messageId: message.id,
      attachmentId: (await attachmentOf(message, "logo.svg")).id,
    });
    expect(image.headers.get("content-type")).toBe("application/octet-stream");

    // a CR LF in the name as the sender encoded it (RFC 2231) ends no header
    const injected = message.attachments.find((a) => a.filename.startsWith("notes"));
    const notes = await downloadAttachment(db, {
      user: reviewer,
      messageId: message.id,
      attachmentId: injected?.id ?? "",
    });
    expect(notes.status).toBe(200);
    expect(notes.headers.get("x-injected")).toBeNull();
    expect(savedName(notes.headers.get("content-disposition") ?? "")).toBe("notesX-Injected: 1.txt");
    expect(notes.headers.get("content-type")).toBe("text/plain");

    const source = await downloadMessageSource(db, { user: reviewer, messageId: message.id });
    expect(source.status).toBe(200);
    expect(source.headers.get("content-type")).toBe("application/octet-stream");
    expect(source.headers.get("content-disposition")).toBe(
      `attachment; filename="Lease _signed_.eml"; filename*=UTF-8''Lease%20%22signed%22.eml`,
    );
    expect(source.headers.get("x-content-type-options")).toBe("nosniff");
    // verbatim: the bytes as uploaded, not as parsed
    expect(Buffer.from(await source.arrayBuffer()).equals(raw)).toBe(true);
  });

  it("refuses with the reason: 401 signed out, 403 held at a password change, 404 for what is not there or not kept", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const message = await uploaded(
      lead,
      emailWithAttachments({
        from: "ana.silva@example.com",
        subject: "Files",
        text: "Two files.",
        attachments: [{ filename: "lease.pdf", contentType: "application/pdf", content: pdf }],
      }),
    );
    const lease = await attachmentOf(message, "lease.pdf");
    const other = await uploaded(
      lead,
      emailWithAttachments({
        from: "ben@example.com",
        subject: "Other",
        text: "Another file.",
        attachments: [{ filename: "other.pdf", contentType: "application/pdf", content: pdf }],
      }),
    );
    // a row as ingest writes one for an attachment over the limit: recorded, content not kept
    await insertMessageAttachments(db, [
      {
        messageId: message.id,
        filename: "video.mp4",
        contentType: "video/mp4",
        sizeBytes: 11 * 1024 * 1024,
        sha256: "0".repeat(64),
        content: null,
        omittedReason: "larger than the 10 MB attachment limit; not kept",
      },
    ]);
    const video = (await listAttachmentsOfMessage(db, message.id)).find((a) => a.filename === "video.mp4");

    const body = async (response: Response) => {
      expect(response.headers.get("content-type")).toContain("application/json");
      return (await response.json()) as { error: string; message: string };
    };

    const signedOut = await downloadAttachment(db, {
      user: null,
      messageId: message.id,
      attachmentId: lease.id,
    });
    expect(signedOut.status).toBe(401);
    expect(await body(signedOut)).toEqual({ error: "unauthorized", message: "Sign in to continue." });
    const sourceSignedOut = await downloadMessageSource(db, { user: null, messageId: message.id });
    expect(sourceSignedOut.status).toBe(401);

    const held = await createTestUser(db, "reviewer");
    await updateUser(db, held.id, { mustChangePassword: true });
    const heldSession = await sessionOf(db, held);
    const refused = await downloadAttachment(db, {
      user: heldSession,
      messageId: message.id,
      attachmentId: lease.id,
    });
    expect(refused.status).toBe(403);
    expect((await body(refused)).message).toContain("new password");
    expect((await downloadMessageSource(db, { user: heldSession, messageId: message.id })).status).toBe(403);

    const auditor = (await signedInAs(db, "auditor")).session;
    const notFound = [
      { messageId: message.id, attachmentId: randomUUID(), reason: "no such attachment" },
      // another message's attachment, asked for under this message
      { messageId: message.id, attachmentId: other.attachments[0]?.id ?? "", reason: "no such attachment" },
      { messageId: randomUUID(), attachmentId: lease.id, reason: "no such attachment" },
      { messageId: "../../etc/passwd", attachmentId: lease.id, reason: "There is no message" },
      { messageId: message.id, attachmentId: "1 or 1=1", reason: "There is no attachment" },
      { messageId: message.id, attachmentId: video?.id ?? "", reason: "was not kept" },
    ];
    for (const { reason, ...ids } of notFound) {
      const response = await downloadAttachment(db, { user: auditor, ...ids });
      expect(response.status, JSON.stringify(ids)).toBe(404);
      expect((await body(response)).message).toContain(reason);
    }
    expect(
      (await downloadAttachment(db, { user: auditor, messageId: message.id, attachmentId: lease.id })).status,
    ).toBe(200);

    // a message that did not arrive as an email has no source to download
    const api = await insertMessageIfNew(db, {
      channel: "api",
      sourceId: "api-1",
      sender: "ana.silva@example.com",
      text: "hello",
      raw: {},
    });
    const noSource = await downloadMessageSource(db, { user: auditor, messageId: api?.id ?? "" });
    expect(noSource.status).toBe(404);
    expect((await body(noSource)).message).toContain("arrived by api");
    expect((await downloadMessageSource(db, { user: auditor, messageId: "nope" })).status).toBe(404);
  });

  it("shows the raw source on the page as text, shortened with a note when it is long", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const long = emailWithAttachments({
      from: "ana.silva@example.com",
      subject: "Long",
      text: "word ".repeat(40_000),
      attachments: [],
    });
    const message = await uploaded(lead, long);
    const reviewer = callerFor(db, (await signedInAs(db, "reviewer")).session);
    const shown = await reviewer.message.source({ id: message.id });
    expect(shown).toMatchObject({ truncated: true, sizeBytes: long.length, shownBytes: sourceShownBytes });
    expect(shown.text).toBe(long.subarray(0, sourceShownBytes).toString("utf8"));

    const detail = await reviewer.message.get({ id: message.id });
    expect(detail.source).toEqual({ contentType: "message/rfc822", sizeBytes: long.length });
    await expect(callerFor(db, null).message.source({ id: message.id })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
