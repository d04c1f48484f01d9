import { createServer } from "node:net";
import { signedInAs } from "@/testing/callers";
import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { createTestContact } from "@/db/factories";
import { auditEvents, connectorConfigs, outbox, tickets } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { applyChangeSet } from "../apply/apply-change-set";
import { createApprovedChangeSet } from "../apply/testing";
import { getConnectorConfig } from "./config";
import { startFakeRestServer, type FakeRestServer } from "./testing/fake-rest-server";

const { db, close } = createTestDb();
const secret = "Authorization: Bearer s3cret-value";
let remote: FakeRestServer;

beforeAll(async () => {
  remote = await startFakeRestServer({ requireAuth: "Bearer s3cret-value" });
});
beforeEach(async () => {
  await resetDatabase(db);
  remote.records.clear();
  remote.requests.length = 0;
  remote.appliedPatches.length = 0;
});
afterAll(async () => {
  await remote.close();
  await close();
});

async function auditOf(action: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.action, action)).orderBy(auditEvents.id);
}

/** A loopback port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

async function createTicket() {
  const [ticket] = await db.insert(tickets).values({ subject: "Where is my parcel?" }).returning();
  if (!ticket) throw new Error("ticket not created");
  return ticket;
}

const restTicketing = (url: string) => ({
  store: "ticketing" as const,
  kind: "rest" as const,
  baseUrl: url,
  fieldMapping: { ticket: { status: "state" } },
  timeoutMs: 1500,
  enabled: true,
});

describe("connector.list", () => {
  it("shows every store of the catalog, built in when nothing is stored", async () => {
    const { caller } = await signedInAs(db, "admin");
    const list = await caller.connector.list();
    expect(list.map((c) => [c.store, c.label, c.kind, c.configured])).toEqual([
      ["crm", "CRM", "builtin", false],
      ["ticketing", "Ticketing", "builtin", false],
      ["commerce", "Commerce", "builtin", false],
    ]);
    expect(list[0]).toMatchObject({
      baseUrl: null,
      authHeaderName: null,
      hasAuthHeader: false,
      fieldMapping: {},
      timeoutMs: 5000,
      enabled: true,
      writes: { pending: 0, failed: 0, dead: 0 },
    });
  });
});

describe("connector.save", () => {
  it("stores the configuration and audits it without the auth header's value", async () => {
    const { caller, session } = await signedInAs(db, "admin");
    const saved = await caller.connector.save({
      ...restTicketing("https://help.example.com/api"),
      authHeader: secret,
    });
    expect(saved).toMatchObject({
      store: "ticketing",
      kind: "rest",
      configured: true,
      baseUrl: "https://help.example.com/api",
      authHeaderName: "Authorization",
      hasAuthHeader: true,
      fieldMapping: { ticket: { status: "state" } },
      timeoutMs: 1500,
    });
    expect(JSON.stringify(saved)).not.toContain("s3cret");
    expect((await getConnectorConfig(db, "ticketing"))?.authHeader).toBe(secret);

    const listed = await caller.connector.list();
    expect(listed.find((c) => c.store === "ticketing")).toMatchObject({ kind: "rest", hasAuthHeader: true });
    expect(JSON.stringify(listed)).not.toContain("s3cret");

    const [audit] = await auditOf("connector.configured");
    expect(audit).toMatchObject({ actorId: session.id, entityType: "connector", entityId: "ticketing" });
    expect(audit?.data).toEqual({
      store: "ticketing",
      kind: "rest",
      baseUrl: "https://help.example.com/api",
      enabled: true,
      timeoutMs: 1500,
      fieldMapping: { ticket: { status: "state" } },
      authHeaderChanged: true,
      hasAuthHeader: true,
      previous: null,
    });
    expect(JSON.stringify(audit)).not.toContain("s3cret");
  });

  it("keeps the stored auth header when it is left out, replaces it, and removes it on null", async () => {
    const { caller } = await signedInAs(db, "admin");
    const config = restTicketing("https://help.example.com/api");
    await caller.connector.save({ ...config, authHeader: secret });

    const kept = await caller.connector.save({ ...config, timeoutMs: 2500 });
    expect(kept).toMatchObject({ hasAuthHeader: true, timeoutMs: 2500 });
    expect((await getConnectorConfig(db, "ticketing"))?.authHeader).toBe(secret);

    await caller.connector.save({ ...config, authHeader: "X-Api-Key: another-s3cret" });
    expect((await getConnectorConfig(db, "ticketing"))?.authHeader).toBe("X-Api-Key: another-s3cret");
    expect((await caller.connector.list())[1]).toMatchObject({ authHeaderName: "X-Api-Key" });

    const cleared = await caller.connector.save({ ...config, authHeader: null });
    expect(cleared).toMatchObject({ hasAuthHeader: false, authHeaderName: null });
    expect((await getConnectorConfig(db, "ticketing"))?.authHeader).toBeNull();

    const audits = await auditOf("connector.configured");
    expect(audits.map((a) => (a.data as { authHeaderChanged: boolean }).authHeaderChanged)).toEqual([
      true,
      false,
      true,
      true,
    ]);
    expect(JSON.stringify(audits)).not.toContain("s3cret");
  });

  it("refuses a bad base URL, a REST store without one, and a mapping of unknown fields, writing nothing", async () => {
    const { caller } = await signedInAs(db, "admin");
    const config = restTicketing("https://help.example.com/api");
    const refusals: [object, string][] = [
      [{ baseUrl: "help.example.com" }, "baseUrl: Enter an http:// or https:// URL"],
      [{ baseUrl: "ftp://help.example.com/api" }, "baseUrl: Enter an http:// or https:// URL"],
      [{ baseUrl: "https://me:pw@help.example.com/api" }, "baseUrl: Put credentials in the auth header"],
      [{ baseUrl: null }, "baseUrl: A REST connector needs a base URL"],
      [
        { fieldMapping: { ticket: { subject: "title" } } },
        "fieldMapping.ticket.subject: ticket.subject is not a field of the ticketing store; it can map ticket.status, ticket.priority",
      ],
      [
        { fieldMapping: { contact: { phone: "mobile" } } },
        "fieldMapping.contact.phone: contact.phone is not a field of the ticketing store",
      ],
      [
        { fieldMapping: { ticket: { status: "  " } } },
        "fieldMapping.ticket.status: Enter the remote field name",
      ],
      [{ authHeader: "Bearer abc" }, "authHeader: Write the header as `Name: value`"],
      [{ timeoutMs: 50 }, "timeoutMs: Use 100 to 60000 ms"],
    ];
    for (const [change, message] of refusals) {
      const error: unknown = await caller.connector.save({ ...config, ...change }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: "BAD_REQUEST" });
      // what the console shows: the error formatter writes each issue as `path: message`
      const issues = error instanceof TRPCError && error.cause instanceof ZodError ? error.cause.issues : [];
      expect(issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toContain(message);
    }
    expect(await db.select().from(connectorConfigs)).toEqual([]);
    expect(await auditOf("connector.configured")).toEqual([]);
  });

  it("refuses to switch a store away from REST while writes to it wait in the outbox", async () => {
    const { caller } = await signedInAs(db, "admin");
    await caller.connector.save({
      store: "crm",
      kind: "rest",
      baseUrl: `${remote.url}/api`,
      authHeader: secret,
    });
    const contact = await createTestContact(db);
    const { proposal } = await createApprovedChangeSet(db, {
      contactId: contact.id,
      changes: [
        { field: "contact.phone", recordId: contact.id, value: "+14155550188", intent: "update_phone" },
      ],
    });
    await applyChangeSet(
      { db },
      {
        proposalId: proposal.id,
        actor: { type: "policy", id: null, label: "policy" },
      },
    );
    expect((await caller.connector.list())[0]?.writes).toEqual({ pending: 1, failed: 0, dead: 0 });

    await expect(caller.connector.save({ store: "crm", kind: "builtin" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(
        /^CRM still has 1 write waiting in the outbox .*Switching it to built in .*Outbox page/,
      ),
    });
    await expect(
      caller.connector.save({ store: "crm", kind: "rest", baseUrl: `${remote.url}/api`, enabled: false }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Disabling it now") });
    expect(await getConnectorConfig(db, "crm")).toMatchObject({
      kind: "rest",
      enabled: true,
      authHeader: secret,
    });
    expect(await auditOf("connector.configured")).toHaveLength(1);

    // other settings of a REST store may still change meanwhile
    await expect(
      caller.connector.save({ store: "crm", kind: "rest", baseUrl: `${remote.url}/api`, timeoutMs: 900 }),
    ).resolves.toMatchObject({ timeoutMs: 900, writes: { pending: 1 } });

    // once delivered, the store may go back to built in
    await db.update(outbox).set({ status: "sent" }).where(eq(outbox.proposalId, proposal.id));
    await expect(caller.connector.save({ store: "crm", kind: "builtin" })).resolves.toMatchObject({
      kind: "builtin",
      writes: { pending: 0, failed: 0, dead: 0 },
    });
  });
});

describe("connector.test", () => {
  it("reads one existing record with the form's settings and reports the answer, never writing", async () => {
    const { caller } = await signedInAs(db, "admin");
    const ticket = await createTicket();
    remote.put("api/ticket", ticket.id, { state: "open", priority: "normal" });
    const url = `${remote.url}/api`;

    const result = await caller.connector.test({
      store: "ticketing",
      baseUrl: url,
      authHeader: secret,
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({
      ok: true,
      status: 200,
      url: `${url}/tickets/${ticket.id}`,
      recordLabel: `Ticket #${ticket.number}`,
      message: `Read Ticket #${ticket.number} (version "v1").`,
    });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(remote.requests.at(-1)?.headers.authorization).toBe("Bearer s3cret-value");

    // the stored header is used when the form leaves it out, and none when the form removes it
    await caller.connector.save({ ...restTicketing(url), authHeader: secret });
    await expect(caller.connector.test({ store: "ticketing", baseUrl: url })).resolves.toMatchObject({
      ok: true,
      status: 200,
    });
    await expect(
      caller.connector.test({ store: "ticketing", baseUrl: url, authHeader: null }),
    ).resolves.toMatchObject({
      ok: false,
      status: 401,
      message: expect.stringContaining("Check the auth header"),
    });

    // a record the remote system does not have, a dead port, a hang
    await expect(
      caller.connector.test({ store: "ticketing", baseUrl: `${remote.url}/other` }),
    ).resolves.toMatchObject({ ok: false, status: 404, message: expect.stringContaining("is not there") });
    await expect(
      caller.connector.test({ store: "ticketing", baseUrl: `http://127.0.0.1:${await closedPort()}` }),
    ).resolves.toMatchObject({
      ok: false,
      status: null,
      message: expect.stringContaining("connection refused"),
    });
    remote.onNextGet({ kind: "hang", ms: 1000 });
    await expect(
      caller.connector.test({ store: "ticketing", baseUrl: url, timeoutMs: 200 }),
    ).resolves.toMatchObject({
      ok: false,
      status: null,
      message: expect.stringContaining("no answer within 200 ms"),
    });

    expect(remote.requests.map((r) => r.method)).not.toContain("PATCH");
    expect(remote.appliedPatches).toEqual([]);
    expect(remote.get("api/ticket", ticket.id)?.version).toBe(1);
  });

  it("says when there is no record to read", async () => {
    const { caller } = await signedInAs(db, "admin");
    await expect(caller.connector.test({ store: "commerce", baseUrl: remote.url })).resolves.toMatchObject({
      ok: false,
      status: null,
      message: expect.stringContaining("There is no order in Changedesk yet"),
    });
    expect(remote.requests).toEqual([]);
  });
});

describe("connector procedures are for admins only", () => {
  it("refuses list, save and test to leads, reviewers and auditors, writing and sending nothing", async () => {
    const ticket = await createTicket();
    remote.put("ticket", ticket.id, { state: "open" });
    for (const role of ["lead", "reviewer", "auditor"] as const) {
      const { caller } = await signedInAs(db, role);
      await expect(caller.connector.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(caller.connector.save(restTicketing(remote.url))).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        caller.connector.test({ store: "ticketing", baseUrl: remote.url, authHeader: secret }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.select().from(connectorConfigs)).toEqual([]);
    expect(await auditOf("connector.configured")).toEqual([]);
    expect(remote.requests).toEqual([]);
  });
});
