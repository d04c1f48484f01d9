import { generateKeyPairSync } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { appendAuditEvents, systemActor } from "./append";
import { sealAuditEvents, sealingLagSeconds, writeCheckpoint } from "./seal";
import { keyIdOf, type SigningKey } from "./signing-key";
import { verifyAuditChain, type AuditVerification } from "./verify";

const { db, close } = createTestDb({ max: 10 });
beforeEach(() => resetDatabase(db));
afterAll(() => close());

function testKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}
const key = testKey();

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

/**
 * Seals until every event is in the chain. The horizon is cluster-wide, so another test's open
 * transaction elsewhere on the server can hold it back for a moment: wait it out.
 */
async function sealAll() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    while ((await sealAuditEvents(db, { limit: 7 })).sealed > 0);
    const [left] = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from audit_events e where not exists (select 1 from audit_seals s where s.event_id = e.id)`);
    if (!left?.n) return;
    if (Date.now() > deadline) throw new Error(`${left.n} events stayed unsealed for 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Runs statements as a superuser who switched the guard off. */
async function tamper(statement: ReturnType<typeof sql>) {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await tx.execute(statement);
  });
}

const broken = (result: AuditVerification) => {
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.reason;
};

describe("audit trail", () => {
  it("appends concurrently without waiting on a lock, and seals every event once into one chain", async () => {
    const holder = createTestDb({ max: 1 });
    try {
      // an open transaction that has appended: other appends must not wait for it
      let release!: () => void;
      const held = holder.db.transaction(async (tx) => {
        await appendAuditEvents(tx, [
          { actor: systemActor, action: "test.slow", entityType: "test", entityId: "slow" },
        ]);
        await new Promise<void>((resolve) => (release = resolve));
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await appendMany(40);
      expect(Date.now() - started).toBeLessThan(5000);
      // the open transaction holds the horizon back: nothing written after it is sealed yet
      while ((await sealAuditEvents(db)).sealed > 0);
      const [sealed] = await db.execute<{ n: number }>(sql`select count(*)::int as n from audit_seals`);
      expect(sealed?.n).toBe(0);
      expect(await sealingLagSeconds(db)).toBeGreaterThan(0);
      release();
      await held;
    } finally {
      await holder.close();
    }
    await sealAll();
    await expect(verifyAuditChain(db, { publicKey: key.publicKey })).resolves.toMatchObject({
      ok: true,
      checked: 41,
      unsealed: 0,
    });
    const seals = await db.execute<{ n: number; events: number }>(
      sql`select count(*)::int as n, count(distinct event_id)::int as events from audit_seals`,
    );
    expect(seals[0]).toEqual({ n: 41, events: 41 });
    expect(await sealingLagSeconds(db)).toBe(0);
  });

  it("lets one sealer at a time link events, so concurrent rounds never fork the chain", async () => {
    await appendMany(60);
    await Promise.all(Array.from({ length: 6 }, () => sealAll()));
    await expect(verifyAuditChain(db)).resolves.toMatchObject({ ok: true, checked: 60 });
  });

  it("refuses UPDATE, DELETE and TRUNCATE of events, links and checkpoints", async () => {
    await appendMany(2);
    await sealAll();
    await writeCheckpoint(db, key);
    const tables = { audit_events: "id", audit_seals: "seq", audit_checkpoints: "id" };
    for (const [table, key] of Object.entries(tables)) {
      const refused = { cause: { message: expect.stringMatching(/append-only/) as unknown } };
      await expect(db.execute(sql.raw(`update ${table} set ${key} = ${key}`))).rejects.toMatchObject(refused);
      await expect(db.execute(sql.raw(`delete from ${table}`))).rejects.toMatchObject(refused);
      await expect(db.execute(sql.raw(`truncate ${table}`))).rejects.toMatchObject(refused);
    }
    expect(await db.select().from(auditEvents)).toHaveLength(2);
  });

  describe("tampering made around the guard is detected and named", () => {
    beforeEach(async () => {
      await appendMany(6);
      await sealAll();
    });
    const eventAt = (offset: number) =>
      sql`(select event_id from audit_seals order by seq offset ${offset} limit 1)`;

    it("an edited event", async () => {
      const [edited] = await db.execute<{ id: number }>(sql`select ${eventAt(2)}::int as id`);
      await tamper(sql`update audit_events set data = '{"i": 99}' where id = ${eventAt(2)}`);
      const result = await verifyAuditChain(db);
      expect(broken(result)).toMatch(new RegExp(`event ${edited?.id} \\(link 3\\) was edited`));
    });

    it("a deleted event", async () => {
      await tamper(sql`delete from audit_events where id = ${eventAt(1)}`);
      expect(broken(await verifyAuditChain(db))).toMatch(/\(link 2\) was deleted/);
    });

    it("a deleted event with its link", async () => {
      await tamper(sql`delete from audit_events where id = ${eventAt(1)}`);
      await tamper(sql`delete from audit_seals where seq = 2`);
      expect(broken(await verifyAuditChain(db))).toMatch(/link 2 is missing/);
    });

    it("two events swapped (reordered)", async () => {
      await tamper(sql`update audit_seals set event_id = -event_id where seq in (3, 4)`);
      await tamper(sql`
        update audit_seals s set event_id = case s.seq
          when 3 then (select -event_id from audit_seals where seq = 4)
          else (select -event_id from audit_seals where seq = 3) end
        where s.seq in (3, 4)`);
      expect(broken(await verifyAuditChain(db))).toMatch(/\(link 3\) was edited or moved/);
    });

    it("an event slipped into sealed history", async () => {
      await tamper(sql`
        insert into audit_events (actor_type, actor_label, action, entity_type, entity_id, txid)
        values ('system', 'pipeline', 'test.forged', 'test', 'x', '3'::xid8)`);
      expect(broken(await verifyAuditChain(db))).toMatch(/was inserted into sealed history/);
    });

    it("a rewritten chain, recomputed to look consistent, against a signed checkpoint", async () => {
      await writeCheckpoint(db, key);
      // the forger edits event 1 and recomputes every link after it, as our own sealer would
      await tamper(sql`update audit_events set data = '{"i": -1}' where id = ${eventAt(0)}`);
      await tamper(sql`delete from audit_seals`);
      await sealAll();
      expect(broken(await verifyAuditChain(db, { publicKey: key.publicKey }))).toMatch(
        /does not match checkpoint \d+ at link 6/,
      );
    });

    it("a forged checkpoint", async () => {
      const forger = testKey();
      await writeCheckpoint(db, forger);
      expect(broken(await verifyAuditChain(db, { publicKey: key.publicKey }))).toMatch(
        /checkpoint \d+ at link 6 is forged/,
      );
    });

    it("a cut-off tail, against the checkpoint exported out of the database", async () => {
      const exported = await writeCheckpoint(db, key);
      if (!exported) throw new Error("no checkpoint was written");
      await tamper(sql`delete from audit_checkpoints`);
      await tamper(sql`delete from audit_seals where seq > 4`);
      await tamper(sql`delete from audit_events where id not in (select event_id from audit_seals)`);
      expect(broken(await verifyAuditChain(db, { publicKey: key.publicKey, exported }))).toMatch(
        /no longer contains the exported checkpoint at link 6/,
      );
    });
  });
});
