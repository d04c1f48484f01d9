import { sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { createBoss } from "@/jobs/boss";
import { appendAuditEvents, systemActor } from "@/server/audit/append";
import { hashPassword } from "@/server/auth/password";
import type { Role } from "@/contracts/permissions";
import { ingestMessage } from "@/server/channels/ingest";
import { keyChannels } from "@/contracts/message-input";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { hashApiKey } from "@/server/users/manage";
import { createDb, type Db } from "@/db/client";
import {
  accounts,
  apiKeys,
  channelSettings,
  contactIdentities,
  contacts,
  messages,
  orders,
  subscriptions,
  ticketNotes,
  tickets,
  users,
} from "@/db/schema";
import {
  demoContacts,
  demoMessages,
  demoOrderLines,
  demoOrderStatuses,
  demoPlans,
} from "@/server/seed/demo-data";

export const demoPassword = "changedesk-demo";
/** The demo chat channel's signing secret (README's chat example). Demo data only. */
export const demoChatSecret = "changedesk-demo-chat-secret";
/** The receiving mail server whose Authentication-Results the demo believes (README's .eml example). */
export const demoMailAuthservId = "mx.changedesk.test";
/** A fixed key so the demo can be driven with curl. Demo data only: create real keys in the console. */
export const demoApiKey = "cdk_de0000000000_changedesk-demo-key-not-for-production";

export const demoUsers: { email: string; name: string; role: Role }[] = [
  { email: "admin@changedesk.test", name: "Alex Admin", role: "admin" },
  { email: "lead@changedesk.test", name: "Lee Lead", role: "lead" },
  { email: "reviewer@changedesk.test", name: "Rita Reviewer", role: "reviewer" },
  { email: "auditor@changedesk.test", name: "Aud Auditor", role: "auditor" },
];

async function seedUsersAndKeys(db: Db) {
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const created = await tx
      .insert(users)
      .values(demoUsers.map((u) => ({ ...u, passwordHash })))
      .onConflictDoNothing()
      .returning();
    await tx
      .insert(apiKeys)
      .values({
        name: "demo",
        prefix: "de0000000000",
        keyHash: hashApiKey(demoApiKey),
        // the demo key drives every channel's copy-paste example, naming senders as a helpdesk would
        channels: [...keyChannels],
        trustedSender: true,
      })
      .onConflictDoNothing();
    await tx
      .insert(channelSettings)
      .values([
        { channel: "chat", secret: demoChatSecret, settings: {} },
        { channel: "email", settings: { trustedAuthservIds: [demoMailAuthservId] } },
      ])
      .onConflictDoNothing();
    await appendAuditEvents(
      tx,
      created.map((user) => ({
        actor: systemActor,
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        data: { email: user.email, role: user.role },
      })),
    );
  });
}

async function seedRecords(db: Db) {
  await db.transaction(async (tx) => {
    const [account] = await tx
      .insert(accounts)
      .values({ name: "Retail customers", tier: "standard" })
      .returning();
    const people = demoContacts(60);
    const createdContacts = await tx
      .insert(contacts)
      .values(people.map((p) => ({ ...p, accountId: account?.id ?? null, shippingAddress: p.postalAddress })))
      .returning();
    const orderRows = createdContacts.flatMap((contact, i) =>
      [0, 1].map((k) => {
        const index = i * 2 + k;
        const { lines, totalCents } = demoOrderLines(index);
        return {
          number: 1001 + index,
          contactId: contact.id,
          // every contact's newest order is open, so "cancel my order" has something to act on
          status:
            k === 1 ? "processing" : (demoOrderStatuses[index % demoOrderStatuses.length] ?? "delivered"),
          shippingAddress: contact.shippingAddress,
          lines,
          totalCents,
          placedAt: new Date(Date.now() - (120 - index) * 3600_000),
        };
      }),
    );
    await tx.insert(orders).values(orderRows);
    await tx.insert(subscriptions).values(
      createdContacts
        .filter((_, i) => i % 2 === 0)
        .map((contact, i) => ({
          number: 101 + i,
          contactId: contact.id,
          plan: demoPlans[i % demoPlans.length] ?? "basic",
          status: "active",
          renewalDate: new Date(Date.now() + (10 + i) * 86400_000).toISOString().slice(0, 10),
        })),
    );
    const ticketRows = await tx
      .insert(tickets)
      .values(
        createdContacts
          .filter((_, i) => i % 3 === 0)
          .map((contact, i) => ({
            contactId: contact.id,
            subject:
              ["Where is my parcel?", "Invoice copy", "Damaged item", "Change of plan"][i % 4] ?? "Question",
            status: i % 4 === 3 ? "pending" : "open",
            priority: i % 5 === 0 ? "high" : "normal",
            assignee: i % 2 === 0 ? "Lee Lead" : null,
            tags: i % 2 === 0 ? ["shipping"] : ["billing"],
          })),
      )
      .returning();
    await tx.insert(ticketNotes).values(
      ticketRows.map((t) => ({
        ticketId: t.id,
        author: "Lee Lead",
        body: `Opened from the demo data: ${t.subject}`,
      })),
    );
  });
}

