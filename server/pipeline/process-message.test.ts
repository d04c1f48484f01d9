import { eq } from "drizzle-orm";
import { verifiedEmail } from "@/testing/senders";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact, createTestOrder } from "@/db/factories";
import { getMessageById } from "@/db/queries/messages";
import { getProposalOfMessage, listChangesOfProposal } from "@/db/queries/proposals";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { auditEvents, policyVersions, proposals } from "@/db/schema";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { createBoss } from "@/jobs/boss";
import { ingestMessage } from "../channels/ingest";
import type { MessageInput } from "@/contracts/message-input";
import { getExtractor } from "../extraction";
import { processMessage, recordProcessingFailure } from "./process-message";
import { retryMessage } from "./retry-message";

const { db, close } = createTestDb({ max: 10 });
const boss = createBoss(testDatabaseUrl(), "web");
const deps = { db, boss, extractor: getExtractor() };
const apiActor = { type: "system" as const, id: null, label: "test channel" };

beforeAll(() => boss.start());
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
});
afterAll(async () => {
  await boss.stop({ graceful: false });
  await close();
});

let source = 0;
async function receive(input: Partial<MessageInput> & { sender: string; text: string }) {
  const { message } = await ingestMessage(
    { db, boss },
    {
      input: { channel: "email", sourceId: `test-${++source}-${Date.now()}`, ...verifiedEmail, ...input },
      raw: input,
      actor: apiActor,
    },
  );
  return message;
}

describe("processMessage", () => {
  it("never lets a declined change supersede a person's open proposal for the same field", async () => {
    const contact = await createTestContact(db);
    const sender = `Someone <${contact.email}>`;
    const first = await receive({ sender, text: "Hi, my new phone number is (415) 555-0123. Thanks!" });
    await processMessage(deps, first.id);
    const open = await getProposalOfMessage(db, first.id);
    expect(open?.status).toBe("pending_review");

    // an admin switches phone changes off: a later request for the field is declined
    await db
      .update(policyVersions)
      .set({ rules: { ...defaultPolicyRules, intents: { update_phone: { enabled: false } } } })
      .where(eq(policyVersions.isActive, true));
    const second = await receive({ sender, text: "Hi, my new phone number is (415) 555-0144. Thanks!" });
    await processMessage(deps, second.id);

    expect((await getProposalOfMessage(db, second.id))?.status).toBe("declined");
    const [still] = await db
      .select()
      .from(proposals)
      .where(eq(proposals.id, open?.id ?? ""));
    expect(still?.status).toBe("pending_review");
  });

  it("proposes a phone change against the sender's record, with base, evidence and routing", async () => {
    const contact = await createTestContact(db);
    const message = await receive({
      sender: `Someone <${contact.email?.toUpperCase()}>`,
      text: "Hi, my new phone number is (415) 555-0123. Thanks!",
    });

    const outcome = await processMessage(deps, message.id);

    expect(outcome).toMatchObject({ outcome: "proposed", route: "review" });
    const proposal = await getProposalOfMessage(db, message.id);
    expect(proposal).toMatchObject({
      contactId: contact.id,
      status: "pending_review",
      policyVersion: 1,
      routeRule: "risk_high_needs_person",
    });
    const [change] = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(change).toMatchObject({
      field: "contact.phone",
      baseValue: contact.phone,
      baseVersion: contact.version,
      proposedValue: "+14155550123",
    });
    expect(message.text.slice(change?.evidenceStart ?? 0, change?.evidenceEnd ?? 0)).toContain("555-0123");
    const actions = (await db.select().from(auditEvents).where(eq(auditEvents.messageId, message.id))).map(
      (e) => e.action,
    );
    expect(actions).toEqual([
      "message.received",
      "message.extracted",
      "proposal.proposed",
      "proposal.routed.review",
    ]);
  });

  it("makes one change set however often it runs, even concurrently", async () => {
    const contact = await createTestContact(db);
    const message = await receive({
      sender: contact.email ?? "",
      text: "please update my phone to 415 555 0124",
    });
    const outcomes = await Promise.all(Array.from({ length: 4 }, () => processMessage(deps, message.id)));
    expect(outcomes.filter((o) => o.outcome === "proposed")).toHaveLength(1);
    expect(await db.select().from(proposals).where(eq(proposals.messageId, message.id))).toHaveLength(1);
    expect(await processMessage(deps, message.id)).toMatchObject({ outcome: "already_processed" });
  });

  it("never changes another customer's order named in the text", async () => {
    const sender = await createTestContact(db);
    const victim = await createTestContact(db);
    const victimsOrder = await createTestOrder(db, victim.id);
    const message = await receive({
      sender: sender.email ?? "",
      text: `Please cancel order ${victimsOrder.number} right away.`,
    });
    const outcome = await processMessage(deps, message.id);
    // the order is not the sender's: nothing is proposed, and a person asks which order they meant
    expect(outcome.outcome).toBe("needs_information");
    expect(await db.select().from(proposals)).toHaveLength(0);
  });

  it("proposes a cancellation of the sender's own order, referenced by number", async () => {
    const contact = await createTestContact(db);
    const order = await createTestOrder(db, contact.id);
    const message = await receive({
      sender: contact.email ?? "",
      text: `pls cancel order ${order.number}, wrong size`,
    });
    await processMessage(deps, message.id);
    const proposal = await getProposalOfMessage(db, message.id);
    const [change] = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(change).toMatchObject({
      field: "order.status",
      recordId: order.id,
      baseValue: "processing",
      proposedValue: "cancelled",
    });
  });

  it("records messages that ask for nothing, or come from unknown senders (unmatched), without a proposal", async () => {
    const contact = await createTestContact(db);
    const thanks = await receive({ sender: contact.email ?? "", text: "Thanks for the quick delivery!" });
    const stranger = await receive({
      sender: "nobody@unknown.example",
      text: "my new phone number is 415 555 0199",
    });
    expect(await processMessage(deps, thanks.id)).toMatchObject({ outcome: "no_change" });
    expect(await processMessage(deps, stranger.id)).toMatchObject({
      outcome: "unmatched",
      reason: expect.stringMatching(/does not match a customer/) as unknown,
    });
    expect((await getMessageById(db, stranger.id))?.status).toBe("unmatched");
  });

  it("keeps a message whose processing fails visible with its error, and retries it", async () => {
    const contact = await createTestContact(db);
    const message = await receive({ sender: contact.email ?? "", text: "new phone: 415 555 0125" });
    await db.update(policyVersions).set({ isActive: false }).where(eq(policyVersions.isActive, true));

    const error = await processMessage(deps, message.id).catch((e: unknown) => e);
    expect(String(error)).toMatch(/No active policy/);
    await recordProcessingFailure(db, message.id, error, true);
    const failed = await getMessageById(db, message.id);
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 1,
      error: expect.stringMatching(/No active policy/) as unknown,
    });

    await db.update(policyVersions).set({ isActive: true }).where(eq(policyVersions.version, 1));
    await retryMessage({ db, boss }, { messageId: message.id, actor: apiActor });
    expect((await getMessageById(db, message.id))?.status).toBe("received");
    expect(await processMessage(deps, message.id)).toMatchObject({ outcome: "proposed" });
    expect((await getMessageById(db, message.id))?.error).toBeNull();
  });
});
