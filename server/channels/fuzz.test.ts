import { createHash, randomUUID } from "node:crypto";
import fc from "fast-check";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postApiRoute } from "@/app/api/channels/api/messages/route";
import { POST as postChatRoute } from "@/app/api/channels/chat/route";
import { POST as postEmailRoute } from "@/app/api/channels/email/route";
import { POST as postTicketRoute } from "@/app/api/channels/ticket/route";
import { upsertChannelSettings } from "@/db/queries/channels";
import { messages } from "@/db/schema";
import { createTestDb, resetDatabase } from "@/testing/database";
import { getBoss } from "../boss";
import { createApiKey } from "../users/manage";
import { signChatBody } from "./chat-signature";

/**
 * Thousands of malformed and hostile bodies against the channel routes, through the real handlers
 * and Postgres. For every body: the handler does not throw, never answers 5xx, and either stores
 * it (2xx, and the row is there) or refuses it with a 4xx and a reason (and then stores nothing).
 * Chat bodies are signed correctly, so the body itself is what is tested, not the signature.
 */

const { db, close } = createTestDb({ max: 10 });
const chatSecret = "fuzz-chat-secret";
let key = "";

type Route = "api" | "chat" | "ticket" | "email";
type Outcome = "stored" | "duplicate" | "refused";
const tally = new Map<string, Record<Outcome, number>>();
const counts = { bodies: 0, thrown: 0, serverErrors: 0 };

beforeAll(async () => {
  await resetDatabase(db);
  key = (
    await createApiKey(db, {
      name: "fuzz",
      channels: ["api", "email", "ticket"],
      trustedSender: false,
      actor: null,
    })
  ).secret;
  await upsertChannelSettings(db, { channel: "chat", secret: chatSecret, settings: {} });
  await upsertChannelSettings(db, {
    channel: "email",
    settings: { trustedAuthservIds: ["mx.changedesk.test"] },
  });
});
afterAll(async () => {
  const rows = [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, t]) =>
        `  ${name.padEnd(28)} ${String(t.stored).padStart(5)} stored ${String(t.duplicate).padStart(4)} duplicate ${String(t.refused).padStart(5)} refused`,
    );
  console.log(
    [
      `channel fuzz: ${counts.bodies} bodies, ${counts.thrown} thrown, ${counts.serverErrors} answered 5xx`,
      ...rows,
    ].join("\n"),
  );
  await (await getBoss()).stop({ graceful: false });
  await close();
});

const paths: Record<Route, string> = {
  api: "api/messages",
  chat: "chat",
  ticket: "ticket",
  email: "email",
};
const handlers: Record<Route, (request: Request) => Promise<Response>> = {
  api: postApiRoute,
  chat: postChatRoute,
  ticket: postTicketRoute,
  email: postEmailRoute,
};

function send(route: Route, body: Uint8Array): Promise<Response> {
  const headers: Record<string, string> = {
    "content-type": route === "email" ? "message/rfc822" : "application/json",
  };
  if (route === "chat")
    headers["x-changedesk-signature"] = signChatBody(
      chatSecret,
      Buffer.from(body),
      Math.floor(Date.now() / 1000),
    );
  else headers.authorization = `Bearer ${key}`;
  return handlers[route](
    new Request(`http://localhost/api/channels/${paths[route]}`, {
      method: "POST",
      headers,
      body: new Uint8Array(body),
    }),
  );
}

async function messageCount(): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(messages);
  return row?.count ?? 0;
}

