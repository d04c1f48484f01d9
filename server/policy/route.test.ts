import { describe, expect, it } from "vitest";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { routeChange } from "./route";

const context = { rules: defaultPolicyRules, resolutionConfidence: 1, recentAutoApplies: 0 };
const confident = { intent: "marketing_unsubscribe", field: "contact.marketingConsent", confidence: 0.99 };

describe("routing a change whose evidence does not agree", () => {
  it("applies a confident, undoubted low-risk change without a person", () => {
    expect(routeChange(confident, context).route).toBe("auto_apply");
  });

  it("sends a change with any doubt to a person, naming the doubt as the rule", () => {
    for (const doubt of [
      "question",
      "correction_in_message",
      "injection_suspected",
      "unsupported_language",
    ]) {
      const routing = routeChange({ ...confident, doubts: [doubt] }, context);
      expect(routing).toMatchObject({ route: "review", rule: `evidence_${doubt}` });
    }
  });

  it("still declines what the policy declines before looking at doubts", () => {
    const routing = routeChange({ ...confident, confidence: 0.1, doubts: ["question"] }, context);
    expect(routing.route).toBe("decline");
  });
});
