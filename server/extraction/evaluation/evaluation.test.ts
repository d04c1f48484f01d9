import { describe, expect, it } from "vitest";
import { parseCsv } from "./datasets";
import { matchChanges } from "./match";
import { scoreExtractions } from "./metrics";

describe("parseCsv", () => {
  it("handles quotes, commas and doubled quotes", () => {
    expect(parseCsv('text,category\n"Hi, I ""lost"" my card",lost_card\nplain,x\n')).toEqual([
      ["text", "category"],
      ['Hi, I "lost" my card', "lost_card"],
      ["plain", "x"],
    ]);
  });
});

describe("matchChanges", () => {
  it("needs the same field, value and reference, ignoring key order and empty parts", () => {
    const expected = [
      {
        field: "contact.postalAddress",
        value: { line1: "1 Main St", city: "Austin", postalCode: "78701", country: "US" },
      },
    ];
    expect(
      matchChanges(expected, [
        {
          field: "contact.postalAddress",
          value: { country: "US", city: "Austin", postalCode: "78701", line1: "1 Main St", line2: undefined },
        },
      ]),
    ).toEqual([true]);
    expect(
      matchChanges(
        [{ field: "order.status", value: "cancelled", reference: "1042" }],
        [{ field: "order.status", value: "cancelled" }],
      ),
    ).toEqual([false]);
  });
});

describe("scoreExtractions", () => {
  it("counts false proposals on no_change messages and auto-applied precision (low-risk fields only)", () => {
    const report = scoreExtractions([
      {
        example: { id: "1", text: "thanks", intents: ["no_change"], changes: [] },
        output: {
          intents: [{ intent: "update_phone", confidence: 0.6 }],
          changes: [
            {
              intent: "update_phone",
              field: "contact.phone",
              entity: "contact",
              value: "+14155550132",
              confidence: 0.6,
              evidence: { start: 0, end: 1 },
              rationale: "x",
            },
          ],
        },
        latencyMs: 1,
      },
      {
        example: {
          id: "2",
          text: "unsubscribe",
          intents: ["marketing_unsubscribe"],
          changes: [{ field: "contact.marketingConsent", value: false }],
        },
        output: {
          intents: [{ intent: "marketing_unsubscribe", confidence: 0.95 }],
          changes: [
            {
              intent: "marketing_unsubscribe",
              field: "contact.marketingConsent",
              entity: "contact",
              value: false,
              confidence: 0.95,
              evidence: { start: 0, end: 1 },
              rationale: "x",
            },
          ],
        },
        latencyMs: 1,
      },
    ]);
    expect(report.noChangeFalseProposalRate).toBe(1);
    expect(report.autoApply).toMatchObject({ applied: 1, precision: 1, coverage: 1 });
    expect(report.fields).toMatchObject({ proposed: 2, precision: 0.5, recall: 1 });
    // the phone proposal on the "thanks" message is high risk in the catalog: never auto-applied
    expect(report.autoApply.applied).toBe(1);
  });
});
