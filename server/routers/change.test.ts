import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { callerAs } from "@/testing/callers";
import { createTestContact } from "@/db/factories";
import { getContactById } from "@/db/queries/records";
import { createTestDb, resetDatabase } from "@/testing/database";
import { applyChangeSet } from "../apply/apply-change-set";
import { createApprovedChangeSet } from "../apply/testing";
import { getBoss } from "../boss";
import { logger } from "../observability/logger";
import { createCaller } from "./index";

const { db, close } = createTestDb();
beforeEach(() => resetDatabase(db));
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

async function appliedNameChange() {
  const contact = await createTestContact(db);
  const { proposal } = await createApprovedChangeSet(db, {
    contactId: contact.id,
    changes: [{ field: "contact.name", recordId: contact.id, value: "Ana Silva" }],
    message: { sender: contact.email ?? "" },
  });
  await applyChangeSet(
    { db },
    { proposalId: proposal.id, actor: { type: "policy", id: null, label: "policy" } },
  );
  return { contact, proposal };
}

describe("the change router", () => {
  it("lets leads roll back and refuses reviewers and auditors, who can still see the state", async () => {
    const { contact, proposal } = await appliedNameChange();
    for (const role of ["reviewer", "auditor"] as const) {
      const caller = await callerAs(db, role);
      await expect(caller.change.rollBack({ proposalId: proposal.id })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        caller.change.retryPartial({ proposalId: proposal.id, actions: [] }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.change.state({ proposalId: proposal.id })).resolves.toMatchObject({
        applied: [{ field: "contact.name", rolledBackAt: null }],
      });
    }
    const lead = await callerAs(db, "lead");
    const result = await lead.change.rollBack({ proposalId: proposal.id });
    expect(result.outcome.status).toBe("applied");
    expect((await getContactById(db, contact.id))?.name).toBe(contact.name);
    const state = await lead.change.state({ proposalId: proposal.id });
    expect(state.applied[0]?.rolledBackByProposalId).toBe(result.rollbackProposalId);
    expect(state.rollbacks).toHaveLength(1);
    await expect(lead.change.rollBack({ proposalId: proposal.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/already been rolled back/) as unknown,
    });
    const outbox = await lead.change.outbox({ limit: 10 });
    expect(outbox.items.map((i) => i.kind)).toEqual(["notification", "notification"]);
  });

  it("refuses signed-out callers", async () => {
    const anonymous = createCaller({ db, getBoss, user: null, log: logger, requestId: "test" });
    await expect(anonymous.change.outbox({ limit: 10 })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
