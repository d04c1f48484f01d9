import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postEmail } from "@/app/api/channels/email/route";
import { createTestContact } from "@/db/factories";
import { getMessageSource, listAttachmentsOfMessage, upsertChannelSettings } from "@/db/queries/channels";
import { getMessageById } from "@/db/queries/messages";
import { getProposalOfMessage } from "@/db/queries/proposals";
import { auditEvents, messages } from "@/db/schema";
import type { SessionUser } from "@/server/auth/session";
import { callerFor, signedInAs } from "@/testing/callers";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../../boss";
import { getExtractor } from "../../extraction";
import { processMessage } from "../../pipeline/process-message";
import { ensureDefaultPolicy } from "../../policy/default-policy";
import { createApiKey } from "../../users/manage";
import { emailChannelRequest } from "./testing/emails";
import { uploadEmail } from "./upload-email";

const { db, close } = createTestDb({ max: 10 });
// Authentication-Results from mx.changedesk.test, the receiving server these tests trust
const sample = readFileSync(new URL("../../../docs/examples/address-change.eml", import.meta.url));

beforeAll(async () => {
  await (await getBoss()).start();
});
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
  await upsertChannelSettings(db, {
    channel: "email",
    settings: { trustedAuthservIds: ["mx.changedesk.test"] },
  });
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

function upload(
  user: SessionUser | null,
  body: Buffer | string,
  options: { type?: string; filename?: string; maxBytes?: number } = {},
) {
  const query =
    options.filename === undefined
      ? "?filename=address-change.eml"
      : `?filename=${encodeURIComponent(options.filename)}`;
  return uploadEmail(
    { db, getBoss },
    {
      request: new Request(`http://localhost/api/messages/upload${query}`, {
        method: "POST",
        headers: { "content-type": options.type ?? "message/rfc822" },
        body: typeof body === "string" ? body : new Uint8Array(body),
      }),
      user,
      maxBytes: options.maxBytes ?? 25 * 1024 * 1024,
    },
  );
}

type Uploaded = { created: boolean; message: { id: string; status: string; subject: string | null } };

