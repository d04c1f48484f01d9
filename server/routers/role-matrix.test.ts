import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { can, permissions, roles, type Permission, type Role } from "@/contracts/permissions";
import { upsertChannelSettings } from "@/db/queries/channels";
import { callerFor, signedInAs } from "@/testing/callers";
import { createTestDb, resetDatabase } from "@/testing/database";
import type { ProcedureMeta } from "../trpc/init";
import { appRouter } from ".";

const { db, close } = createTestDb({ max: 10 });
beforeAll(async () => {
  await resetDatabase(db);
  // the chat channel answers 503 until it has a secret: configured, it must still refuse
  await upsertChannelSettings(db, { channel: "chat", settings: {}, secret: "role-matrix-chat-secret" });
});
afterAll(() => close());

/**
 * Who may call each procedure. Written out, not read from the code: a new procedure fails this
 * test until it has a row here, so every change to who may do what is seen in review.
 */
const expectedAccess: Record<string, ProcedureMeta["access"]> = {
  "import.list": "message.import",
  "import.get": "message.import",
  "import.rows": "message.import",
  "import.updateMapping": "message.import",
  "import.start": "message.import",
  "import.pause": "message.import",
  "import.resume": "message.import",
  "message.addNote": "message.note",
  "message.list": "queue.view",
  "message.attentionCounts": "queue.view",
  "message.get": "queue.view",
  "message.retry": "message.retry",
  "message.linkCustomer": "proposal.decide",
  "message.sendReply": "proposal.decide",
  "message.source": "queue.view",
  "proposal.list": "queue.view",
  "proposal.states": "queue.view",
  "proposal.get": "queue.view",
  "proposal.approve": "proposal.decide",
  "proposal.reject": "proposal.decide",
  "proposal.decideChange": "proposal.decide",
  "proposal.escalate": "proposal.decide",
  "customer.list": "queue.view",
  "customer.get": "queue.view",
  "audit.list": "audit.view",
  "audit.verify": "audit.view",
  "policy.active": "dashboard.view",
  "policy.versions": "admin.manage",
  "policy.simulate": "admin.manage",
  "policy.publish": "admin.manage",
  "user.me": "signed_in",
  "user.list": "admin.manage",
  "user.create": "admin.manage",
  "user.setRole": "admin.manage",
  "user.setDisabled": "admin.manage",
  "user.listApiKeys": "admin.manage",
  "user.createApiKey": "admin.manage",
  "user.revokeApiKey": "admin.manage",
  "user.changePassword": "signed_in",
  "user.forcePasswordReset": "admin.manage",
  "user.signInLocks": "admin.manage",
  "user.liftSignInLock": "admin.manage",
  "change.state": "queue.view",
  "change.rollBack": "proposal.rollback",
  "change.resolveRollback": "proposal.rollback",
  "change.retryPartial": "proposal.rollback",
  "change.outbox": "queue.view",
  "change.retryOutbox": "message.retry",
  "review.counts": "queue.view",
  "review.attention": "queue.view",
  "review.context": "queue.view",
  "review.claim": "proposal.decide",
  "review.release": "proposal.decide",
  "review.assignees": "proposal.assign",
  "review.reassign": "proposal.assign",
  "review.bulkDecide": "proposal.bulk",
  "review.views": "queue.view",
  "review.saveView": "queue.view",
  "review.deleteView": "queue.view",
  "dashboard.summary": "dashboard.view",
  "connector.list": "admin.manage",
  "connector.save": "admin.manage",
  "connector.test": "admin.manage",
  "channel.settings": "admin.manage",
  "channel.setChatSecret": "admin.manage",
  "channel.setTrustedAuthservIds": "admin.manage",
  "mailbox.list": "admin.manage",
  "mailbox.save": "admin.manage",
  "mailbox.setEnabled": "admin.manage",
  "mailbox.test": "admin.manage",
  "mailbox.poll": "admin.manage",
};

/**
 * DESIGN.md's role table (Roles), row by row, with the permissions of the code that each row
 * grants: the code's table must give exactly these roles each permission.
 */
const designRoles: { row: string; permissions: Permission[]; roles: Role[] }[] = [
  {
    row: "view queue, proposals, messages, customers, conversations",
    permissions: ["queue.view"],
    roles: ["admin", "lead", "reviewer", "auditor"],
  },
  {
    row: "approve / reject / edit proposals; claim; link an unmatched message; send a drafted reply",
    permissions: ["proposal.decide"],
    roles: ["admin", "lead", "reviewer"],
  },
  { row: "add a staff note", permissions: ["message.note"], roles: ["admin", "lead", "reviewer"] },
  {
    row: "bulk decisions, assign, roll back, retry, import messages",
    permissions: ["proposal.bulk", "proposal.assign", "proposal.rollback", "message.retry", "message.import"],
    roles: ["admin", "lead"],
  },
  {
    row: "search and export the audit trail, verify it",
    permissions: ["audit.view", "audit.export"],
    roles: ["admin", "lead", "auditor"],
  },
  {
    row: "dashboards, alerts, evaluation runs",
    permissions: ["dashboard.view"],
    roles: ["admin", "lead", "reviewer", "auditor"],
  },
  {
    row: "policies, users and roles, channels, API keys, connectors",
    permissions: ["admin.manage"],
    roles: ["admin"],
  },
];

