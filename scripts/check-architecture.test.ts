import { describe, expect, it } from "vitest";
import { findStatusWritesOutsideStateMachine, statusWritesIn } from "./check-architecture";

describe("the status-write rule (npm run check:architecture)", () => {
  it("finds no proposal status written outside server/proposals/state-machine.ts in the tree", () => {
    expect(findStatusWritesOutsideStateMachine()).toEqual([]);
  });

  // each way this codebase could write a status without the compare-and-set, as a service would
  const raw: [string, string][] = [
    [
      "the compare-and-set query itself",
      `await compareAndSetProposal(tx, { id, fromStatuses: [], set: {} });`,
    ],
    ["updateProposal with a status", `await updateProposal(tx, older.id, { status: "superseded" });`],
    [
      "drizzle update with a status",
      `await tx.update(proposals).set({ status: "superseded" }).where(eq(proposals.id, id));`,
    ],
    [
      "drizzle update through the schema namespace",
      `await tx.update(schema.proposals).set({ status }).where(eq(schema.proposals.id, id));`,
    ],
    [
      "drizzle update with a computed patch",
      `await tx.update(proposals).set(patch).where(eq(proposals.id, id));`,
    ],
    [
      "an upsert that sets a status",
      `await tx.insert(proposals).values(row).onConflictDoUpdate({ target: proposals.id, set: { status: "approved" } });`,
    ],
    ["raw SQL", "await tx.execute(sql`update proposals set status = 'superseded' where id = ${id}`);"],
    [
      "quoted raw SQL",
      'await tx.execute(sql`update "proposals" set "status" = \'superseded\' where "id" = ${id}`);',
    ],
    [
      "the sql template's column",
      "await tx.execute(sql`update ${proposals} set ${proposals.status} = 'superseded' where id = ${id}`);",
    ],
  ];

  it.each(raw)("catches %s in a service", (_name, source) => {
    expect(statusWritesIn("server/proposals/supersede.ts", source).length).toBeGreaterThan(0);
  });

  it("leaves writes of other columns alone", () => {
    expect(
      statusWritesIn(
        "server/apply/finish.ts",
        `await updateProposal(tx, id, { rolledBackByProposalId: x });`,
      ),
    ).toEqual([]);
    expect(
      statusWritesIn(
        "db/queries/review.ts",
        `await db.update(proposals).set({ claimedBy: null, claimExpiresAt: null });`,
      ),
    ).toEqual([]);
    expect(
      statusWritesIn(
        "server/proposals/state-machine.ts",
        `return compareAndSetProposal(db, { id, expectedVersion });`,
      ),
    ).toEqual([]);
  });
});
