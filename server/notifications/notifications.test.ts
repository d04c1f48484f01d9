import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { outbox } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { applyChangeSet } from "../apply/apply-change-set";
import { createApprovedChangeSet } from "../apply/testing";
import { retryOutboxItem } from "../apply/retry-external";
import { deliverOutboxItem } from "../outbox/deliver";
import { rejectProposal } from "../review/decide";
import { composeNotice } from "./compose";
import { readNotificationConfig } from "./config";
import { createNoticeSender } from "./send";
import { startSmtpSink, type SmtpSink } from "./testing/smtp-sink";

const { db, close } = createTestDb({ max: 10 });
const policyActor = { type: "policy" as const, id: null, label: "policy auto-apply" };
let smtp: SmtpSink;
let hook: {
  url: string;
  calls: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[];
  close: () => Promise<void>;
};

beforeAll(async () => {
  smtp = await startSmtpSink();
  const calls: { headers: IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
    req.on("end", () => {
      calls.push({ headers: req.headers, body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hook = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
});
beforeEach(async () => {
  await resetDatabase(db);
  smtp.received.length = 0;
  hook.calls.length = 0;
});
afterAll(async () => {
  await smtp.close();
  await hook.close();
  await close();
});

async function appliedWithNotice(channel: "email" | "chat" = "email", language = "en") {
  const contact = await createTestContact(db, { language, name: "Ana Silva" });
  const { proposal } = await createApprovedChangeSet(db, {
    contactId: contact.id,
    changes: [
      { field: "contact.phone", recordId: contact.id, value: "+14155550111", intent: "update_phone" },
    ],
    message: {
      channel,
      sender: channel === "chat" ? "chat-user-42" : (contact.email ?? ""),
      subject: "New number",
    },
  });
  await applyChangeSet({ db }, { proposalId: proposal.id, actor: policyActor });
  const [item] = await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id));
  if (!item) throw new Error("no notice queued");
  return { contact, proposal, item };
}

describe("composeNotice", () => {
  it("uses the customer's language where a template exists and English otherwise", () => {
    const changes = [
      { intent: "cancel_order", field: "order.status", recordLabel: "Order 1042", value: "cancelled" },
    ];
    expect(composeNotice({ kind: "change", language: "fr", customerName: "Ana", changes }).body).toContain(
      "Nous avons annulé Order 1042.",
    );
    expect(composeNotice({ kind: "change", language: "es", customerName: "Ana", changes }).body).toContain(
      "Hemos cancelado Order 1042.",
    );
    const italian = composeNotice({ kind: "change", language: "it", customerName: "Ana", changes });
    expect(italian.language).toBe("en");
    expect(italian.body).toContain("We have cancelled Order 1042.");
    const fallback = composeNotice({
      kind: "change",
      language: "de",
      customerName: "Ana",
      changes: [
        { intent: "change_order", field: "order.changeRequest", recordLabel: "Order 7", value: "blue" },
      ],
    });
    expect(fallback.body).toContain("We have noted your change request for Order 7: blue.");
  });
});

describe("sending notices from the outbox", () => {
  it("sends an email over SMTP once, however often delivery runs", async () => {
    const { item, contact } = await appliedWithNotice("email", "es");
    const sender = createNoticeSender(
      readNotificationConfig({ SMTP_URL: smtp.url, NOTIFY_FROM: "Support <support@example.test>" }),
    );
    expect(await deliverOutboxItem({ db, sender }, { outboxId: item.id, final: false })).toMatchObject({
      status: "notice",
      result: { status: "sent", via: "email" },
    });
    expect(await deliverOutboxItem({ db, sender }, { outboxId: item.id, final: false })).toMatchObject({
      status: "nothing_to_do",
    });
    await Promise.all([
      deliverOutboxItem({ db, sender }, { outboxId: item.id, final: false }),
      deliverOutboxItem({ db, sender }, { outboxId: item.id, final: false }),
    ]);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0];
    expect(mail?.subject).toBe("Re: New number");
    expect(mail?.to && "text" in mail.to ? mail.to.text : "").toBe(contact.email);
    expect(mail?.text).toContain("Hemos actualizado su número de teléfono a +14155550111.");
    expect(mail?.messageId).toContain("notice:".replace(":", "."));
    const [stored] = await db.select().from(outbox).where(eq(outbox.id, item.id));
    expect(stored).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    sender.close();
  });

  it("keeps a notice in the outbox, visibly, when no SMTP server is configured", async () => {
    const { item } = await appliedWithNotice();
    const result = await deliverOutboxItem(
      { db, sender: createNoticeSender(readNotificationConfig({})) },
      { outboxId: item.id, final: false },
    );
    expect(result).toMatchObject({ result: { status: "kept" } });
    const [stored] = await db.select().from(outbox).where(eq(outbox.id, item.id));
    expect(stored).toMatchObject({
      status: "pending",
      nextAttemptAt: null,
      lastError: expect.stringMatching(/No SMTP server is configured/) as unknown,
    });
  });

  it("records a failing SMTP server, goes dead after the last attempt, and sends on a retry", async () => {
    const { item } = await appliedWithNotice();
    const down = createNoticeSender(
      readNotificationConfig({ SMTP_URL: "smtp://127.0.0.1:9", NOTIFY_TIMEOUT_MS: 500 }),
    );
    await expect(
      deliverOutboxItem({ db, sender: down }, { outboxId: item.id, final: false }),
    ).rejects.toThrow(/SMTP/);
    expect((await db.select().from(outbox).where(eq(outbox.id, item.id)))[0]).toMatchObject({
      status: "pending",
      attempts: 1,
    });
    expect(await deliverOutboxItem({ db, sender: down }, { outboxId: item.id, final: true })).toMatchObject({
      status: "dead",
    });
    expect((await db.select().from(outbox).where(eq(outbox.id, item.id)))[0]).toMatchObject({
      status: "dead",
      attempts: 2,
    });

    const user = await createTestUser(db, "lead");
    await retryOutboxItem(
      { db },
      { outboxId: item.id, actor: { type: "user", id: user.id, label: user.name } },
    );
    const up = createNoticeSender(readNotificationConfig({ SMTP_URL: smtp.url }));
    expect(await deliverOutboxItem({ db, sender: up }, { outboxId: item.id, final: false })).toMatchObject({
      result: { status: "sent" },
    });
    expect(smtp.received).toHaveLength(1);
    up.close();
  });

  it("posts chat notices to the webhook with the idempotency key", async () => {
    const { item } = await appliedWithNotice("chat");
    const sender = createNoticeSender(readNotificationConfig({ NOTIFY_CHAT_WEBHOOK_URL: hook.url }));
    expect(await deliverOutboxItem({ db, sender }, { outboxId: item.id, final: false })).toMatchObject({
      result: { status: "sent", via: "webhook" },
    });
    expect(hook.calls).toHaveLength(1);
    expect(hook.calls[0]?.headers["idempotency-key"]).toBe(item.idempotencyKey);
    expect(hook.calls[0]?.body).toMatchObject({ recipient: "chat-user-42", subject: "Re: New number" });
  });

  it("sends nothing for a rejected proposal", async () => {
    const contact = await createTestContact(db);
    const user = await createTestUser(db, "reviewer");
    const { proposal } = await createReviewProposal(db, { contact });
    await rejectProposal(db, {
      proposalId: proposal.id,
      expectedVersion: 1,
      reason: "Not the customer",
      actor: { type: "user", id: user.id, label: user.name },
    });
    expect(await db.select().from(outbox)).toHaveLength(0);
  });
});
