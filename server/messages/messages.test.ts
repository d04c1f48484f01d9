import { eq } from "drizzle-orm";
import { verifiedEmail } from "@/testing/senders";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact } from "@/db/factories";
import { getMessageById } from "@/db/queries/messages";
import { getOutboxItemByKey } from "@/db/queries/outbox";
import { getProposalOfMessage } from "@/db/queries/proposals";
import { auditEvents } from "@/db/schema";
import { createBoss } from "@/jobs/boss";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { registerHandlers } from "@/worker/handlers";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import type { Actor } from "../audit/append";
import { ingestMessage } from "../channels/ingest";
import { getExtractor } from "../extraction";
import { readNotificationConfig } from "../notifications/config";
import { createNoticeSender } from "../notifications/send";
import { startSmtpSink, type SmtpSink } from "../notifications/testing/smtp-sink";
import { needsInformationOutboxKey } from "@/jobs/outbox-delivery";
import { sendNeedsInformationReply } from "./answer";
import { getMessageDetail } from "./detail";
import { linkMessageToCustomer } from "./link-customer";

const { db, close } = createTestDb({ max: 10 });
let worker: PgBoss;
let smtp: SmtpSink;
const person: Actor = { type: "system", id: null, label: "a reviewer" };

beforeAll(async () => {
  // load the offline model before the worker needs it: a cold start on a busy machine would eat
  // into the tests' waits
  await getExtractor().extract({ text: "warm up" });
  smtp = await startSmtpSink();
  worker = createBoss(testDatabaseUrl(), "worker");
  await worker.start();
  await registerHandlers(
    {
      db,
      boss: worker,
      extractor: getExtractor(),
      noticeSender: createNoticeSender(readNotificationConfig({ SMTP_URL: smtp.url })),
    },
    { concurrency: 4, pollingIntervalSeconds: 0.5, outboxSweepMs: 300 },
  );
});
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
  smtp.received.length = 0;
});
afterAll(async () => {
  await worker.stop({ graceful: false });
  await smtp.close();
  await close();
});

async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function statusOf(messageId: string, status: string) {
  return waitFor(
    async () => {
      const message = await getMessageById(db, messageId);
      return message?.status === status ? message : undefined;
    },
    `message ${status}`,
    40_000,
  );
}

let source = 0;
async function receive(sender: string, text: string, subject?: string) {
  const { message } = await ingestMessage(
    { db, boss: worker },
    {
      input: {
        channel: "email",
        sourceId: `attention-${++source}-${Date.now()}`,
        sender,
        text,
        subject,
        ...verifiedEmail,
      },
      raw: { text },
      actor: { type: "system", id: null, label: "test" },
    },
  );
  return message;
}

async function actionsOf(messageId: string) {
  return (await db.select().from(auditEvents).where(eq(auditEvents.messageId, messageId))).map(
    (e) => e.action,
  );
}

describe("unmatched messages", () => {
  it(
    "a person links the sender to a customer and the pipeline continues to a proposal",
    { timeout: 90_000 },
    async () => {
      const contact = await createTestContact(db);
      const message = await receive("new-address@elsewhere.example", "my new phone number is 415 555 0199");
      const unmatched = await statusOf(message.id, "unmatched");
      expect(unmatched.contactId).toBeNull();
      expect(await getProposalOfMessage(db, message.id)).toBeUndefined();

      await expect(
        linkMessageToCustomer(
          { db, boss: worker },
          {
            messageId: message.id,
            contactId: contact.id,
            expectedStatus: "needs_information",
            actor: person,
          },
        ),
      ).rejects.toMatchObject({ code: "CONFLICT" });
      await linkMessageToCustomer(
        { db, boss: worker },
        { messageId: message.id, contactId: contact.id, expectedStatus: "unmatched", actor: person },
      );

      const proposed = await statusOf(message.id, "proposed");
      expect(proposed).toMatchObject({
        contactId: contact.id,
        resolutionMethod: "linked_by_person",
        resolutionConfidence: 1,
      });
      const proposal = await getProposalOfMessage(db, message.id);
      // a person chose the customer, not the sender's verified identity: the change waits for review
      expect(proposal).toMatchObject({ contactId: contact.id, status: "pending_review", route: "review" });
      expect(await actionsOf(message.id)).toEqual(
        expect.arrayContaining(["message.unmatched", "message.linked", "proposal.proposed"]),
      );
      // linking again is refused: it is not unmatched any more
      await expect(
        linkMessageToCustomer(
          { db, boss: worker },
          { messageId: message.id, contactId: contact.id, expectedStatus: "unmatched", actor: person },
        ),
      ).rejects.toMatchObject({ code: "CONFLICT" });
    },
  );
});

describe("needs information", () => {
  it(
    "a request without its value drafts a reply; approving it sends it through the outbox",
    { timeout: 90_000 },
    async () => {
      const contact = await createTestContact(db, { name: "Lena Vogel", language: "de" });
      const message = await receive(contact.email ?? "", "Bitte ändern Sie meine Telefonnummer.", "Telefon");
      const waiting = await statusOf(message.id, "needs_information");
      expect(waiting.pendingRequests).toEqual([
        expect.objectContaining({ intent: "update_phone", missing: ["contact.phone"] }),
      ]);

      const detail = await getMessageDetail(db, message.id);
      expect(detail.requests[0]).toMatchObject({ label: "Update phone", missing: ["Phone"] });
      expect(detail.draft).toMatchObject({ subject: "Re: Telefon", language: "de" });
      expect(detail.draft?.body).toContain("Ihre neue Telefonnummer");
      expect(detail.draft?.body).toContain("Hallo Lena Vogel,");
      expect(await getOutboxItemByKey(db, needsInformationOutboxKey(message.id))).toBeUndefined();

      const body = `${detail.draft?.body ?? ""}\n\nP.S. Sie können auch anrufen.`;
      await sendNeedsInformationReply(
        { db, boss: worker },
        {
          messageId: message.id,
          expectedStatus: "needs_information",
          subject: detail.draft?.subject ?? "",
          body,
          actor: person,
        },
      );
      const item = await getOutboxItemByKey(db, needsInformationOutboxKey(message.id));
      expect(item).toMatchObject({ kind: "notification", recipient: contact.email, channel: "email" });
      expect((await getMessageById(db, message.id))?.status).toBe("answered");

      // the delivery job sends it
      const mail = await waitFor(async () => smtp.received[0], "the reply to arrive");
      expect(mail.subject).toBe("Re: Telefon");
      expect(mail.text).toContain("Sie können auch anrufen");
      await waitFor(async () => {
        const sent = await getOutboxItemByKey(db, needsInformationOutboxKey(message.id));
        return sent?.status === "sent" ? sent : undefined;
      }, "the outbox item to be sent");
      expect(await actionsOf(message.id)).toEqual(
        expect.arrayContaining(["message.needs_information", "message.answered"]),
      );
      // one reply per message
      await expect(
        sendNeedsInformationReply(
          { db, boss: worker },
          {
            messageId: message.id,
            expectedStatus: "needs_information",
            subject: "x",
            body: "y",
            actor: person,
          },
        ),
      ).rejects.toMatchObject({ code: "CONFLICT" });
    },
  );
});
