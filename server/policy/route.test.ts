import { describe, expect, it } from "vitest";
import { defaultPolicyRules } from "@/contracts/policy-rules";
import { routeChange } from "./route";

const context = {
  rules: defaultPolicyRules,
  resolutionConfidence: 1,
  recentAutoApplies: 0,
  senderVerification: "email_authenticated",
} as const;
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

describe("routing by how the sender was verified", () => {
  it("sends an unverified sender's change to a person, saying so", () => {
    expect(routeChange(confident, { ...context, senderVerification: "unverified" })).toMatchObject({
      route: "review",
      rule: "sender_unverified",
    });
  });

  it("never applies a staff author's change without a second person", () => {
    expect(routeChange(confident, { ...context, senderVerification: "staff_author" })).toMatchObject({
      route: "review",
      rule: "staff_author_second_person",
    });
  });

  it("applies a verified customer's change on every verified path", () => {
    for (const senderVerification of [
      "email_authenticated",
      "trusted_mailbox",
      "signed_chat_user",
      "trusted_api_key",
    ] as const)
      expect(routeChange(confident, { ...context, senderVerification }).route).toBe("auto_apply");
  });
});