/** Sends one body and checks the contract; the tally counts it under its route and kind. */
async function checkBody(route: Route, kind: string, body: Uint8Array): Promise<void> {
  counts.bodies++;
  const before = await messageCount();
  let response: Response;
  try {
    response = await send(route, body);
  } catch (error) {
    counts.thrown++;
    throw error;
  }
  if (response.status >= 500) counts.serverErrors++;
  const answer = (await response.json()) as { id?: unknown; created?: unknown; message?: unknown };
  const after = await messageCount();
  const label = `${response.status} ${JSON.stringify(answer).slice(0, 300)}`;
  expect(response.status, label).toBeLessThan(500);
  let outcome: Outcome;
  if (response.status === 201 || response.status === 200) {
    expect(typeof answer.id, label).toBe("string");
    const [row] = await db
      .select({ channel: messages.channel, html: messages.html })
      .from(messages)
      .where(eq(messages.id, String(answer.id)));
    expect(row?.channel, label).toBe(route);
    // whatever the channel delivered, no script reaches the stored HTML
    expect(row?.html ?? "", label).not.toMatch(/<script|javascript:|\son\w+=/i);
    expect(answer.created, label).toBe(response.status === 201);
    expect(after, label).toBe(response.status === 201 ? before + 1 : before);
    outcome = response.status === 201 ? "stored" : "duplicate";
  } else {
    expect(response.status, label).toBeGreaterThanOrEqual(400);
    expect(typeof answer.message, label).toBe("string");
    expect(String(answer.message).trim().length, label).toBeGreaterThan(0);
    expect(after, label).toBe(before);
    outcome = "refused";
  }
  const entry = tally.get(`${route} ${kind}`) ?? { stored: 0, duplicate: 0, refused: 0 };
  entry[outcome]++;
  tally.set(`${route} ${kind}`, entry);
}

const utf8 = (text: string) => new TextEncoder().encode(text);

// ----- pieces of hostile text -----

/** Characters that trip up storage, display or parsing; the lone surrogates and NUL must be refused. */
const edgeCharacters = [
  "\u0000",
  "\u0001",
  "\u0008",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u00a0",
  "\u00ad",
  "\u200b",
  "\u200d",
  "\u200e",
  "\u202e",
  "\u2028",
  "\u2029",
  "\u2066",
  "\ufeff",
  "\ufffd",
  "\uffff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\udfff",
  "\u{10ffff}",
  "\u{1f600}",
  "\u{1f469}\u200d\u{1f4bb}",
  "e\u0301",
  "\u0665",
  "\u05d0",
  "\u0928\u094d",
  "\u{e0001}",
  "ﷺ",
  "'",
  '"',
  "\\",
  "<",
  ">",
  "&",
  "%00",
  "${x}",
  "{{x}}",
];
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const hostileText = fc.oneof(
  fc.string({ unit: fc.constantFrom(...edgeCharacters), minLength: 1, maxLength: 40 }),
  fc.string({ unit: codeUnit, minLength: 1, maxLength: 60 }),
  fc.string({ unit: "binary", minLength: 1, maxLength: 60 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 200 }),
);
const prototypeKey = fc.constantFrom(
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "__defineGetter__",
  "valueOf",
);

// ----- JSON bodies -----

type Template = Record<string, unknown>;

/** A valid body for each JSON route; the fuzzers bend it. */
const templates: Record<Exclude<Route, "email">, fc.Arbitrary<Template>> = {
  api: fc.record({
    sourceId: fc.uuid().map((id) => `fuzz-${id}`),
    sender: fc.constantFrom("fuzz@example.com", "Fuzz Person <fuzz@example.com>", "+14155550142"),
    subject: fc.string({ maxLength: 40 }),
    text: fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text.length > 0),
    html: fc.constantFrom(
      "<p>hello</p>",
      "<p>hi</p><script>alert(1)</script>",
      '<img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>',
      "<svg onload=alert(1)><style>*{}</style>",
    ),
  }),
  chat: fc.record({
    eventId: fc.uuid().map((id) => `evt-${id}`),
    userId: fc.constantFrom("ana.silva", "fuzz-user", "42"),
    userName: fc.string({ maxLength: 30 }),
    conversationId: fc.uuid(),
    text: fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text.length > 0),
  }),
  ticket: fc.record({
    noteId: fc.uuid().map((id) => `note-${id}`),
    ticket: fc.record({
      number: fc.integer({ min: 1, max: 1_000_000 }),
      subject: fc.string({ maxLength: 40 }),
    }),
    requester: fc.constant({ email: "fuzz@example.com" }),
    author: fc.oneof(
      fc.constant({ kind: "customer" }),
      fc.record({
        kind: fc.constant("agent"),
        email: fc.constant("agent@example.com"),
        name: fc.string({ maxLength: 30 }),
      }),
    ),
    text: fc.string({ minLength: 1, maxLength: 200 }).filter((text) => text.length > 0),
  }),
};

