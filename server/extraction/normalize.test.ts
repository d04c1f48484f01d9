import { describe, expect, it } from "vitest";
import { normalizeFieldValue } from "./normalize";

describe("normalizeFieldValue", () => {
  it("normalizes phones to E.164 with US as the default region", () => {
    expect(normalizeFieldValue("contact.phone", "(415) 555-0132")).toEqual({
      ok: true,
      value: "+14155550132",
    });
    expect(normalizeFieldValue("contact.phone", "+49 30 1234567")).toEqual({
      ok: true,
      value: "+49301234567",
    });
    expect(normalizeFieldValue("contact.phone", "0049 30 1234567")).toEqual({
      ok: true,
      value: "+49301234567",
    });
    expect(normalizeFieldValue("contact.phone", "030 1234567", { defaultRegion: "DE" })).toEqual({
      ok: true,
      value: "+49301234567",
    });
  });

  it("refuses what is not a phone number with a clear message", () => {
    const result = normalizeFieldValue("contact.phone", "call me maybe");
    expect(result).toEqual({ ok: false, error: "Not a valid phone number: call me maybe" });
    expect(normalizeFieldValue("contact.phone", "555-0101").ok).toBe(false);
  });

  it("lower-cases and validates email addresses", () => {
    expect(normalizeFieldValue("contact.email", " Jane.Doe@Example.COM ")).toEqual({
      ok: true,
      value: "jane.doe@example.com",
    });
    expect(normalizeFieldValue("contact.email", "jane@")).toEqual({
      ok: false,
      error: "Not a valid email address: jane@",
    });
  });

  it("accepts structured addresses and parses written ones", () => {
    const typed = normalizeFieldValue("contact.postalAddress", {
      line1: " 1 Main St ",
      city: "Austin",
      region: "TX",
      postalCode: "78701",
      country: "usa",
    });
    expect(typed).toEqual({
      ok: true,
      value: { line1: "1 Main St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
    });
    const written = normalizeFieldValue("contact.shippingAddress", "Hauptstraße 5, 10115 Berlin, Germany");
    expect(written).toEqual({
      ok: true,
      value: { line1: "Hauptstraße 5", city: "Berlin", postalCode: "10115", country: "DE" },
    });
    const missing = normalizeFieldValue("contact.postalAddress", { line1: "1 Main St", country: "US" });
    expect(missing.ok).toBe(false);
    expect(
      normalizeFieldValue("contact.postalAddress", {
        line1: "1 Main St",
        city: "X",
        postalCode: "1",
        country: "Narnia",
      }),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining("Unknown country"),
    });
  });

  it("checks enum options, booleans, names and unknown fields", () => {
    expect(normalizeFieldValue("order.status", "Canceled")).toEqual({ ok: true, value: "cancelled" });
    expect(normalizeFieldValue("subscription.plan", "gold")).toEqual({
      ok: false,
      error: "Not one of basic, standard, premium: gold",
    });
    expect(normalizeFieldValue("contact.marketingConsent", "yes")).toEqual({ ok: true, value: true });
    expect(normalizeFieldValue("contact.marketingConsent", false)).toEqual({ ok: true, value: false });
    expect(normalizeFieldValue("contact.name", "jane smith")).toEqual({ ok: true, value: "Jane Smith" });
    expect(normalizeFieldValue("contact.name", "<script>")).toMatchObject({ ok: false });
    expect(normalizeFieldValue("contact.password", "x")).toEqual({
      ok: false,
      error: "Unknown field: contact.password",
    });
    expect(normalizeFieldValue("contact.email", undefined)).toEqual({
      ok: false,
      error: "Email: a value is required",
    });
  });
});