type Procedure = { _def: { type: string; meta?: ProcedureMeta } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, Procedure>);

/** Calls a procedure by its dotted path with an empty input; the error code, or "ok". */
async function outcome(caller: unknown, path: string): Promise<string> {
  const call = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  try {
    await (call as (input: unknown) => Promise<unknown>)({});
    return "ok";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("the role table, enforced exactly", () => {
  it("the code's permission table is DESIGN.md's", () => {
    expect(designRoles.flatMap((row) => row.permissions).toSorted()).toEqual([...permissions].toSorted());
    for (const { row, permissions: granted, roles: allowed } of designRoles)
      for (const permission of granted)
        for (const role of roles)
          expect(can(role, permission), `${role} · ${permission} (${row})`).toBe(allowed.includes(role));
  });

  it("every procedure has a row, and declares the access in that row", () => {
    const declared = Object.fromEntries(
      procedures.map(([path, procedure]) => [path, procedure._def.meta?.access]),
    );
    expect(declared).toEqual(expectedAccess);
  });

  it("every procedure, called as every role and as nobody, answers as the table says", async () => {
    const callers = [
      { name: "anonymous", role: null, caller: callerFor(db, null) },
      ...(await Promise.all(
        roles.map(async (role) => ({ name: role, role, caller: (await signedInAs(db, role)).caller })),
      )),
    ];
    const violations: string[] = [];
    let cells = 0;
    for (const [path] of procedures) {
      const access = expectedAccess[path] ?? "public";
      for (const { name, role, caller } of callers) {
        cells += 1;
        const allowed =
          access === "public" || (role !== null && (access === "signed_in" || can(role, access)));
        const refusedWith = role === null ? "UNAUTHORIZED" : "FORBIDDEN";
        const got = await outcome(caller, path);
        const ok = allowed ? got !== "UNAUTHORIZED" && got !== "FORBIDDEN" : got === refusedWith;
        if (!ok)
          violations.push(`${path} as ${name}: ${got} (expected ${allowed ? "allowed" : refusedWith})`);
      }
    }
    expect(violations).toEqual([]);
    expect(cells).toBe(procedures.length * (roles.length + 1));
    console.info(`role matrix: ${cells} cells, ${violations.length} violations`);
  });
});

/**
 * Every route handler, and who may call it. Channel endpoints take a key or a signature, never a
 * session; tRPC and next-auth check inside. A new route file fails this test until it has a row.
 */
type RouteAccess =
  | "public"
  | "channel key"
  | "chat signature"
  | "procedures"
  | "next-auth"
  /** checked in the handler (server/auth/console-request.ts); its own tests call it as each role */
  | `session: ${Permission}`;

const routeAccess: Record<string, RouteAccess> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth",
  "app/api/channels/api/messages/route.ts": "channel key",
  "app/api/channels/chat/route.ts": "chat signature",
  "app/api/channels/email/route.ts": "channel key",
  "app/api/channels/ticket/route.ts": "channel key",
  "app/api/health/route.ts": "public",
  "app/api/imports/route.ts": "session: message.import",
  "app/api/messages/[id]/attachments/[attachmentId]/route.ts": "session: queue.view",
  "app/api/messages/[id]/source/route.ts": "session: queue.view",
  "app/api/messages/upload/route.ts": "session: message.import",
  "app/api/trpc/[trpc]/route.ts": "procedures",
};

describe("route handlers", () => {
  it("every route has a row", async () => {
    const { glob } = await import("node:fs/promises");
    const routes: string[] = [];
    for await (const file of glob("app/api/**/route.ts")) routes.push(file);
    expect(routes.toSorted()).toEqual(Object.keys(routeAccess).toSorted());
  });

  it.each(
    Object.entries(routeAccess).filter(
      ([, access]) => access === "channel key" || access === "chat signature",
    ),
  )("%s refuses a caller without its %s", async (file) => {
    const route = (await import(`@/${file.replace(/\.ts$/, "")}`)) as {
      POST: (request: Request) => Promise<Response>;
    };
    const response = await route.POST(
      new Request("http://localhost/x", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(401);
  });
});
