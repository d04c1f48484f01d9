import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/channels/email/route";
import { createTestContact } from "@/db/factories";
import { upsertChannelSettings } from "@/db/queries/channels";
import { getMessageById } from "@/db/queries/messages";
import { getOutboxItemByKey } from "@/db/queries/outbox";
import { getProposalOfMessage, listChangesOfProposal } from "@/db/queries/proposals";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../boss";
import { emailChannelRequest, plainEmail } from "../channels/email/testing/emails";
import { getExtractor } from "../extraction";
import { needsInformationOutboxKey } from "@/jobs/outbox-delivery";
import { sendNeedsInformationReply } from "../messages/answer";
import { ensureDefaultPolicy } from "../policy/default-policy";
import { createApiKey } from "../users/manage";
import { processMessage } from "./process-message";

const { db, close } = createTestDb({ max: 10 });
const lead = { type: "system" as const, id: null, label: "a lead" };
let key = "";

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

/** An email from `from`, authenticated by the trusted receiving server. */
function email(params: {
  from: string;
  messageId: string;
  inReplyTo?: string;
  subject: string;
  body: string;
}) {
  const domain = params.from.split("@")[1] ?? "";
  return plainEmail(
    {
      "Authentication-Results": `mx.changedesk.test; dmarc=pass header.from=${domain}`,
      From: params.from,
      To: "support@changedesk.test",
      Subject: params.subject,
      "Message-ID": `<${params.messageId}>`,
      ...(params.inReplyTo
        ? { "In-Reply-To": `<${params.inReplyTo}>`, References: `<${params.inReplyTo}>` }
        : {}),
      Date: "Wed, 02 Dec 2026 10:00:00 +0000",
    },
    params.body,
  );
}

async function receive(raw: string): Promise<string> {
  const response = await POST(emailChannelRequest(raw, { key }));
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const process = async (messageId: string) =>
  processMessage({ db, boss: await getBoss(), extractor: getExtractor() }, messageId);

/** Ana asks to change her shipping address without giving it; a lead asks her for it. */
async function askedForAddress() {
  const ana = await createTestContact(db, { email: "ana@example.com", name: "Ana Silva" });
  const requestId = await receive(
    email({
      from: "ana@example.com",
      messageId: "ask-1@example.com",
      subject: "Shipping",
      body: "Hi, I need to change my shipping address please.\n\nAna",
    }),
  );
  expect((await process(requestId)).outcome).toBe("needs_information");
  const question = "Hello Ana,\n\nWhat is the new shipping address, with the postcode?\n\nThe support team";
  await sendNeedsInformationReply(
    { db, boss: await getBoss() },
    {
      messageId: requestId,
      expectedStatus: "needs_information",
      subject: "Re: Shipping",
      body: question,
      actor: lead,
    },
  );
  const notice = await getOutboxItemByKey(db, needsInformationOutboxKey(requestId));
  return { ana, requestId, question, noticeId: notice?.emailMessageId ?? "" };
}

/** A reply that gives only the value, quoting our question below the usual attribution line. */
function bareReply(question: string) {
  return [
    "14 Harbour Street, Apt 3, Portland, ME 04101, USA",
    "",
    "On Wed, 2 Dec 2026 at 09:30, Changedesk Support <support@changedesk.test> wrote:",
    ...question.split("\n").map((line) => `> ${line}`),
  ].join("\n");
}

describe("a reply to our question is read with it", () => {
  it("a bare address answering 'what is the new shipping address?' completes the request, for a person to check", async () => {
    const { ana, requestId, question, noticeId } = await askedForAddress();
    expect(noticeId).not.toBe("");
    const replyId = await receive(
      email({
        from: "ana@example.com",
        messageId: "reply-1@example.com",
        inReplyTo: noticeId,
        subject: "Re: Shipping",
        body: bareReply(question),
      }),
    );
    const reply = await getMessageById(db, replyId);
    expect(reply?.threadId).toBe((await getMessageById(db, requestId))?.threadId);

    const outcome = await process(replyId);
    expect(outcome).toMatchObject({ outcome: "proposed", route: "review" });
    const proposal = await getProposalOfMessage(db, replyId);
    expect(proposal?.contactId).toBe(ana.id);
    const [change, ...others] = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(others).toHaveLength(0);
    expect(change).toMatchObject({
      field: "contact.shippingAddress",
      routeRule: "evidence_answers_our_question",
    });
    expect(change?.proposedValue).toMatchObject({
      line1: "14 Harbour Street",
      city: "Portland",
      postalCode: "04101",
    });
  });

  it("the same reply with no question of ours in its thread is read on its own: a bare address is the postal one, with no request wording", async () => {
    await createTestContact(db, { email: "ana@example.com", name: "Ana Silva" });
    const replyId = await receive(
      email({
        from: "ana@example.com",
        messageId: "stray-1@example.com",
        subject: "Re: Shipping",
        body: bareReply("What is it?"),
      }),
    );
    expect(await proposedChangeOf(replyId)).toMatchObject({
      field: "contact.postalAddress",
      routeRule: "evidence_no_request_wording",
    });
  });

  it("a question asked of another customer is no context, whatever the reply's References claim", async () => {
    const { question, noticeId } = await askedForAddress();
    await createTestContact(db, { email: "mallory@example.org", name: "Mallory Stone" });
    const replyId = await receive(
      email({
        from: "mallory@example.org",
        messageId: "forged-1@example.org",
        inReplyTo: noticeId,
        subject: "Re: Shipping",
        body: bareReply(question),
      }),
    );
    expect(await proposedChangeOf(replyId)).toMatchObject({
      field: "contact.postalAddress",
      routeRule: "evidence_no_request_wording",
    });
  });
});

async function proposedChangeOf(messageId: string) {
  expect((await process(messageId)).outcome).toBe("proposed");
  const proposal = await getProposalOfMessage(db, messageId);
  const changes = await listChangesOfProposal(db, proposal?.id ?? "");
  expect(changes).toHaveLength(1);
  return changes[0];
}
