import { policyVersions } from "@/db/schema";
import type { DbOrTx } from "@/db/client";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { appendAuditEvents, systemActor } from "@/server/audit/append";

/** Creates policy version 1 with the default rules when no policy exists. */
export async function ensureDefaultPolicy(db: DbOrTx): Promise<void> {
  const [existing] = await db.select({ id: policyVersions.id }).from(policyVersions).limit(1);
  if (existing) return;
  const [policy] = await db
    .insert(policyVersions)
    .values({ version: 1, rules: defaultPolicyRules, isActive: true, note: "Default policy" })
    .onConflictDoNothing()
    .returning();
  if (policy) {
    await appendAuditEvents(db, [
      {
        actor: systemActor,
        action: "policy.activated",
        entityType: "policy",
        entityId: policy.id,
        policyVersion: 1,
        data: { rules: defaultPolicyRules },
      },
    ]);
  }
}
