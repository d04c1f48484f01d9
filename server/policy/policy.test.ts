import { eq } from "drizzle-orm";
import { callerAs } from "@/testing/callers";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createTestContact } from "@/db/factories";
import { getActivePolicy } from "@/db/queries/policies";
import { insertProposal, insertProposedChanges } from "@/db/queries/proposals";
import { auditEvents, policyVersions } from "@/db/schema";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { PolicyRules } from "@/contracts/policy-rules";
import { simulatePolicy } from "./simulate";

const { db, close } = createTestDb({ max: 10 });
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
});
afterAll(() => close());

const lowerThreshold: PolicyRules = { ...defaultPolicyRules, autoApplyThreshold: 0.85 };

describe("publishing a policy", () => {
  it("makes a new active version, keeps the old one, and audits what changed", async () => {
    const admin = await callerAs(db, "admin");
    const published = await admin.policy.publish({
      rules: lowerThreshold,
      note: "More automation for consent",
      basedOnVersion: 1,
    });
    expect(published.version).toBe(2);
    expect(published.changes).toEqual([{ path: "autoApplyThreshold", from: 0.9, to: 0.85 }]);
    expect((await getActivePolicy(db))?.rules.autoApplyThreshold).toBe(0.85);
    const versions = await db.select().from(policyVersions).orderBy(policyVersions.version);
    expect(versions.map((v) => [v.version, v.isActive])).toEqual([
      [1, false],
      [2, true],
    ]);
    const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, "policy.published"));
    expect(event).toMatchObject({
      policyVersion: 2,
      entityType: "policy",
      data: { from: 1, to: 2, note: "More automation for consent" },
    });
  });

  it("records only what an admin changed, not the defaults the form fills in", async () => {
    const admin = await callerAs(db, "admin");
    const rules: PolicyRules = {
      ...defaultPolicyRules,
      fields: { "contact.phone": { enabled: true, risk: "low" } },
      intents: { update_name: { enabled: false } },
    };
    const published = await admin.policy.publish({
      rules,
      note: "Phones are low risk here",
      basedOnVersion: 1,
    });
    expect(published.changes).toEqual([
      { path: "fields.contact.phone.risk", from: null, to: "low" },
      { path: "intents.update_name.enabled", from: null, to: false },
    ]);
    // and the active policy reads back with its defaults
    expect((await getActivePolicy(db))?.rules.fields["contact.phone"]).toEqual({
      enabled: true,
      risk: "low",
    });
  });

  it("lets exactly one of two admins publish over the same version", async () => {
    const [first, second] = await Promise.all([callerAs(db, "admin"), callerAs(db, "admin")]);
    const results = await Promise.allSettled([
      first.policy.publish({ rules: lowerThreshold, note: "Lower the bar", basedOnVersion: 1 }),
      second.policy.publish({
        rules: { ...defaultPolicyRules, declineBelow: 0.3 },
        note: "Decline more",
        basedOnVersion: 1,
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused?.reason).toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("Policy v2 was published after you opened v1"),
    });
    expect(await db.select().from(policyVersions).where(eq(policyVersions.isActive, true))).toHaveLength(1);
    expect(await db.select().from(policyVersions)).toHaveLength(2);
  });

  it("refuses rules that change nothing, invalid thresholds and a missing note, writing nothing", async () => {
    const admin = await callerAs(db, "admin");
    const sameMeaning = { ...defaultPolicyRules, intents: { update_phone: { enabled: true } } };
    await expect(
      admin.policy.publish({ rules: sameMeaning, note: "No-op", basedOnVersion: 1 }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nothing to publish"),
    });
    await expect(
      admin.policy.publish({
        rules: { ...defaultPolicyRules, autoApplyThreshold: 1.5 },
        note: "Too high",
        basedOnVersion: 1,
      }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      admin.policy.publish({ rules: lowerThreshold, note: "", basedOnVersion: 1 }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await db.select().from(policyVersions)).toHaveLength(1);
  });

  it("is for admins only", async () => {
    for (const role of ["lead", "reviewer", "auditor"] as const) {
      const caller = await callerAs(db, role);
      await expect(
        caller.policy.publish({ rules: lowerThreshold, note: "Not mine to change", basedOnVersion: 1 }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.policy.simulate({ rules: lowerThreshold, days: 30 })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
    }
  });
});

describe("simulating a policy", () => {
  /** a one-change set as the pipeline would have written it, then what people did with it */
  async function changeSet(params: {
    contactId: string;
    field: "contact.marketingConsent" | "contact.name";
    confidence: number;
    route: "auto_apply" | "review";
    outcome: "applied" | "rejected" | "edited" | "open";
    minutesAgo: number;
  }) {
    const createdAt = new Date(Date.now() - params.minutesAgo * 60_000);
    const intent = params.field === "contact.name" ? "update_name" : "marketing_subscribe";
    const status =
      params.outcome === "open" ? "pending_review" : params.outcome === "rejected" ? "rejected" : "applied";
    const proposal = await insertProposal(db, {
      kind: "change",
      contactId: params.contactId,
      status,
      intents: [intent],
      summary: `${intent} at ${params.confidence}`,
      confidence: params.confidence,
      route: params.route,
      routeRule: "test",
      createdAt,
    });
    await insertProposedChanges(db, [
      {
        proposalId: proposal.id,
        position: 0,
        intent,
        store: "crm",
        entity: "contact",
        recordId: params.contactId,
        recordLabel: "Test contact",
        field: params.field,
        baseVersion: 1,
        proposedValue: params.field === "contact.name" ? "Ana Silva" : true,
        editedValue: params.outcome === "edited" ? "Ana M. Silva" : null,
        confidence: params.confidence,
        risk: params.field === "contact.name" ? "medium" : "low",
        route: params.route,
        routeRule: "test",
        status: status === "pending_review" ? "pending" : status,
      },
    ]);
    return proposal.id;
  }

  it("shows which sets would move and what reviewers did with the ones it would automate", async () => {
    const [ana, ben, cho] = await Promise.all([
      createTestContact(db),
      createTestContact(db),
      createTestContact(db),
    ]);
    if (!ana || !ben || !cho) throw new Error("contacts");
    const accepted = await changeSet({
      contactId: ana.id,
      field: "contact.marketingConsent",
      confidence: 0.86,
      route: "review",
      outcome: "applied",
      minutesAgo: 50,
    });
    const corrected = await changeSet({
      contactId: ben.id,
      field: "contact.marketingConsent",
      confidence: 0.87,
      route: "review",
      outcome: "rejected",
      minutesAgo: 40,
    });
    const automatic = await changeSet({
      contactId: cho.id,
      field: "contact.name",
      confidence: 0.97,
      route: "auto_apply",
      outcome: "applied",
      minutesAgo: 30,
    });
    await changeSet({
      contactId: cho.id,
      field: "contact.marketingConsent",
      confidence: 0.5,
      route: "review",
      outcome: "open",
      minutesAgo: 20,
    });
    // older than the window: not replayed
    await changeSet({
      contactId: ana.id,
      field: "contact.marketingConsent",
      confidence: 0.88,
      route: "review",
      outcome: "applied",
      minutesAgo: 60 * 24 * 40,
    });

    const simulation = await simulatePolicy(db, {
      rules: { ...lowerThreshold, mediumRiskThreshold: 0.98 },
      days: 30,
    });
    expect(simulation.changeSets).toBe(4);
    expect(simulation.current).toEqual({ auto_apply: 1, review: 3, decline: 0 });
    expect(simulation.candidate).toEqual({ auto_apply: 2, review: 2, decline: 0 });
    expect(simulation.moves).toEqual(
      expect.arrayContaining([
        { from: "review", to: "auto_apply", count: 2 },
        { from: "auto_apply", to: "review", count: 1 },
      ]),
    );
    expect(simulation.newlyAutomatic).toMatchObject({ count: 2, accepted: 1, corrected: 1, open: 0 });
    // what a reviewer corrected comes first: it is what automation would have got wrong
    expect(simulation.newlyAutomatic.examples.map((e) => e.proposalId)).toEqual([corrected, accepted]);
    expect(simulation.newlyReviewed.examples.map((e) => e.proposalId)).toEqual([automatic]);
  });

  it("counts an edited value as a correction and replays the per-customer daily limit in order", async () => {
    const ana = await createTestContact(db);
    if (!ana) throw new Error("contact");
    await changeSet({
      contactId: ana.id,
      field: "contact.marketingConsent",
      confidence: 0.95,
      route: "auto_apply",
      outcome: "applied",
      minutesAgo: 30,
    });
    const edited = await changeSet({
      contactId: ana.id,
      field: "contact.name",
      confidence: 0.93,
      route: "review",
      outcome: "edited",
      minutesAgo: 20,
    });
    const simulation = await simulatePolicy(db, {
      rules: { ...defaultPolicyRules, mediumRiskThreshold: 0.9, maxAutoAppliesPerCustomerPerDay: 1 },
      days: 1,
    });
    // the second set would have hit the limit of one automatic change per customer and day
    expect(simulation.candidate).toEqual({ auto_apply: 1, review: 1, decline: 0 });
    const loose = await simulatePolicy(db, {
      rules: { ...defaultPolicyRules, mediumRiskThreshold: 0.9 },
      days: 1,
    });
    expect(loose.newlyAutomatic).toMatchObject({ count: 1, corrected: 1 });
    expect(loose.newlyAutomatic.examples[0]?.proposalId).toBe(edited);
  });
});
