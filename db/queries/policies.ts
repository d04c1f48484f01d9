import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { policyVersions } from "../schema";
import { policyRulesSchema, type PolicyRules } from "@/server/policy/rules";

export type ActivePolicy = { id: string; version: number; rules: PolicyRules };

export async function getActivePolicy(db: DbOrTx): Promise<ActivePolicy | undefined> {
  const [row] = await db.select().from(policyVersions).where(eq(policyVersions.isActive, true));
  if (!row) return undefined;
  // rules are re-parsed so that defaults added after a version was saved apply to it
  return { id: row.id, version: row.version, rules: policyRulesSchema.parse(row.rules) };
}

export async function listPolicyVersions(db: DbOrTx) {
  return db.select().from(policyVersions).orderBy(desc(policyVersions.version));
}
