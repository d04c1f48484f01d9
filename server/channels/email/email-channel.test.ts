import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/channels/email/route";
import { createTestContact } from "@/db/factories";
import { listAttachmentsOfMessage, getMessageSource, upsertChannelSettings } from "@/db/queries/channels";
import { getMessageById } from "@/db/queries/messages";
import { getProposalOfMessage, listChangesOfProposal } from "@/db/queries/proposals";
import { messages } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../../boss";
import { getExtractor } from "../../extraction";
import { processMessage } from "../../pipeline/process-message";
import { ensureDefaultPolicy } from "../../policy/default-policy";
import { createApiKey } from "../../users/manage";
import { verifyEmailSender } from "./authentication-results";
import { emailChannelRequest } from "./testing/emails";

const { db, close } = createTestDb({ max: 10 });
let key = "";
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
  key = (await createApiKey(db, { name: "relay", channels: ["email"], trustedSender: false, actor: null }))
    .secret;
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

function post(body: Buffer | string, options: { key?: string; type?: string } = {}) {
  return POST(emailChannelRequest(body, { key: options.key ?? key, type: options.type }));
}

async function process(messageId: string) {
  return processMessage({ db, boss: await getBoss(), extractor: getExtractor() }, messageId);
}

describe("POST /api/channels/email", () => {
  it("turns an email with HTML, an attachment, quoted history and a signature into one message and the right proposal, once", async () => {
    const contact = await createTestContact(db, { email: "ana.silva@example.com", name: "Ana Silva" });
    const first = await post(sample);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };
    const again = await post(sample);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string; created: boolean }).id).toBe(id);
    expect(await db.select().from(messages)).toHaveLength(1);

    const message = await getMessageById(db, id);
    expect(message).toMatchObject({
      channel: "email",
      sender: "Ana Silva <ana.silva@example.com>",
      subject: "New address",
      senderVerification: "email_authenticated",
      messageIdHeader: "example-address-change-1@example.com",
    });
    expect(message?.senderVerificationReason).toContain("dmarc=pass");
    // sanitized on the server: no script, no event handler
    expect(message?.html).toContain("12 Elm Road");
    expect(message?.html).not.toMatch(/script|onerror|alert/);
    // the source verbatim, and the attachment kept
    expect((await getMessageSource(db, id))?.body.equals(sample)).toBe(true);
    const attachments = await listAttachmentsOfMessage(db, id);
    expect(attachments).toMatchObject([
      { filename: "lease.pdf", contentType: "application/pdf", kept: true },
    ]);

    const outcome = await process(id);
    expect(outcome.outcome).toBe("proposed");
    const proposal = await getProposalOfMessage(db, id);
    const changes = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(changes.map((c) => c.field)).toEqual(["contact.postalAddress"]);
    // the new address, not the old one quoted from our earlier reply
    expect(changes[0]?.proposedValue).toMatchObject({ line1: "12 Elm Road", postalCode: "62704" });
    expect(proposal?.contactId).toBe(contact.id);
  });

  it("does not believe Authentication-Results written by anyone but a trusted receiving server", async () => {
    const forged = sample.toString("utf8").replace("mx.changedesk.test;", "mx.attacker.example;");
    const response = await post(forged);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(await getMessageById(db, id)).toMatchObject({ senderVerification: "unverified" });
  });

  it("keeps an email it cannot read, raw, marked failed with the reason", async () => {
    const garbage = Buffer.from("this is not an email at all, there are no headers\r\n");
    const response = await post(garbage);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const message = await getMessageById(db, id);
    expect(message?.status).toBe("failed");
    expect(message?.error).toMatch(/From|headers/);
    expect((await getMessageSource(db, id))?.body.equals(garbage)).toBe(true);
  });

  it("refuses a wrong content type, a missing key and a key not allowed on email", async () => {
    expect((await post(sample, { type: "application/json" })).status).toBe(415);
    expect((await post(sample, { key: "cdk_000000000000_nope" })).status).toBe(401);
    const apiOnly = (
      await createApiKey(db, { name: "api only", channels: ["api"], trustedSender: true, actor: null })
    ).secret;
    const refused = await post(sample, { key: apiOnly });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain(
      "may not post to the email channel",
    );
    expect(await db.select().from(messages).where(eq(messages.channel, "email"))).toHaveLength(0);
  });
});

describe("verifyEmailSender", () => {
  const trusted = ["mx.changedesk.test"];
  it("accepts an aligned DKIM pass for a parent domain, and refuses one for another domain", () => {
    expect(
      verifyEmailSender({
        fromAddress: "a@mail.example.com",
        authenticationResults: ["mx.changedesk.test; dkim=pass header.d=example.com"],
        trustedAuthservIds: trusted,
      }).verified,
    ).toBe(true);
    expect(
      verifyEmailSender({
        fromAddress: "a@example.com",
        authenticationResults: [
          "mx.changedesk.test; dkim=pass header.d=evil.example; spf=fail smtp.mailfrom=a@example.com",
        ],
        trustedAuthservIds: trusted,
      }),
    ).toMatchObject({ verified: false, reason: expect.stringContaining("spf=fail") });
  });
  it("reads the topmost trusted header, ignoring comments and folding", () => {
    expect(
      verifyEmailSender({
        fromAddress: "a@example.com",
        authenticationResults: [
          "mx.changedesk.test;\r\n dkim=fail (bad signature) header.d=example.com",
          "mx.changedesk.test; dkim=pass header.d=example.com",
        ],
        trustedAuthservIds: trusted,
      }).verified,
    ).toBe(false);
  });
});
