import { z } from "zod";
import type { Db } from "@/db/client";
import {
  deactivatePolicyVersion,
  insertPolicyVersion,
  lockActivePolicy,
  nextPolicyVersionNumber,
} from "@/db/queries/policies";
import { appendAuditEvents, type Actor } from "../audit/append";
import { AppError } from "../errors";
import { compactRules, describePolicyChanges, policyRulesSchema } from "@/contracts/policy-rules";

export const publishPolicyInput = z.object({
  rules: policyRulesSchema,
  note: z.string().trim().min(3, "Say in a few words why the policy changes").max(500),
  /** the version the admin edited: publishing over a newer one is refused */
  basedOnVersion: z.number().int().positive(),
});

/**
 * Publishes a new policy version and makes it the active one. Versions are never edited: the
 * rules that routed a proposal stay readable under the version it records. Two admins editing at
 * once cannot overwrite each other: the second is told a newer version exists. New messages are
 * routed by the new version; proposals already routed keep their route.
 */
export async function publishPolicy(
  db: Db,
  params: z.infer<typeof publishPolicyInput> & { actor: Extract<Actor, { type: "user" }> },
) {
  return db.transaction(async (tx) => {
    const active = await lockActivePolicy(tx);
    if (active && active.version !== params.basedOnVersion) {
      throw new AppError(
        "CONFLICT",
        `Policy v${active.version} was published after you opened v${params.basedOnVersion}. Reload it and make your change again.`,
        { activeVersion: active.version },
      );
    }
    const before = compactRules(policyRulesSchema.parse(active?.rules ?? {}));
    const rules = compactRules(params.rules);
    const changes = describePolicyChanges(before, rules);
    if (changes.length === 0)
      throw new AppError(
        "BAD_REQUEST",
        "These rules are the same as the active policy's: nothing to publish.",
      );
    const version = await nextPolicyVersionNumber(tx);
    if (active) await deactivatePolicyVersion(tx, active.id);
    const created = await insertPolicyVersion(tx, {
      version,
      rules,
      isActive: true,
      note: params.note,
      createdBy: params.actor.id,
    });
    await appendAuditEvents(tx, [
      {
        actor: params.actor,
        action: "policy.published",
        entityType: "policy",
        entityId: created.id,
        policyVersion: version,
        data: { from: active?.version ?? null, to: version, note: params.note, changes },
      },
    ]);
    return { id: created.id, version, changes };
  });
}