/** Sets a value at a path of keys, creating objects on the way; `__proto__` stays an own key. */
function withValue(body: Template, path: string[], value: unknown): Template {
  const [head, ...rest] = path;
  if (head === undefined) return body;
  const inner = body[head];
  const next = rest.length
    ? withValue(
        inner && typeof inner === "object" && !Array.isArray(inner) ? (inner as Template) : {},
        rest,
        value,
      )
    : value;
  const copy: Template = { ...body };
  Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

function nested(depth: number, shape: "array" | "object"): string {
  return shape === "array"
    ? `${"[".repeat(depth)}1${"]".repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

/** Inserts bytes that no UTF-8 decoder accepts into the middle of a JSON string value. */
const invalidUtf8Sequences = [
  [0xff],
  [0xc0, 0x80],
  [0xc1, 0xbf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0x80],
  [0xfe, 0xff],
];

function jsonBody(route: Exclude<Route, "email">): fc.Arbitrary<{ kind: string; body: Uint8Array }> {
  const template = templates[route];
  const fields =
    route === "api"
      ? ["sourceId", "sender", "subject", "text", "html", "receivedAt", "metadata"]
      : route === "chat"
        ? ["eventId", "userId", "userName", "conversationId", "text", "sentAt", "metadata"]
        : [
            "noteId",
            "ticket",
            "ticket.number",
            "requester",
            "requester.email",
            "author",
            "author.kind",
            "author.email",
            "text",
            "createdAt",
            "metadata",
          ];
  const as = (kind: string) => (body: string | Uint8Array) => ({
    kind,
    body: typeof body === "string" ? utf8(body) : body,
  });

  return fc.oneof(
    // well-formed, with text in any script: these are stored
    {
      weight: 3,
      arbitrary: fc
        .tuple(template, fc.string({ unit: "grapheme", minLength: 1, maxLength: 300 }))
        .map(([body, text]) => JSON.stringify({ ...body, text }))
        .map(as("valid")),
    },
    {
      weight: 2,
      arbitrary: fc
        .jsonValue({ maxDepth: 6 })
        .map((value) => JSON.stringify(value) ?? "null")
        .map(as("random json")),
    },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 4096 }).map(as("random bytes")) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          template,
          fc.integer({ min: 20, max: 40_000 }),
          fc.constantFrom("array" as const, "object" as const),
          fc.boolean(),
        )
        .map(([body, depth, shape, top]) =>
          top
            ? nested(depth, shape)
            : JSON.stringify(body).replace(/}$/, `,"metadata":{"tree":${nested(depth, shape)}}}`),
        )
        .map(as("deep nesting")),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          template,
          fc.constantFrom(...fields.filter((f) => !f.includes("."))),
          fc.constantFrom(99_999, 100_001, 500_001, 1_048_577, 3_000_000),
          fc.constantFrom("x", "é", "😀"),
        )
        .map(([body, field, length, unit]) =>
          JSON.stringify({ ...body, [field]: unit.repeat(Math.ceil(length / unit.length)) }),
        )
        .map(as("huge string")),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          template,
          fc.constantFrom(...fields),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom(
              null,
              true,
              0,
              -1,
              1e308,
              "",
              [],
              {},
              "2026-13-45",
              "1999-12-31T23:59:59Z",
              "9999-01-01",
              1.5,
            ),
          ),
        )
        .map(([body, field, value]) => JSON.stringify(withValue(body, field.split("."), value)))
        .map(as("wrong type")),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          template,
          prototypeKey,
          fc.constantFrom("top", "metadata", "metadata nested", "nested object"),
          fc.jsonValue({ maxDepth: 2 }),
        )
        .map(([body, name, where, value]) => {
          const path =
            where === "top"
              ? [name]
              : where === "metadata"
                ? ["metadata", name]
                : where === "metadata nested"
                  ? ["metadata", "a", name, "b"]
                  : [route === "ticket" ? "author" : "metadata", name];
          return JSON.stringify(withValue(body, path, value));
        })
        .map(as("prototype keys")),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(template, fc.constantFrom(...fields), hostileText, fc.boolean())
        .map(([body, field, text, asKey]) =>
          JSON.stringify(
            asKey ? withValue(body, ["metadata", text], 1) : withValue(body, field.split("."), text),
          ),
        )
        .map(as("unicode")),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(template, fc.constantFrom(...invalidUtf8Sequences), fc.nat())
        .map(([body, bytes, at]) => {
          const json = utf8(JSON.stringify({ ...body, text: `${body.text as string}##` }));
          const marker = Buffer.from(json).indexOf("##");
          const cut = marker >= 0 ? marker : at % json.length;
          return Buffer.concat([json.subarray(0, cut), Buffer.from(bytes), json.subarray(cut)]);
        })
        .map(as("invalid utf-8")),
    },
  );
}

