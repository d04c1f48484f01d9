import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact } from "@/db/factories";
import { insertMessageIfNew, updateMessage } from "@/db/queries/messages";
import { messages, outbox } from "@/db/schema";
import { noticeEmailMessageId } from "@/jobs/outbox-delivery";
import { createTestDb, resetDatabase } from "@/testing/database";
import { applyChangeSet } from "../apply/apply-change-set";
import { createApprovedChangeSet } from "../apply/testing";
import { sendNeedsInformationReply } from "../messages/answer";
import { deliverOutboxItem } from "../outbox/deliver";
import { readNotificationConfig } from "./config";
import { createNoticeSender } from "./send";
import { noticeThread } from "./threading";
import { startSmtpSink, type SmtpSink } from "./testing/smtp-sink";

const { db, close } = createTestDb({ max: 10 });
const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };
const reviewer = { type: "system" as const, id: null, label: "a reviewer" };
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
});
beforeEach(async () => {
  await resetDatabase(db);
  smtp.received.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await close();
});

const sender = () => createNoticeSender(readNotificationConfig({ SMTP_URL: smtp.url }));

/** The customer's email is itself a reply, to `<root-1@mail.example.com>`. */
const customerThreading = {
  messageIdHeader: "reply-2@mail.example.com",
  inReplyTo: "root-1@mail.example.com",
  references: ["root-1@mail.example.com"],
};

describe("noticeThread", () => {
  const item = { idempotencyKey: "notice:7f1c", emailMessageId: "notice.7f1c@changedesk" };

  it("answers an email's Message-ID and carries its references before it", () => {
    expect(
      noticeThread(item, { messageIdHeader: "b@x.example", references: ["a@x.example", "b@x.example"] }),
    ).toEqual({
      messageId: "notice.7f1c@changedesk",
      inReplyTo: "b@x.example",
      references: ["a@x.example", "b@x.example"],
    });
  });

  it("replies to nothing when the message has no email Message-ID (a chat conversation key)", () => {
    expect(noticeThread(item, { messageIdHeader: "conversation-42", references: null })).toEqual({
      messageId: "notice.7f1c@changedesk",
    });
    expect(noticeThread({ ...item, emailMessageId: null }, undefined)).toEqual({
      messageId: noticeEmailMessageId("notice:7f1c"),
    });
  });

  it("keeps the thread's root and the newest ids of a long References list", () => {
    const references = Array.from({ length: 40 }, (_, i) => `m${i}@x.example`);
    const thread = noticeThread(item, { messageIdHeader: "m40@x.example", references });
    expect(thread.references).toHaveLength(20);
    expect(thread.references?.[0]).toBe("m0@x.example");
    expect(thread.references?.at(-1)).toBe("m40@x.example");
  });
});

describe("notices go out as replies in the customer's thread", () => {
  it("a change notice: its Message-ID is the one stored on the outbox row, In-Reply-To and References name the customer's email", async () => {
    const contact = await createTestContact(db, { name: "Ana Silva" });
    const { proposal, message } = await createApprovedChangeSet(db, {
      contactId: contact.id,
      changes: [
        { field: "contact.phone", recordId: contact.id, value: "+14155550111", intent: "update_phone" },
      ],
      message: { sender: contact.email ?? "", subject: "New number" },
    });
    if (!message) throw new Error("no message");
    await updateMessage(db, message.id, customerThreading);
    await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
    const [item] = await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id));
    expect(item).toMatchObject({
      messageId: message.id,
      emailMessageId: noticeEmailMessageId(`notice:${proposal.id}`),
    });

    const mailer = sender();
    await deliverOutboxItem({ db, sender: mailer }, { outboxId: item?.id ?? "", final: false });
    mailer.close();
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.messageId).toBe(`<${item?.emailMessageId}>`);
    expect(mail?.inReplyTo).toBe("<reply-2@mail.example.com>");
    expect(mail?.references).toEqual(["<root-1@mail.example.com>", "<reply-2@mail.example.com>"]);
    expect(mail?.subject).toBe("Re: New number");
  });

  it("a needs-information reply: the same, with the subject a person approved", async () => {
    const contact = await createTestContact(db, { name: "Ben Okafor" });
    const message = await insertMessageIfNew(db, {
      channel: "email",
      sourceId: "threading-test-1",
      sender: contact.email ?? "",
      subject: "My email",
      text: "Please change my email address.",
      raw: {},
      status: "needs_information",
      contactId: contact.id,
      pendingRequests: [{ intent: "update_email", missing: ["contact.email"], reason: "no address" }],
      ...customerThreading,
    });
    if (!message) throw new Error("no message");
    const { outboxId } = await sendNeedsInformationReply(
      { db },
      {
        messageId: message.id,
        expectedStatus: "needs_information",
        subject: "Re: My email",
        body: "Hello Ben, what is your new email address?",
        actor: reviewer,
      },
    );
    const [item] = await db.select().from(outbox).where(eq(outbox.id, outboxId));
    expect(item?.messageId).toBe(message.id);
    expect(item?.emailMessageId).toMatch(/^needs-information\.[0-9a-f-]{36}@changedesk$/);

    const mailer = sender();
    await deliverOutboxItem({ db, sender: mailer }, { outboxId, final: false });
    mailer.close();
    const mail = smtp.received[0];
    expect(mail?.messageId).toBe(`<${item?.emailMessageId}>`);
    expect(mail?.inReplyTo).toBe("<reply-2@mail.example.com>");
    expect(mail?.references).toEqual(["<root-1@mail.example.com>", "<reply-2@mail.example.com>"]);
    expect(mail?.subject).toBe("Re: My email");
    const [stored] = await db.select().from(messages).where(eq(messages.id, message.id));
    expect(stored?.status).toBe("answered");
  });
});
