import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/channels/email/route";
import { upsertChannelSettings } from "@/db/queries/channels";
import { getMessageById, type Message } from "@/db/queries/messages";
import { putInOutbox } from "@/jobs/outbox-delivery";
import { createTestDb, resetDatabase } from "@/testing/database";
import { callerAs } from "@/testing/callers";
import { getBoss } from "../boss";
import { emailChannelRequest, plainEmail as email } from "../channels/email/testing/emails";
import { ensureDefaultPolicy } from "../policy/default-policy";
import { createApiKey } from "../users/manage";
import { getMessageThread } from "./thread";

const { db, close } = createTestDb({ max: 10 });
let key = "";

beforeAll(async () => {
  await (await getBoss()).start();
});
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
  await upsertChannelSettings(db, { channel: "email", settings: { trustedAuthservIds: [] } });
  key = (await createApiKey(db, { name: "relay", channels: ["email"], trustedSender: false, actor: null }))
    .secret;
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

async function receive(raw: string): Promise<Message> {
  const response = await POST(emailChannelRequest(raw, { key }));
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const message = await getMessageById(db, id);
  if (!message) throw new Error("not stored");
  return message;
}

/** Ana's conversation: her email, our notice answering it, and two replies linked by In-Reply-To/References. */
async function anasConversation() {
  const first = await receive(
    email(
      {
        From: "Ana Silva <ana.silva@example.com>",
        Subject: "New address",
        Date: "Wed, 01 Jan 2025 10:00:00 +0000",
        "Message-ID": "<ana-1@example.com>",
      },
      "We moved. Please update my address to 12 Elm Road, Springfield, IL 62704.",
    ),
  );
  const notice = await putInOutbox(
    { db },
    {
      kind: "notification",
      idempotencyKey: `notice:thread-test-${first.id}`,
      messageId: first.id,
      channel: "email",
      recipient: first.sender,
      payload: { subject: "Re: New address", body: "Hello Ana,\n\nwe updated your postal address." },
      createdAt: new Date("2025-01-01T10:30:00Z"),
    },
  );
  if (!notice?.emailMessageId) throw new Error("no notice");
  const second = await receive(
    email(
      {
        // the same address, written without a display name, is the same correspondent
        From: "ana.silva@example.com",
        Subject: "Re: New address",
        Date: "Wed, 01 Jan 2025 11:00:00 +0000",
        "Message-ID": "<ana-2@example.com>",
        "In-Reply-To": `<${notice.emailMessageId}>`,
        References: `<ana-1@example.com> <${notice.emailMessageId}>`,
      },
      "Thanks! One more thing: the flat number is 3B.",
    ),
  );
  const third = await receive(
    email(
      {
        From: "Ana Silva <Ana.Silva@Example.com>",
        Subject: "Re: New address",
        Date: "Wed, 01 Jan 2025 12:00:00 +0000",
        "Message-ID": "<ana-3@example.com>",
        "In-Reply-To": "<ana-2@example.com>",
        References: "<ana-1@example.com> <ana-2@example.com>",
      },
      "Sorry, it is 3C, not 3B.",
    ),
  );
  return { first, notice, second, third };
}

describe("a message's conversation", () => {
  it("links emails by In-Reply-To and References, and shows them with our notice in time order", async () => {
    const { first, notice, second, third } = await anasConversation();
    expect(second.threadId).toBe(first.id);
    expect(third.threadId).toBe(first.id);

    const { entries, truncated } = await getMessageThread(db, second);
    expect(truncated).toBe(false);
    expect(entries.map((entry) => [entry.kind, entry.id, entry.direction, entry.current])).toEqual([
      ["message", first.id, "inbound", false],
      ["notice", notice.id, "outbound", false],
      ["message", second.id, "inbound", true],
      ["message", third.id, "inbound", false],
    ]);
    expect(entries[0]).toMatchObject({
      from: "Ana Silva <ana.silva@example.com>",
      subject: "New address",
      href: `/messages/${first.id}`,
      snippet: "We moved. Please update my address to 12 Elm Road, Springfield, IL 62704.",
    });
    expect(entries[1]).toMatchObject({
      from: "Changedesk",
      to: "Ana Silva <ana.silva@example.com>",
      status: "pending",
      subject: "Re: New address",
      // no proposal: the notice links to the message it answered
      href: `/messages/${first.id}`,
      snippet: "Hello Ana, we updated your postal address.",
    });

    // the message page reads the same thread through tRPC
    const caller = await callerAs(db, "reviewer");
    const detail = await caller.message.get({ id: third.id });
    expect(detail.thread.entries.map((entry) => entry.id)).toEqual([
      first.id,
      notice.id,
      second.id,
      third.id,
    ]);
    expect(detail.thread.entries.find((entry) => entry.current)?.id).toBe(third.id);
  });

  it("does not let forged In-Reply-To or References from another address join (and show) another customer's thread", async () => {
    const { first, notice, second } = await anasConversation();
    const forged = await receive(
      email(
        {
          From: "Mallory <mallory@evil.example>",
          Subject: "Re: New address",
          Date: "Wed, 01 Jan 2025 13:00:00 +0000",
          "Message-ID": "<mallory-1@evil.example>",
          "In-Reply-To": "<ana-2@example.com>",
          References: `<ana-1@example.com> <${notice.emailMessageId}> <ana-2@example.com>`,
        },
        "Actually, send everything to 1 Attacker Lane instead.",
      ),
    );
    const forgedNotice = await receive(
      email(
        {
          From: "mallory@evil.example",
          Subject: "Re: New address",
          Date: "Wed, 01 Jan 2025 13:05:00 +0000",
          "Message-ID": "<mallory-2@evil.example>",
          "In-Reply-To": `<${notice.emailMessageId}>`,
        },
        "Replying to your notice to Ana.",
      ),
    );
    // each starts a conversation of its own
    expect(forged.threadId).toBe(forged.id);
    expect(forgedNotice.threadId).toBe(forgedNotice.id);

    const theirs = await getMessageThread(db, forged);
    expect(theirs.entries.map((entry) => entry.id)).toEqual([forged.id]);
    const hers = await getMessageThread(db, second);
    expect(hers.entries.map((entry) => entry.id)).not.toContain(forged.id);
    expect(hers.entries.map((entry) => entry.id)).not.toContain(forgedNotice.id);
    expect(hers.entries.map((entry) => entry.id)).toContain(first.id);
  });

  it("does not let a planted Message-ID with an early Date capture a later customer's replies", async () => {
    // Mallory writes first, claiming the id Ana's mail client will use, and dates it years back
    const planted = await receive(
      email(
        {
          From: "mallory@evil.example",
          Subject: "hello",
          Date: "Sat, 01 Jan 2000 00:00:01 +0000",
          "Message-ID": "<ana-1@example.com>",
        },
        "nothing to see",
      ),
    );
    const { first, second, third } = await anasConversation();
    expect(first.threadId).toBe(first.id);
    expect(second.threadId).toBe(first.id);
    expect(third.threadId).toBe(first.id);
    expect((await getMessageThread(db, third)).entries.map((entry) => entry.id)).not.toContain(planted.id);
  });

  it("a message alone is a conversation of one, marked as the current one", async () => {
    const lone = await receive(
      email(
        { From: "ben@example.com", Subject: "Hi", "Message-ID": "<ben-1@example.com>" },
        "Just saying hi.",
      ),
    );
    const { entries } = await getMessageThread(db, lone);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      id: lone.id,
      current: true,
      direction: "inbound",
      snippet: "Just saying hi.",
    });
  });
});
