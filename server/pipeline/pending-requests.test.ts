import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifiedEmail } from "@/testing/senders";
import { createTestContact, createTestOrder } from "@/db/factories";
import { getMessageById } from "@/db/queries/messages";
import { createBoss } from "@/jobs/boss";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { ingestMessage } from "../channels/ingest";
import { getExtractor } from "../extraction";
import type { Extractor } from "../extraction/types";
import { getMessageDetail } from "../messages/detail";
import { linkMessageToCustomer } from "../messages/link-customer";
import { getProposalOfMessage, listChangesOfProposal } from "@/db/queries/proposals";
import { processMessage } from "./process-message";

// No worker here: the test runs the pipeline itself, with the extractor it chooses.
const { db, close } = createTestDb({ max: 10 });
const boss = createBoss(testDatabaseUrl(), "web");
const deps = { db, boss, extractor: getExtractor() };

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
async function receive(sender: string, text: string) {
  const { message } = await ingestMessage(
    { db, boss },
    {
      input: {
        channel: "email",
        sourceId: `pending-${++source}-${Date.now()}`,
        sender,
        text,
        ...verifiedEmail,
      },
      raw: { text },
      actor: { type: "system", id: null, label: "test" },
    },
  );
  return message;
}

describe("a message with nothing to propose is never silently dropped", () => {
  it("a sender matching several customers is unmatched too", async () => {
    const shared = "family@shared.example";
    await createTestContact(db, { email: shared });
    await createTestContact(db, { email: shared });
    const message = await receive(shared, "please update my phone to 415 555 0124");
    expect(await processMessage(deps, message.id)).toMatchObject({
      outcome: "unmatched",
      reason: expect.stringMatching(/several customers/) as unknown,
    });
  });

  it("a message linked by a person goes to review even where the policy would apply it alone", async () => {
    const contact = await createTestContact(db, { marketingConsent: true });
    const text = "Please unsubscribe me from your marketing emails.";
    // the same request from the customer's own address, for comparison
    const own = await receive(contact.email ?? "", text);
    await processMessage(deps, own.id);
    const ownProposal = await getProposalOfMessage(db, own.id);
    expect(ownProposal).toMatchObject({ route: "auto_apply" });
    const ownChanges = await listChangesOfProposal(db, ownProposal?.id ?? "");

    const stranger = await receive("other-address@elsewhere.example", text);
    expect(await processMessage(deps, stranger.id)).toMatchObject({ outcome: "unmatched" });
    await linkMessageToCustomer(deps, {
      messageId: stranger.id,
      contactId: contact.id,
      expectedStatus: "unmatched",
      actor: { type: "system", id: null, label: "a reviewer" },
    });
    expect(await processMessage(deps, stranger.id)).toMatchObject({ outcome: "proposed", route: "review" });
    const [change] = await listChangesOfProposal(db, (await getProposalOfMessage(db, stranger.id))?.id ?? "");
    expect(change).toMatchObject({
      field: ownChanges[0]?.field,
      routeRule: "evidence_sender_linked_by_person",
    });
  });

  it("an order action naming no order, with several open, asks which order", async () => {
    const contact = await createTestContact(db);
    await createTestOrder(db, contact.id);
    await createTestOrder(db, contact.id);
    const message = await receive(contact.email ?? "", "cancel my order please");
    const outcome = await processMessage(deps, message.id);
    expect(outcome).toMatchObject({ outcome: "needs_information" });
    const stored = await getMessageById(db, message.id);
    expect(stored?.pendingRequests).toEqual([
      expect.objectContaining({ intent: "cancel_order", reference: "order" }),
    ]);
    const detail = await getMessageDetail(db, message.id);
    expect(detail.draft?.body).toContain("the number of the order you mean");
  });

  it("a flagged message that asked for something lands with a person, its flags and language stored", async () => {
    const contact = await createTestContact(db);
    const flagging: Extractor = {
      name: "flagging",
      version: "test",
      extract: () =>
        Promise.resolve({
          intents: [{ intent: "no_change", confidence: 0.9 }],
          changes: [],
          language: "pl",
          flags: ["unsupported_language"],
        }),
    };
    const message = await receive(contact.email ?? "", "Prosze zmienic moj numer telefonu");
    const outcome = await processMessage({ ...deps, extractor: flagging }, message.id);
    expect(outcome).toMatchObject({
      outcome: "needs_information",
      reason: expect.stringMatching(/language/) as unknown,
    });
    expect(await getMessageById(db, message.id)).toMatchObject({
      status: "needs_information",
      language: "pl",
      flags: ["unsupported_language"],
    });
    const detail = await getMessageDetail(db, message.id);
    expect(detail.flags).toEqual([
      { flag: "unsupported_language", reason: "the message is in a language the extractor cannot read" },
    ]);
    // no wording in Polish: the draft is English, and asks what to change
    expect(detail.draft).toMatchObject({ language: "en" });
    expect(detail.draft?.body).toContain("could not tell exactly what you would like us to change");
  });

  it("keeps a stranger's message that asks for nothing as no_change: linking it would change nothing", async () => {
    const message = await receive("newsletter@shop.example", "Thanks for the quick delivery!");
    expect(await processMessage(deps, message.id)).toMatchObject({
      outcome: "no_change",
      reason: expect.stringMatching(/no change requested \(sender .* does not match a customer/) as unknown,
    });
  });

  it("keeps no_change for a message that asks for nothing", async () => {
    const contact = await createTestContact(db);
    const message = await receive(contact.email ?? "", "Thanks for the quick delivery!");
    expect(await processMessage(deps, message.id)).toMatchObject({
      outcome: "no_change",
    });
  });
});
