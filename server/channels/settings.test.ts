import { randomUUID } from "node:crypto";
import { callerAs } from "@/testing/callers";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postApiRoute } from "@/app/api/channels/api/messages/route";
import { POST as postChatRoute } from "@/app/api/channels/chat/route";
import { POST as postEmailRoute } from "@/app/api/channels/email/route";
import { POST as postTicketRoute } from "@/app/api/channels/ticket/route";
import { getChannelSettings } from "@/db/queries/channels";
import { getMessageById } from "@/db/queries/messages";
import { auditEvents } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../boss";
import { signChatBody } from "./chat-signature";

const { db, close } = createTestDb();
beforeEach(() => resetDatabase(db));
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

function postChat(secret: string) {
  const body = JSON.stringify({ eventId: `evt-${randomUUID()}`, userId: "ana.silva", text: "hello" });
  return postChatRoute(
    new Request("http://localhost/api/channels/chat", {
      method: "POST",
      headers: { "x-changedesk-signature": signChatBody(secret, body, Math.floor(Date.now() / 1000)) },
      body,
    }),
  );
}

async function channelAudit() {
  return db.select().from(auditEvents).where(like(auditEvents.action, "channel.%")).orderBy(auditEvents.id);
}

describe("the chat signing secret", () => {
  it("is set and rotated by an admin, audited without the secret, never sent back, and the old one stops working", async () => {
    const admin = await callerAs(db, "admin");
    expect(await admin.channel.settings()).toMatchObject({
      chat: { secretSet: false, changedAt: null },
    });
    expect((await postChat("anything at all, long enough")).status).toBe(503);

    const first = "first-secret-0123456789-abcdef";
    const view = await admin.channel.setChatSecret({ secret: first });
    expect(view.chat).toMatchObject({
      secretSet: true,
      changedBy: expect.stringMatching(/^Admin/) as unknown,
    });
    expect(JSON.stringify(view)).not.toContain(first);
    expect(JSON.stringify(await admin.channel.settings())).not.toContain(first);
    expect((await postChat(first)).status).toBe(201);

    const second = "second-secret-9876543210-fedcba";
    await admin.channel.setChatSecret({ secret: second });
    expect((await postChat(first)).status).toBe(401);
    expect((await postChat(second)).status).toBe(201);
    expect((await getChannelSettings(db, "chat"))?.secret).toBe(second);

    const audit = await channelAudit();
    expect(audit.map((event) => event.action)).toEqual([
      "channel.chat_secret_set",
      "channel.chat_secret_rotated",
    ]);
    expect(audit[0]?.data).toEqual({ channel: "chat", from: "no secret", to: "a new secret" });
    expect(audit[1]?.data).toMatchObject({ from: expect.stringMatching(/^a secret set \d{4}-/) as unknown });
    const written = JSON.stringify(audit);
    expect(written).not.toContain(first);
    expect(written).not.toContain(second);
    expect(audit.every((event) => event.actorType === "user")).toBe(true);
  });

  it("refuses a short or spaced secret and keeps the one in use", async () => {
    const admin = await callerAs(db, "admin");
    await admin.channel.setChatSecret({ secret: "a-good-secret-0123456789-xyz" });
    await expect(admin.channel.setChatSecret({ secret: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      admin.channel.setChatSecret({ secret: "has spaces in it but is long enough" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await getChannelSettings(db, "chat"))?.secret).toBe("a-good-secret-0123456789-xyz");
  });
});

describe("trusted receiving mail servers", () => {
  const email = (authservId: string) =>
    [
      "From: Ana Silva <ana@example.com>",
      `Authentication-Results: ${authservId}; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com`,
      "Subject: Hello",
      `Message-ID: <${randomUUID()}@example.com>`,
      "",
      "Just saying hello.",
      "",
    ].join("\r\n");

  it("decide whose Authentication-Results the email channel believes; changes are audited from → to", async () => {
    const admin = await callerAs(db, "admin");
    const key = await admin.user.createApiKey({ name: "relay", channels: ["email"], trustedSender: false });
    const post = async () => {
      const response = await postEmailRoute(
        new Request("http://localhost/api/channels/email", {
          method: "POST",
          headers: { "content-type": "message/rfc822", authorization: `Bearer ${key.secret}` },
          body: email("mx.example.com"),
        }),
      );
      expect(response.status).toBe(201);
      return getMessageById(db, ((await response.json()) as { id: string }).id);
    };
    expect((await post())?.senderVerification).toBe("unverified");

    const view = await admin.channel.setTrustedAuthservIds({
      authservIds: [" MX.Example.com ", "mx.example.com", "relay.example.net"],
    });
    expect(view.email.trustedAuthservIds).toEqual(["mx.example.com", "relay.example.net"]);
    expect((await post())?.senderVerification).toBe("email_authenticated");

    // the same list again changes nothing
    await admin.channel.setTrustedAuthservIds({ authservIds: ["mx.example.com", "relay.example.net"] });
    await admin.channel.setTrustedAuthservIds({ authservIds: ["relay.example.net"] });
    expect((await post())?.senderVerification).toBe("unverified");

    await expect(
      admin.channel.setTrustedAuthservIds({ authservIds: ["mx.example.com; dkim=pass"] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const audit = await channelAudit();
    expect(audit.map((event) => event.data)).toEqual([
      {
        channel: "email",
        from: [],
        to: ["mx.example.com", "relay.example.net"],
        added: ["mx.example.com", "relay.example.net"],
        removed: [],
      },
      {
        channel: "email",
        from: ["mx.example.com", "relay.example.net"],
        to: ["relay.example.net"],
        added: [],
        removed: ["mx.example.com"],
      },
    ]);
  });
});

describe("API keys scoped to channels", () => {
  it("are created with their channels and trust, listed with them, and refused elsewhere", async () => {
    const admin = await callerAs(db, "admin");
    const key = await admin.user.createApiKey({
      name: "helpdesk",
      channels: ["ticket"],
      trustedSender: true,
    });
    expect(await admin.user.listApiKeys()).toMatchObject([
      { id: key.id, channels: ["ticket"], trustedSender: true },
    ]);
    const headers = { "content-type": "application/json", authorization: `Bearer ${key.secret}` };
    const onApi = await postApiRoute(
      new Request("http://localhost/api/channels/api/messages", {
        method: "POST",
        headers,
        body: JSON.stringify({ sourceId: "x-1", sender: "ana@example.com", text: "hello" }),
      }),
    );
    expect(onApi.status).toBe(403);
    const onTicket = await postTicketRoute(
      new Request("http://localhost/api/channels/ticket", {
        method: "POST",
        headers,
        body: JSON.stringify({
          noteId: "n-1",
          ticket: { number: 1 },
          requester: { email: "ana@example.com" },
          author: { kind: "customer" },
          text: "hello",
        }),
      }),
    );
    expect(onTicket.status).toBe(201);
    const [created] = await db.select().from(auditEvents).where(eq(auditEvents.action, "api_key.created"));
    expect(created?.data).toMatchObject({ channels: ["ticket"], trustedSender: true });
  });
});

describe("channel settings are admin-only, checked in the procedure", () => {
  it("refuse leads, reviewers and auditors and change nothing", async () => {
    for (const role of ["lead", "reviewer", "auditor"] as const) {
      const caller = await callerAs(db, role);
      await expect(caller.channel.settings()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.channel.setChatSecret({ secret: "sneaky-secret-0123456789-abc" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        caller.channel.setTrustedAuthservIds({ authservIds: ["evil.example"] }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await getChannelSettings(db, "chat")).toBeUndefined();
    expect(await getChannelSettings(db, "email")).toBeUndefined();
    expect(await channelAudit()).toEqual([]);
  });
});