// ----- MIME bodies -----

const crlf = fc.constantFrom("\r\n", "\n", "\r");
const headerName = fc.constantFrom(
  "From",
  "To",
  "Subject",
  "Date",
  "Message-ID",
  "In-Reply-To",
  "References",
  "Authentication-Results",
  "Content-Type",
  "Content-Transfer-Encoding",
  "MIME-Version",
  "Reply-To",
  "Sender",
  "X-Anything",
);
const mimeAddress = fc.oneof(
  fc.constantFrom(
    "Ana Silva <ana@example.com>",
    "ana@example.com",
    "<>",
    "",
    "a@b",
    '"Evil" <admin@changedesk.test>, other@example.com',
    "=?utf-8?B?QW5hIFNpbHZh?= <ana@example.com>",
    "=?x-unknown?Q?=FF=FE?= <ana@example.com>",
    "undisclosed-recipients:;",
    "ana@example.com (comment (nested (deeper)))",
    '"\\"quoted\\"" <q@example.com>',
    "a".repeat(5000) + "@example.com",
  ),
  hostileText.map((name) => `${name} <fuzz@example.com>`),
);
const headerValue = fc.oneof(
  hostileText,
  fc.constantFrom(
    "mx.changedesk.test; dkim=pass header.d=example.com; spf=pass smtp.mailfrom=example.com",
    "evil.example; dkim=pass header.d=example.com",
    "mx.changedesk.test; dkim=fail",
    "mx.changedesk.test;",
    "Thu, 01 Jan 1970 00:00:00 +0000",
    "Fri, 31 Dec 9999 23:59:59 +9999",
    "yesterday",
    "Tue, 1 Dec 2026 09:00:00 +0000",
    "<" + "x".repeat(2000) + "@example.com>",
    Array.from({ length: 300 }, (_, i) => `<r${i}@example.com>`).join(" "),
    "=?utf-8?Q?caf=C3=A9?=",
    "=?utf-8?B?////?=",
    "=??B??=",
    "text/plain; charset=x-does-not-exist",
    "multipart/mixed",
    'multipart/mixed; boundary=""',
    "base64",
    "quoted-printable",
    "x-uuencode",
    "8bit",
  ),
);
const mimeBody = fc.oneof(
  hostileText,
  fc.constantFrom(
    "Please change my phone to 415 555 0142.",
    "=E2=82=AC=\r\n=ZZ broken=",
    "####not base64####",
    "SGVsbG8=\r\nV29ybGQ=====\r\n",
    "<html><body onload=alert(1)><script>alert(2)</script><a href=javascript:alert(3)>x</a></body></html>",
    "begin 644 x\n`\nend",
    "\u0000\u0000\u0000",
  ),
);

function multipart(depth: number, parts: number, boundary: string, leaf: string, eol: string): string {
  if (depth === 0) return `Content-Type: text/plain${eol}${eol}${leaf}${eol}`;
  const b = `${boundary}${depth}`;
  const inner = Array.from(
    { length: parts },
    () => `--${b}${eol}${multipart(depth - 1, parts, boundary, leaf, eol)}`,
  ).join("");
  return `Content-Type: multipart/mixed; boundary="${b}"${eol}${eol}preamble${eol}${inner}--${b}--${eol}`;
}