describe("POST /api/messages/upload (an .eml in the console)", () => {
  it("goes through the email ingest once per file, unverified, with the uploader recorded", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const first = await upload(lead, sample);
    expect(first.status).toBe(201);
    const { created, message } = (await first.json()) as Uploaded;
    expect(created).toBe(true);
    expect(message.subject).toBe("New address");

    const again = await upload(lead, sample, { filename: "the same file, renamed.eml" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, message: { id: message.id } });
    expect(await db.select().from(messages)).toHaveLength(1);

    const stored = await getMessageById(db, message.id);
    expect(stored).toMatchObject({
      channel: "email",
      sender: "Ana Silva <ana.silva@example.com>",
      // the file carries Authentication-Results from a server we trust, and they count for nothing
      senderVerification: "unverified",
      senderVerificationReason: `uploaded in the console by ${lead.name}`,
      uploadedBy: lead.id,
      messageIdHeader: "example-address-change-1@example.com",
      raw: { via: "upload", filename: "address-change.eml" },
    });
    expect(stored?.html).toContain("12 Elm Road");
    expect(stored?.html).not.toMatch(/script|onerror/);
    expect((await getMessageSource(db, message.id))?.body.equals(sample)).toBe(true);
    expect(await listAttachmentsOfMessage(db, message.id)).toMatchObject([
      { filename: "lease.pdf", contentType: "application/pdf", kept: true },
    ]);
    const [received] = await db.select().from(auditEvents).where(eq(auditEvents.entityId, message.id));
    expect(received).toMatchObject({ action: "message.received", actorType: "user", actorId: lead.id });
  });

  it("answers a file the endpoint already received as already received, and never lowers or raises its trust", async () => {
    const key = (
      await createApiKey(db, { name: "relay", channels: ["email"], trustedSender: false, actor: null })
    ).secret;
    const posted = await postEmail(emailChannelRequest(sample, { key }));
    const { id } = (await posted.json()) as { id: string };
    const { session: lead } = await signedInAs(db, "lead");
    const response = await upload(lead, sample);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ created: false, message: { id } });
    expect(await getMessageById(db, id)).toMatchObject({
      senderVerification: "email_authenticated",
      uploadedBy: null,
    });
  });

  it("refuses with the reason and stores nothing: signed out, a role without message.import, wrong type, empty, too large", async () => {
    const cases: [string, Response, number, RegExp][] = [
      ["signed out", await upload(null, sample), 401, /Sign in/],
      [
        "reviewer",
        await upload((await signedInAs(db, "reviewer")).session, sample),
        403,
        /reviewer.*message\.import/,
      ],
      [
        "auditor",
        await upload((await signedInAs(db, "auditor")).session, sample),
        403,
        /auditor.*message\.import/,
      ],
    ];
    const { session: lead } = await signedInAs(db, "lead");
    cases.push(
      [
        "a form post",
        await upload(lead, sample, { type: "multipart/form-data; boundary=x" }),
        415,
        /message\/rfc822/,
      ],
      ["text", await upload(lead, sample, { type: "text/plain" }), 415, /message\/rfc822/],
      ["empty", await upload(lead, "", { filename: "nothing.eml" }), 400, /nothing\.eml is empty/],
      [
        "too large",
        await upload(lead, sample, { filename: "big.eml", maxBytes: 1024 }),
        413,
        /big\.eml is larger than the 1 KB limit/,
      ],
    );
    for (const [what, response, status, message] of cases) {
      expect(response.status, what).toBe(status);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.message, what).toMatch(message);
    }
    expect(await db.select().from(messages)).toHaveLength(0);
  });

  it("says how large the limit is in megabytes", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const response = await upload(lead, Buffer.alloc(3 * 1024 * 1024, "a"), {
      filename: "huge.eml",
      maxBytes: 2.5 * 1024 * 1024,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: "payload_too_large",
      message: "huge.eml is larger than the 2.5 MB limit for one email (attachments included).",
    });
  });

  it("keeps a file that is not an email, marked failed with the parser's reason", async () => {
    const { session: lead } = await signedInAs(db, "lead");
    const response = await upload(lead, "just some notes, no headers at all\r\n", { filename: "notes.eml" });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as Uploaded & { message: { error: string } };
    expect(message).toMatchObject({ status: "failed" });
    expect(message.error).toMatch(/headers|From/);
    expect(await getMessageById(db, message.id)).toMatchObject({
      uploadedBy: lead.id,
      senderVerification: "unverified",
    });
  });

  it("its uploader cannot approve the change it asks for; a second person can", async () => {
    const contact = await createTestContact(db, { email: "ana.silva@example.com", name: "Ana Silva" });
    const uploader = await signedInAs(db, "lead");
    const response = await upload(uploader.session, sample);
    const { message } = (await response.json()) as Uploaded;
    const outcome = await processMessage(
      { db, boss: await getBoss(), extractor: getExtractor() },
      message.id,
    );
    expect(outcome.outcome).toBe("proposed");
    const proposal = await getProposalOfMessage(db, message.id);
    expect(proposal).toMatchObject({ status: "pending_review", contactId: contact.id });
    // routed to a person because the sender is unverified, whatever the file's headers say
    expect(proposal?.routeRule).toContain("sender_unverified");

    await expect(
      uploader.caller.proposal.approve({
        proposalId: proposal?.id ?? "",
        expectedVersion: proposal?.version ?? 0,
        edits: [],
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You uploaded the email this change comes from; a second person must approve it.",
    });
    const other = callerFor(db, (await signedInAs(db, "reviewer")).session);
    await expect(
      other.proposal.approve({
        proposalId: proposal?.id ?? "",
        expectedVersion: proposal?.version ?? 0,
        edits: [],
      }),
    ).resolves.toMatchObject({ status: "applied" });
  });
});
