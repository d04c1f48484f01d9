import { z } from "zod";
import { fieldKeys, intentNames, riskTiers } from "./catalog";

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
    .partialRecord(
      z.enum(intentNames),
      z.object({ enabled: z.boolean().default(true), threshold: threshold.optional() }),
    )
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

/** The rules of policy version 1: every setting at its schema default. */
export const defaultPolicyRules: PolicyRules = policyRulesSchema.parse({});

/**
 * Writes per-intent and per-field entries without what the defaults already say (enabled, no
 * override) and drops the entries left empty, so that two rule sets meaning the same thing compare
 * and diff as equal. Parsing puts the defaults back.
 */
export function compactRules(rules: PolicyRules): PolicyRules {
  const compact = <T extends { enabled: boolean }>(entries: Partial<Record<string, T>>) =>
    Object.fromEntries(
      Object.entries(entries).flatMap(([key, entry]) => {
        const kept = Object.fromEntries(
          Object.entries(entry ?? {}).filter(
            ([name, value]) => value !== undefined && !(name === "enabled" && value === true),
          ),
        );
        return Object.keys(kept).length === 0 ? [] : [[key, kept]];
      }),
    );
  return { ...rules, intents: compact(rules.intents), fields: compact(rules.fields) };
}

export type PolicyChange = { path: string; from: unknown; to: unknown };

/** What differs between two rule sets, one line per setting, for the audit trail and the console. */
export function describePolicyChanges(before: PolicyRules, after: PolicyRules): PolicyChange[] {
  const changes: PolicyChange[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    if (isRecord(a) || isRecord(b)) {
      const left = isRecord(a) ? a : {};
      const right = isRecord(b) ? b : {};
      for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()) {
        walk(path ? `${path}.${key}` : key, left[key], right[key]);
      }
      return;
    }
    if (a !== b) changes.push({ path, from: a ?? null, to: b ?? null });
  };
  walk("", before, after);
  return changes;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
