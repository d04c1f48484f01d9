import { eq } from "drizzle-orm";
import { verifiedEmail } from "@/testing/senders";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact } from "@/db/factories";
import { getMessageById } from "@/db/queries/messages";
import { getProposalOfMessage } from "@/db/queries/proposals";
import { getContactById } from "@/db/queries/records";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { appliedChanges, policyVersions } from "@/db/schema";
import { createTestDb, resetDatabase, testDatabaseUrl } from "@/testing/database";
import { ingestMessage } from "@/server/channels/ingest";
import { getExtractor } from "@/server/extraction";
import { createBoss } from "@/jobs/boss";
import { registerHandlers } from "@/worker/handlers";

const { db, close } = createTestDb({ max: 10 });
let worker: PgBoss;

beforeAll(async () => {
  worker = createBoss(testDatabaseUrl(), "worker");
  await worker.start();
  await registerHandlers(
    { db, boss: worker, extractor: getExtractor() },
    { concurrency: 4, pollingIntervalSeconds: 0.5 },
  );
});
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
});
afterAll(async () => {
  await worker.stop({ graceful: false });
  await close();
});

/** Waits for a condition on our own tables (job state lives there), failing after a deadline. */
async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let source = 0;
async function receive(sender: string, text: string) {
  const { message } = await ingestMessage(
    { db, boss: worker },
    {
      input: {
        channel: "email",
        sourceId: `worker-${++source}-${Date.now()}`,
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

const addressText =
  "Hello, I moved. My new address is:\n48 Willow Street\nApt 3B\nPortland, OR 97209\n\nBest regards";

describe("the worker", () => {
  it("takes a received message to a proposal waiting for review", async () => {
    const contact = await createTestContact(db);
    const message = await receive(contact.email ?? "", "my new phone number is (415) 555-0131, thanks");
    const proposal = await waitFor(() => getProposalOfMessage(db, message.id), "a proposal");
    expect(proposal.status).toBe("pending_review");
    expect((await getMessageById(db, message.id))?.status).toBe("proposed");
  });

  it("applies what the policy auto-approves, exactly once, and leaves the rest", async () => {
    await db.update(policyVersions).set({ isActive: false }).where(eq(policyVersions.version, 1));
    await db
      .insert(policyVersions)
      .values({ version: 2, isActive: true, rules: { ...defaultPolicyRules, mediumRiskThreshold: 0.8 } });
    const contact = await createTestContact(db);
    const message = await receive(contact.email ?? "", addressText);

    const proposal = await waitFor(async () => {
      const p = await getProposalOfMessage(db, message.id);
      return p?.status === "applied" ? p : undefined;
    }, "the auto-applied proposal");
    expect(proposal).toMatchObject({ route: "auto_apply", policyVersion: 2 });
    const updated = await getContactById(db, contact.id);
    expect(updated?.postalAddress).toMatchObject({
      line1: "48 Willow Street",
      line2: "Apt 3B",
      city: "Portland",
      postalCode: "97209",
    });
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id)),
    ).toHaveLength(1);

    // a re-delivered apply job finds the proposal applied and does nothing
    await worker.send("proposal-apply", { proposalId: proposal.id });
    await worker.send("proposal-apply", { proposalId: proposal.id });
    const jobs = await waitFor(async () => {
      const found = await worker.findJobs("proposal-apply", { data: { proposalId: proposal.id } });
      return found.length === 3 && found.every((job) => job.state === "completed") ? found : undefined;
    }, "the three apply jobs to complete");
    expect(jobs.map((job) => (job.output as { result: { status: string } }).result.status).sort()).toEqual([
      "already_applied",
      "already_applied",
      "applied",
    ]);
    expect(
      await db.select().from(appliedChanges).where(eq(appliedChanges.proposalId, proposal.id)),
    ).toHaveLength(1);
    expect((await getContactById(db, contact.id))?.version).toBe(updated?.version);
  });
});
