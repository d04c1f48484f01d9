import { eq } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/channels/api/messages/route";
import { auditEvents, messages } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../boss";
import { createApiKey } from "../users/manage";

const { db, close } = createTestDb();
let apiKey = "";

beforeEach(async () => {
  await resetDatabase(db);
  apiKey = (await createApiKey(db, { name: "test", channels: ["api"], trustedSender: true, actor: null }))
    .secret;
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

function post(body: unknown, key: string | null = apiKey) {
  return POST(
    new Request("http://localhost/api/channels/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const message = {
  sourceId: "crm-4711",
  sender: "ana@example.com",
  subject: "New phone",
  text: "Please use 415 555 0142 from now on.",
};

describe("POST /api/channels/api/messages", () => {
  it("stores a message once per (channel, source id) and queues its processing with it", async () => {
    const first = await post(message);
    expect(first.status).toBe(201);
    const created = (await first.json()) as { id: string; created: boolean };
    expect(created.created).toBe(true);

    const again = await post({ ...message, text: "a re-delivery with other text" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: created.id, created: false });

    const stored = await db.select().from(messages);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.text).toBe(message.text);
    expect(stored[0]?.raw).toEqual(message);
    expect(
      await db.select().from(auditEvents).where(eq(auditEvents.action, "message.received")),
    ).toHaveLength(1);
    const jobs = await (await getBoss()).findJobs("message-process", { data: { messageId: created.id } });
    expect(jobs).toHaveLength(1);
  });

  it("answers 400 with a clear message for invalid payloads and stores nothing", async () => {
    const missing = await post({ sourceId: "x-1", text: "hello" });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { message: string }).message).toMatch(/sender/);
    const notJson = await post("{not json");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ error: "invalid_json" });
    expect(await db.select().from(messages)).toHaveLength(0);
  });

  it("answers 401 without a valid API key", async () => {
    expect((await post(message, null)).status).toBe(401);
    expect((await post(message, "cdk_000000000000_wrong")).status).toBe(401);
    expect((await post(message, apiKey.slice(0, -2) + "xx")).status).toBe(401);
    expect(await db.select().from(messages)).toHaveLength(0);
  });
});
