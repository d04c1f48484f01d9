import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { callerAs, callerFor } from "@/testing/callers";
import { createReviewProposal, createTestContact, createTestUser } from "@/db/factories";
import { updateUser } from "@/db/queries/users";
import { createTestDb, resetDatabase } from "@/testing/database";
import { loadSessionUser } from "../auth/session";
import { authenticateApiKey } from "../channels/api-key";
import { getConnectorConfig } from "../connectors/config";
import { createApiKey } from "../users/manage";

const { db, close } = createTestDb();
beforeEach(() => resetDatabase(db));
afterAll(() => close());

describe("permissions are checked by every procedure", () => {
  it("refuses admin procedures to reviewers and auditors", async () => {
    const target = await createTestUser(db, "reviewer");
    const key = await createApiKey(db, {
      name: "integration",
      channels: ["api"],
      trustedSender: false,
      actor: null,
    });
    for (const role of ["reviewer", "auditor", "lead"] as const) {
      const caller = await callerAs(db, role);
      await expect(caller.user.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.user.setRole({ userId: target.id, role: "admin" })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.user.setDisabled({ userId: target.id, disabled: true })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.user.createApiKey({ name: "sneaky" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.user.create({
          name: "Sneaky",
          email: "sneaky@example.com",
          role: "admin",
          password: "a long enough password",
        }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.user.listApiKeys()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.user.revokeApiKey({ apiKeyId: key.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(caller.policy.versions()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.connector.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.connector.save({ store: "crm", kind: "rest", baseUrl: "https://crm.example.com/api" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.connector.test({ store: "crm", baseUrl: "https://crm.example.com/api" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await authenticateApiKey(db, key.secret)).not.toBeNull();
    expect(await getConnectorConfig(db, "crm")).toBeUndefined();
    const admin = await callerAs(db, "admin");
    await expect(admin.user.setRole({ userId: target.id, role: "lead" })).resolves.toMatchObject({
      role: "lead",
    });
  });

  it("lets an auditor read but never decide", async () => {
    const contact = await createTestContact(db);
    const { proposal } = await createReviewProposal(db, { contact });
    const auditor = await callerAs(db, "auditor");
    await expect(auditor.proposal.get({ id: proposal.id })).resolves.toMatchObject({
      proposal: { id: proposal.id },
    });
    await expect(auditor.audit.list({ limit: 10 })).resolves.toBeDefined();
    await expect(
      auditor.proposal.approve({ proposalId: proposal.id, expectedVersion: 1, edits: [] }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      auditor.proposal.reject({ proposalId: proposal.id, expectedVersion: 1, reason: "no" + "pe" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      auditor.message.addNote({ noteId: crypto.randomUUID(), contactId: contact.id, text: "hi" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // linking an unmatched message and sending a drafted reply are decisions
    const messageId = proposal.messageId ?? contact.id;
    await expect(
      auditor.message.linkCustomer({ messageId, contactId: contact.id, expectedStatus: "unmatched" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      auditor.message.sendReply({
        messageId,
        expectedStatus: "needs_information",
        subject: "Re: your message",
        body: "Which order do you mean?",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(auditor.message.attentionCounts()).resolves.toHaveLength(2);
  });

  it("keeps reviewers out of the audit trail and signed-out callers out of everything", async () => {
    const reviewer = await callerAs(db, "reviewer");
    await expect(reviewer.audit.list({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const anonymous = callerFor(db, null);
    await expect(anonymous.proposal.list({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.customer.list({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.message.attentionCounts()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(anonymous.message.get({ id: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject(
      {
        code: "UNAUTHORIZED",
      },
    );
  });

  it("applies a disabled account or a changed role on the next request", async () => {
    const user = await createTestUser(db, "admin");
    expect((await loadSessionUser(db, user.id, 1))?.role).toBe("admin");
    await updateUser(db, user.id, { role: "reviewer" });
    const demoted = await loadSessionUser(db, user.id, 1);
    expect(demoted?.role).toBe("reviewer");
    await expect(callerFor(db, demoted).user.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    await updateUser(db, user.id, { disabledAt: new Date() });
    expect(await loadSessionUser(db, user.id, 1)).toBeNull();
  });
});
