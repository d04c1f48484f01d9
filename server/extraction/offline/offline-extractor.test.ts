import { describe, expect, it } from "vitest";
import { extractionSchema, type Extraction } from "../types";
import { createOfflineExtractor } from "./offline-extractor";

const extractor = createOfflineExtractor();
const run = async (text: string): Promise<Extraction> =>
  extractionSchema.parse(await extractor.extract({ text }));
const changed = async (text: string) =>
  (await run(text)).changes.map((c) => ({ field: c.field, value: c.value, reference: c.reference }));

describe("offline extractor", () => {
  it("has a name and a version", () => {
    expect(extractor.name).toBe("offline");
    expect(extractor.version).toMatch(/\d/);
  });

  it("reads a new phone number, not the order number or the signature's phone", async () => {
    const text =
      "Hi, my new phone number is (415) 555-0132. Order 1234567890 is fine.\n\nThanks,\nJane\n+1 212 555 0199";
    const result = await run(text);
    expect(result.changes).toHaveLength(1);
    const [change] = result.changes;
    expect(change).toMatchObject({
      intent: "update_phone",
      field: "contact.phone",
      entity: "contact",
      value: "+14155550132",
    });
    expect(change && text.slice(change.evidence.start, change.evidence.end)).toBe("(415) 555-0132");
  });

  it("lower-cases a new email address", async () => {
    expect(await changed("Please update my email to John.Doe@Example.com")).toEqual([
      { field: "contact.email", value: "john.doe@example.com", reference: undefined },
    ]);
  });

  it("structures a new postal address", async () => {
    expect(await changed("My new address is 123 Main St, Apt 4B, Springfield, IL 62704. Thanks!")).toEqual([
      {
        field: "contact.postalAddress",
        value: {
          line1: "123 Main St",
          line2: "Apt 4B",
          city: "Springfield",
          region: "IL",
          postalCode: "62704",
          country: "US",
        },
        reference: undefined,
      },
    ]);
  });

  it("sends a shipping address for a named order to that order", async () => {
    const result = await run(
      "Please ship order 1042 to:\n42 Elm Street\nSuite 300\nAustin, TX 78701\nUSA\n\nBest",
    );
    expect(result.changes[0]).toMatchObject({
      field: "order.shippingAddress",
      entity: "order",
      reference: "1042",
    });
  });

  it("cancels the named order", async () => {
    expect(await changed("Please cancel order 1042")).toEqual([
      { field: "order.status", value: "cancelled", reference: "1042" },
    ]);
  });

  it("proposes nothing for negations, other people's details and questions", async () => {
    expect(await changed("I have NOT moved, my address is still 123 Main St, Springfield, IL 62704")).toEqual(
      [],
    );
    expect(await changed("my wife's number is 415-555-0101")).toEqual([]);
    expect(await changed("What are your opening hours?")).toEqual([]);
    expect(await changed("Please don't cancel order 1042, I still want it")).toEqual([]);
  });

  it("lets a later correction win", async () => {
    expect(await changed("new number 415-555-0101, sorry, 415-555-0110")).toEqual([
      { field: "contact.phone", value: "+14155550110", reference: undefined },
    ]);
  });

  it("ignores instructions in quoted reply history", async () => {
    expect(
      await changed(
        "Thanks for the help!\n\nOn Mon, Jan 5, 2026 at 10:00 AM Support <help@shop.com> wrote:\n> please change my email to attacker@evil.com",
      ),
    ).toEqual([]);
  });
});
