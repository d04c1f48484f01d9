import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact, createTestOrder } from "@/db/factories";
import { getProposalById } from "@/db/queries/proposals";
import { outbox } from "@/db/schema";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { createBoss } from "@/jobs/boss";
import { registerHandlers } from "@/worker/handlers";
import { applyChangeSet } from "../apply/apply-change-set";
import { createApprovedChangeSet } from "../apply/testing";
import { upsertConnectorConfig } from "../connectors/config";
import { startFakeRestServer, type FakeRestServer } from "../connectors/testing/fake-rest-server";
import { getExtractor } from "../extraction";
import { readNotificationConfig } from "../notifications/config";
import { createNoticeSender } from "../notifications/send";
import { startSmtpSink, type SmtpSink } from "../notifications/testing/smtp-sink";

const { db, close } = createTestDb({ max: 10 });
let worker: PgBoss;
let smtp: SmtpSink;
let remote: FakeRestServer;

beforeAll(async () => {
  smtp = await startSmtpSink();
  remote = await startFakeRestServer();
  worker = createBoss(testDatabaseUrl(), "worker");
  await worker.start();
  const noticeSender = createNoticeSender(readNotificationConfig({ SMTP_URL: smtp.url }));
  await registerHandlers(
    { db, boss: worker, extractor: getExtractor(), noticeSender },
    { concurrency: 4, pollingIntervalSeconds: 0.5, outboxSweepMs: 300 },
  );
});
beforeEach(async () => {
  await resetDatabase(db);
  smtp.received.length = 0;
});
afterAll(async () => {
  await worker.stop({ graceful: false });
  await smtp.close();
  await remote.close();
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

describe("outbox delivery by the worker", () => {
  it("emails the notice of a change set applied without a queue handle, as an approval in the web process is", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createApprovedChangeSet(db, {
      contactId: contact.id,
      changes: [{ field: "contact.name", recordId: contact.id, value: "Ana Silva" }],
      message: { sender: contact.email ?? "" },
    });
    // no `boss`: the outbox item is due at once and the sweeper sends its delivery job
    await applyChangeSet(
      { db },
      { proposalId: proposal.id, actor: { type: "policy", id: null, label: "p" } },
    );
    await waitFor(async () => (smtp.received.length === 1 ? true : undefined), "the email");
    expect(smtp.received[0]?.text).toContain("We have updated your name to Ana Silva.");
    const [item] = await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id));
    expect(item).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("retries a failing external write with backoff through the queue until it lands, once", async () => {
    await upsertConnectorConfig(db, {
      store: "commerce",
      kind: "rest",
      baseUrl: remote.url,
      timeoutMs: 1000,
    });
    const contact = await createTestContact(db);
    const order = await createTestOrder(db, contact.id);
    remote.put("order", order.id, { status: order.status });
    const { proposal } = await createApprovedChangeSet(db, {
      contactId: contact.id,
      changes: [{ field: "order.status", recordId: order.id, value: "cancelled", intent: "cancel_order" }],
      message: { sender: contact.email ?? "", subject: "Cancel" },
    });
    remote.onNextPatch({ kind: "status", status: 503 }, 2);
    await applyChangeSet(
      { db, boss: worker },
      { proposalId: proposal.id, actor: { type: "policy", id: null, label: "p" } },
    );
    expect((await getProposalById(db, proposal.id))?.status).toBe("partially_applied");
    await waitFor(
      async () => ((await getProposalById(db, proposal.id))?.status === "applied" ? true : undefined),
      "the write to land",
      25_000,
    );
    expect(remote.get("order", order.id)?.values.status).toBe("cancelled");
    expect(remote.appliedPatches).toHaveLength(1);
    const write = (await db.select().from(outbox).where(eq(outbox.proposalId, proposal.id))).find(
      (i) => i.kind === "connector_write",
    );
    expect(write).toMatchObject({ status: "sent", attempts: 3 });
    await waitFor(async () => (smtp.received.length === 1 ? true : undefined), "the cancellation notice");
    expect(smtp.received[0]?.text).toContain(`We have cancelled Order ${order.number}.`);
  }, 40_000);
});
