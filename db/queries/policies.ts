import { desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { policyVersions, users } from "../schema";
import { policyRulesSchema, type PolicyRules } from "@/contracts/policy-rules";

export type ActivePolicy = { id: string; version: number; rules: PolicyRules };

export async function getActivePolicy(db: DbOrTx): Promise<ActivePolicy | undefined> {
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.isActive, true));
  if (!row) return undefined;
  // rules are re-parsed so that defaults added after a version was saved apply to it
  return { id: row.id, version: row.version, rules: policyRulesSchema.parse(row.rules) };
}

/**
 * The active version, with publishing serialized until the transaction ends. A row lock on the
 * active row would not do: a second publisher waiting on it wakes to find the row no longer
 * active, sees no active policy at all and carries on.
 */
export async function lockActivePolicy(tx: DbOrTx) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('policy_versions.publish'))`);
  const [row] = await tx.select().from(policyVersions).where(eq(policyVersions.isActive, true));
  return row;
}

export async function nextPolicyVersionNumber(tx: DbOrTx): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number | null>`max(${policyVersions.version})` })
    .from(policyVersions);
  return (row?.max ?? 0) + 1;
}

export async function listPolicyHistory(db: DbOrTx) {
  return db
    .select({
      id: policyVersions.id,
      version: policyVersions.version,
      rules: policyVersions.rules,
      isActive: policyVersions.isActive,
      note: policyVersions.note,
      createdAt: policyVersions.createdAt,
      createdByName: users.name,
    })
    .from(policyVersions)
    .leftJoin(users, eq(users.id, policyVersions.createdBy))
    .orderBy(desc(policyVersions.version));
}

/** The partial unique index allows one active version: retire the old one before inserting the next. */
export async function deactivatePolicyVersion(db: DbOrTx, id: string): Promise<void> {
  await db.update(policyVersions).set({ isActive: false }).where(eq(policyVersions.id, id));
}

export async function insertPolicyVersion(db: DbOrTx, values: typeof policyVersions.$inferInsert) {
  const [row] = await db.insert(policyVersions).values(values).returning();
  if (!row) throw new Error("insert into policy_versions returned nothing");
  return row;
}
