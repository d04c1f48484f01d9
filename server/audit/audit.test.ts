import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { appendAuditEvents, systemActor } from "./append";
import { verifyAuditChain } from "./verify";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

async function appendMany(count: number) {
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      db.transaction((tx) =>
        appendAuditEvents(tx, [
          { actor: systemActor, action: "test.event", entityType: "test", entityId: String(i), data: { i } },
        ]),
      ),
    ),
  );
}

describe("audit trail", () => {
  it("keeps one unbroken hash chain under concurrent appends", async () => {
    await appendMany(40);
    await expect(verifyAuditChain(db)).resolves.toEqual({ ok: true, checked: 40 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE from the application", async () => {
    await appendMany(2);
    const refused = { cause: { message: expect.stringMatching(/append-only/) as unknown } };
    await expect(db.execute(sql`update audit_events set action = 'edited'`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`delete from audit_events`)).rejects.toMatchObject(refused);
    await expect(db.execute(sql`truncate audit_events`)).rejects.toMatchObject(refused);
    expect(await db.select().from(auditEvents)).toHaveLength(2);
  });

  it("detects an edit or a deletion made around the guard", async () => {
    await appendMany(5);
    // a superuser can switch the triggers off; the chain still gives the edit away
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`update audit_events set data = '{"i": 99}' where id = (select id from audit_events order by id offset 2 limit 1)`,
      );
    });
    const edited = await verifyAuditChain(db);
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(edited.reason).toMatch(/edited/);

    await resetDatabase(db);
    await appendMany(5);
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        sql`delete from audit_events where id = (select id from audit_events order by id offset 1 limit 1)`,
      );
    });
    const removed = await verifyAuditChain(db);
    expect(removed.ok).toBe(false);
    if (!removed.ok) expect(removed.reason).toMatch(/removed/);
  });
});
