/**
 * Shared by the crash harness and the apply benchmark: a throwaway database on an embedded server,
 * seeded customers, a permissive policy, worker processes, and "wait until the queues are idle".
 */
import { spawn, type ChildProcess } from "node:child_process";
import { eq, sql } from "drizzle-orm";
import postgres from "postgres";
import type { Db } from "@/db/client";
import { ensureDefaultPolicy } from "@/server/policy/default-policy";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { contacts, orders, policyVersions, users } from "@/db/schema";
import { appendAuditEvents, systemActor } from "@/server/audit/append";
import type { PolicyRules } from "@/contracts/policy-rules";
import { withDatabase } from "./database";
import { projectRoot } from "./paths";

export async function recreateDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  return withDatabase(serverUrl, name);
}

/** Low thresholds and no per-customer cap, so most clear requests apply without a person. */
export const permissiveRules: PolicyRules = {
  ...defaultPolicyRules,
  autoApplyThreshold: 0.5,
  mediumRiskThreshold: 0.5,
  minResolutionConfidence: 0.5,
  maxAutoAppliesPerCustomerPerDay: 100_000,
};

export async function activatePermissivePolicy(db: Db): Promise<void> {
  await ensureDefaultPolicy(db);
  await db.transaction(async (tx) => {
    await tx.update(policyVersions).set({ isActive: false }).where(eq(policyVersions.isActive, true));
    const [policy] = await tx
      .insert(policyVersions)
      .values({ version: 2, rules: permissiveRules, isActive: true, note: "harness: low thresholds" })
      .returning();
    if (policy)
      await appendAuditEvents(tx, [
        {
          actor: systemActor,
          action: "policy.activated",
          entityType: "policy",
          entityId: policy.id,
          policyVersion: 2,
          data: {},
        },
      ]);
  });
}

export type SeededCustomer = {
  id: string;
  email: string;
  name: string;
  phone: string;
  orderId: string;
  orderNumber: number;
};

export const seedAddress = {
  line1: "1 Harness Road",
  city: "Springfield",
  region: "IL",
  postalCode: "62704",
  country: "US",
};

export async function seedCustomers(db: Db, count: number): Promise<SeededCustomer[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    name: `Harness Customer ${i}`,
    email: `harness-${i}@example.com`,
    phone: `+1212555${String(1000 + i).padStart(4, "0")}`,
    postalAddress: seedAddress,
    shippingAddress: seedAddress,
  }));
  const inserted = await db.insert(contacts).values(rows).returning();
  const orderRows = inserted.map((c, i) => ({
    number: 10_000 + i,
    contactId: c.id,
    status: "processing",
    shippingAddress: seedAddress,
  }));
  const insertedOrders = await db.insert(orders).values(orderRows).returning();
  return inserted.map((c, i) => ({
    id: c.id,
    email: c.email ?? "",
    name: c.name,
    phone: c.phone ?? "",
    orderId: insertedOrders[i]?.id ?? "",
    orderNumber: insertedOrders[i]?.number ?? 0,
  }));
}

export async function createHarnessLead(db: Db) {
  const [lead] = await db
    .insert(users)
    .values({
      email: `harness-lead-${Date.now()}@changedesk.test`,
      name: "Harness Lead",
      role: "lead",
      passwordHash: "scrypt$16384$8$1$AAAA$AAAA",
    })
    .returning();
  if (!lead) throw new Error("lead not created");
  return lead;
}

/** Clearly phrased requests: a new phone number, an order cancellation, a move. */
export function messageText(customer: SeededCustomer, n: number): string {
  switch (n % 3) {
    case 0:
      return `Hi there,\n\nmy new phone number is (415) 555-01${String(n % 100).padStart(2, "0")}. Please update it.\n\nThanks`;
    case 1:
      return `Hello, please cancel order ${customer.orderNumber}. I no longer need it.\n\nRegards`;
    default:
      return `Hello, I moved. My new address is:\n${(n % 90) + 10} Willow Street\nPortland, OR 97209\n\nBest regards`;
  }
}

export type WorkerProcess = { child: ChildProcess; id: number; exited: Promise<void> };

const liveChildren = new Set<ChildProcess>();
// Workers must never outlive the script that started them: a leftover worker keeps processing
// the next run's jobs with the code it was started with.
process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/** Registers a child process to be killed when this process exits, however it exits. */
export function reapOnExit(child: ChildProcess): void {
  liveChildren.add(child);
  child.once("exit", () => liveChildren.delete(child));
}

/** A real worker process (`node --import tsx worker/main.ts`), its output parsed line by line. */
export function spawnWorker(
  id: number,
  databaseUrl: string,
  onLine: (line: string, worker: WorkerProcess) => void,
  env: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/main.ts"], {
    cwd: projectRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "info",
      WORKER_CONCURRENCY: "4",
      WORKER_POLL_SECONDS: "0.5",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  reapOnExit(child);
  const worker: WorkerProcess = {
    child,
    id,
    exited: new Promise((resolve) => child.once("exit", () => resolve())),
  };
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      onLine(buffer.slice(0, newline), worker);
      buffer = buffer.slice(newline + 1);
    }
  });
  child.stderr?.on("data", () => {});
  return worker;
}

/** Jobs not yet finished in our queues (pg-boss's own table). */
export async function countUnfinishedJobs(db: Db): Promise<number> {
  const [row] = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from pgboss.job where name in ('message-process', 'proposal-apply', 'outbox-deliver') and state in ('created', 'retry', 'active')`,
  );
  return row?.n ?? 0;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
