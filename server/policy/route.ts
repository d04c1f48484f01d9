import { getFieldDefinition, getIntentDefinition, type RiskTier } from "@/contracts/catalog";
import type { PolicyRules } from "@/contracts/policy-rules";
import type { SenderVerification } from "@/contracts/message-input";

export type Route = "auto_apply" | "review" | "decline";

export type RoutingInput = {
  intent: string;
  field: string;
  confidence: number;
  /** the extractor's reasons the evidence does not agree (server/extraction/types.ts) */
  doubts?: readonly string[];
};

export type RoutingContext = {
  rules: PolicyRules;
  resolutionConfidence: number;
  /** how the message's sender was verified: only a verified customer leads to an automatic change */
  senderVerification: SenderVerification;
  /** change sets auto-applied for this customer in the last 24 hours */
  recentAutoApplies: number;
};

export type ChangeRouting = { route: Route; rule: string; risk: RiskTier };

/**
 * The policy decides; the extractor never does. Rules are checked from the most to the least
 * protective, and the first that fires is recorded as the reason.
 */
export function routeChange(change: RoutingInput, context: RoutingContext): ChangeRouting {
  const { rules } = context;
  const field = getFieldDefinition(change.field);
  const intent = getIntentDefinition(change.intent);
  if (!field || !intent) return { route: "decline", rule: "not_in_catalog", risk: "critical" };
  const risk = rules.fields[field.key as keyof typeof rules.fields]?.risk ?? field.risk;
  const intentRule = rules.intents[intent.name];
  const fieldRule = rules.fields[field.key as keyof typeof rules.fields];

  if (intentRule?.enabled === false) return { route: "decline", rule: "intent_disabled", risk };
  if (fieldRule?.enabled === false) return { route: "decline", rule: "field_disabled", risk };
  if (change.confidence < rules.declineBelow)
    return { route: "decline", rule: `confidence_below_decline_${rules.declineBelow}`, risk };
  if (risk === "critical") return { route: "review", rule: "risk_critical_two_people", risk };
  if (risk === "high") return { route: "review", rule: "risk_high_needs_person", risk };
  if (intent.alwaysReview) return { route: "review", rule: "intent_needs_person", risk };
  // a staff note's change always needs a second person (server/review/decide.ts keeps the author out)
  if (context.senderVerification === "staff_author")
    return { route: "review", rule: "staff_author_second_person", risk };
  if (context.senderVerification === "unverified")
    return { route: "review", rule: "sender_unverified", risk };
  if (context.resolutionConfidence < rules.minResolutionConfidence) {
    return { route: "review", rule: "customer_match_uncertain", risk };
  }
  // Confidence is not enough on its own: an automatic change needs agreeing evidence.
  const [doubt] = change.doubts ?? [];
  if (doubt) return { route: "review", rule: `evidence_${doubt}`, risk };
  const threshold =
    fieldRule?.threshold ??
    intentRule?.threshold ??
    (risk === "low" ? rules.autoApplyThreshold : rules.mediumRiskThreshold);
  if (change.confidence < threshold) return { route: "review", rule: `confidence_below_${threshold}`, risk };
  if (context.recentAutoApplies >= rules.maxAutoAppliesPerCustomerPerDay) {
    return { route: "review", rule: "customer_rate_limit", risk };
  }
  return { route: "auto_apply", rule: `confidence_at_least_${threshold}`, risk };
}

const strictness: Record<Route, number> = { auto_apply: 0, review: 1, decline: -1 };

/**
 * The change set takes the strictest route among its changes that are not declined; a set whose
 * changes are all declined is declined. Two people are needed when any change is critical.
 */
export function routeChangeSet(routings: ChangeRouting[]): {
  route: Route;
  rule: string;
  requiredApprovals: number;
} {
  const live = routings.filter((r) => r.route !== "decline");
  if (live.length === 0)
    return { route: "decline", rule: routings[0]?.rule ?? "nothing_to_change", requiredApprovals: 1 };
  const strictest = live.reduce((a, b) => (strictness[b.route] > strictness[a.route] ? b : a));
  const requiredApprovals = live.some((r) => r.risk === "critical") ? 2 : 1;
  return { route: strictest.route, rule: strictest.rule, requiredApprovals };
}
