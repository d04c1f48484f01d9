import { z } from "zod";
import { fieldKeys, intentNames, riskTiers } from "../extraction/catalog";

const threshold = z.number().min(0).max(1);

/**
 * What an admin can set. Stored as the `rules` of a policy version; a change makes a new version.
 * Thresholds compare with calibrated confidence: 0.9 means "about 9 in 10 such changes are right".
 */
export const policyRulesSchema = z.object({
  /** low-risk changes at or above this confidence are applied without a person */
  autoApplyThreshold: threshold.default(0.9),
  /** medium-risk changes need this much */
  mediumRiskThreshold: threshold.default(0.95),
  /** below this customer-resolution confidence every change goes to a person */
  minResolutionConfidence: threshold.default(0.9),
  /** changes below this confidence are declined outright (recorded, visible, not applied) */
  declineBelow: threshold.default(0.2),
  /** at most this many auto-applied change sets per customer per 24 hours; the rest go to review */
  maxAutoAppliesPerCustomerPerDay: z.number().int().min(0).default(5),
  intents: z
    .partialRecord(z.enum(intentNames), z.object({ enabled: z.boolean().default(true), threshold: threshold.optional() }))
    .default({}),
  fields: z
    .partialRecord(
      z.enum(fieldKeys),
      z.object({
        enabled: z.boolean().default(true),
        threshold: threshold.optional(),
        risk: z.enum(riskTiers).optional(),
      }),
    )
    .default({}),
  /** review SLA per intent, in minutes */
  slaMinutes: z.partialRecord(z.enum(intentNames), z.number().int().positive()).default({}),
  defaultSlaMinutes: z.number().int().positive().default(240),
});

export type PolicyRules = z.infer<typeof policyRulesSchema>;

export const defaultPolicyRules: PolicyRules = policyRulesSchema.parse({});