// how each demo channel vouched for its sender, as the real adapters would record it
const demoVerification = {
  email: { senderVerification: "email_authenticated", senderVerificationReason: "dkim=pass (demo data)" },
  chat: { senderVerification: "signed_chat_user", senderVerificationReason: "signed chat user (demo data)" },
  ticket: {
    senderVerification: "trusted_api_key",
    senderVerificationReason: "ticket requester asserted by the demo helpdesk key",
  },
} as const;

/** Each demo customer is chat user `<their email's local part>` (ana.silva), for the chat example. */
async function seedChatIdentities(db: Db) {
  const people = await db.select({ id: contacts.id, email: contacts.email }).from(contacts);
  const identities = people.flatMap((person) => {
    const local = person.email?.split("@")[0];
    return local ? [{ contactId: person.id, kind: "chat", value: local }] : [];
  });
  if (identities.length > 0) await db.insert(contactIdentities).values(identities).onConflictDoNothing();
}

async function seedMessages(db: Db, boss: PgBoss) {
  const people = await db.select().from(contacts).orderBy(contacts.createdAt, contacts.email);
  const byEmail = new Map(demoContacts(60).map((c, i) => [c.email, i]));
  const ordered = [...people].sort(
    (a, b) => (byEmail.get(a.email ?? "") ?? 0) - (byEmail.get(b.email ?? "") ?? 0),
  );
  for (const [index, demo] of demoMessages.entries()) {
    const contact = ordered[demo.contact];
    if (!contact?.email) continue;
    const openOrder = 1001 + demo.contact * 2 + 1;
    await ingestMessage(
      { db, boss },
      {
        input: {
          channel: demo.channel,
          sourceId: `demo-${index + 1}`,
          sender: demo.channel === "ticket" ? contact.email : `${contact.name} <${contact.email}>`,
          subject: demo.subject,
          text: demo.text({ order: openOrder, name: contact.name }),
          receivedAt: new Date(Date.now() - (demoMessages.length - index) * 7 * 60_000),
          ...demoVerification[demo.channel],
        },
        raw: { demo: true },
        actor: { type: "system", id: null, label: `demo ${demo.channel} channel` },
      },
    );
  }
  // One message in the failed state, as a failure looks in the console (it can be retried).
  const [failed] = await db
    .insert(messages)
    .values({
      channel: "import",
      sourceId: "demo-import-1",
      sender: "unknown-legacy-system",
      subject: "Imported note",
      text: "Legacy import row 17: customer asked to update their address (see attachment).",
      raw: { demo: true, row: 17 },
      status: "failed",
      attempts: 6,
      error: "Import row 17 references an attachment that was not part of the import file",
    })
    .onConflictDoNothing()
    .returning();
  if (failed) {
    await appendAuditEvents(db, [
      {
        actor: systemActor,
        action: "message.received",
        entityType: "message",
        entityId: failed.id,
        messageId: failed.id,
        data: { channel: "import" },
      },
      {
        actor: systemActor,
        action: "message.failed",
        entityType: "message",
        entityId: failed.id,
        messageId: failed.id,
        data: { error: failed.error },
      },
    ]);
  }
}

/**
 * Seeds demo users, records and messages on first run; later runs change nothing.
 * Always returns the demo sign-in details.
 */
export async function seedDemoData(databaseUrl: string) {
  const { db, close } = createDb(databaseUrl, { max: 2, applicationName: "changedesk-seed" });
  const boss = createBoss(databaseUrl, "web");
  boss.on("error", () => {});
  try {
    const [{ count } = { count: 0 }] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
    const seeded = count === 0;
    if (seeded) {
      await ensureDefaultPolicy(db);
      await seedUsersAndKeys(db);
      await seedRecords(db);
      await seedChatIdentities(db);
      await boss.start();
      await seedMessages(db, boss);
    }
    return {
      seeded,
      users: demoUsers.map((u) => ({ email: u.email, password: demoPassword, role: u.role })),
      apiKey: demoApiKey,
      chatSecret: demoChatSecret,
    };
  } finally {
    await boss.stop({ graceful: false }).catch(() => {});
    await close();
  }
}