const mimeMessage: fc.Arbitrary<{ kind: string; body: Uint8Array }> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(mimeAddress, fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }), mimeBody, crlf)
      .map(([from, headers, body, eol]) => ({
        kind: "headers and body",
        body: utf8(
          [`From: ${from}`, ...headers.map(([name, value]) => `${name}: ${value}`), "", body].join(eol),
        ),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom("b", "==", "a b", "-", "x".repeat(80)),
        mimeBody,
        crlf,
      )
      .map(([depth, parts, boundary, leaf, eol]) => ({
        kind: "nested multipart",
        // keep the part count bounded: parts^depth grows fast
        body: utf8(
          `From: ana@example.com${eol}Subject: nested${eol}${multipart(parts === 1 ? depth : Math.min(depth, 5), parts, boundary, leaf, eol)}`,
        ),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom("base64", "quoted-printable", "8bit", "binary", "7bit"),
        fc.uint8Array({ maxLength: 2048 }),
        fc.constantFrom(
          "text/plain; charset=utf-8",
          "text/html; charset=iso-2022-jp",
          'application/octet-stream; name="../../etc/passwd"',
          "text/plain; charset=utf-16",
        ),
      )
      .map(([encoding, bytes, type]) => ({
        kind: "raw part bytes",
        body: Buffer.concat([
          utf8(
            `From: ana@example.com\r\nSubject: bytes\r\nMIME-Version: 1.0\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${encoding}\r\nContent-Disposition: attachment; filename="=?utf-8?B?Li4vLi4v?=\u0000.exe"\r\n\r\n`,
          ),
          Buffer.from(bytes),
        ]),
      })),
  },
  {
    weight: 2,
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 4096 })
      .map((body) => ({ kind: "random bytes", body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom("Subject", "X-Long", "References", "From"),
        fc.integer({ min: 10_000, max: 400_000 }),
      )
      .map(([name, length]) => ({
        kind: "huge header",
        body: utf8(`From: ana@example.com\r\n${name}: ${"y".repeat(length)}\r\n\r\nhello`),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom(...invalidUtf8Sequences), fc.boolean()).map(([bytes, inHeader]) => ({
      kind: "invalid utf-8",
      body: inHeader
        ? Buffer.concat([
            utf8("From: "),
            Buffer.from(bytes),
            utf8(" <ana@example.com>\r\nSubject: "),
            Buffer.from(bytes),
            utf8("\r\n\r\nbody"),
          ])
        : Buffer.concat([
            utf8("From: ana@example.com\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nbody "),
            Buffer.from(bytes),
          ]),
    })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        "",
        "\r\n",
        "\r\n\r\nbody only",
        "no colon header line\r\n\r\nbody",
        ":\r\n\r\n",
        "From:\r\n\r\n",
      )
      .map((body) => ({ kind: "no usable headers", body: utf8(body) })),
  },
);

// ----- the runs -----

const jsonRuns: Record<Exclude<Route, "email">, number> = { api: 420, chat: 360, ticket: 360 };
const mimeRuns = 560;

describe("channel routes under fuzzed JSON bodies", () => {
  it.each(Object.keys(jsonRuns) as Exclude<Route, "email">[])(
    "%s: never throws, never 5xx, stores or refuses with a reason",
    async (route) => {
      const before = counts.bodies;
      await fc.assert(
        fc.asyncProperty(jsonBody(route), ({ kind, body }) => checkBody(route, kind, body)),
        { numRuns: jsonRuns[route] },
      );
      expect(counts.bodies - before).toBeGreaterThanOrEqual(jsonRuns[route]);
      // the runs exercised both sides of the contract
      const mine = [...tally.entries()].filter(([name]) => name.startsWith(`${route} `)).map(([, t]) => t);
      expect(mine.reduce((sum, t) => sum + t.stored, 0)).toBeGreaterThan(0);
      expect(mine.reduce((sum, t) => sum + t.refused, 0)).toBeGreaterThan(0);
    },
    120_000,
  );

  it("left Object.prototype alone", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(
      Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort(),
    );
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

describe("the email route under fuzzed MIME bodies", () => {
  it("never throws, never 5xx, stores (readable or marked failed) or refuses with a reason", async () => {
    const before = counts.bodies;
    await fc.assert(
      fc.asyncProperty(mimeMessage, ({ kind, body }) => checkBody("email", kind, body)),
      { numRuns: mimeRuns },
    );
    expect(counts.bodies - before).toBeGreaterThanOrEqual(mimeRuns);
    const failed = await db.select({ id: messages.id }).from(messages).where(eq(messages.status, "failed"));
    // unreadable emails are kept, marked failed, not lost
    expect(failed.length).toBeGreaterThan(0);
  }, 180_000);

  it("an email posted twice is one message, whatever its bytes", async () => {
    const bytes = utf8(`From: twice@example.com\r\nSubject: ${randomUUID()}\r\n\r\n\u0000 body`);
    await checkBody("email", "posted twice", bytes);
    await checkBody("email", "posted twice", bytes);
    const sourceId = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    expect(await db.select().from(messages).where(eq(messages.sourceId, sourceId))).toHaveLength(1);
  });
});
