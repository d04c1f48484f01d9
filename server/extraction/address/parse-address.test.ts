import { describe, expect, it } from "vitest";
import { findAddresses, parseAddress } from "./parse-address";

const one = (text: string, defaultCountry?: string) => findAddresses(text, { defaultCountry })[0]?.address;

describe("findAddresses", () => {
  it("reads inline US addresses with a unit", () => {
    expect(one("My new address is 123 Main St, Apt 4B, Springfield, IL 62704. Thanks!")).toEqual({
      line1: "123 Main St",
      line2: "Apt 4B",
      city: "Springfield",
      region: "IL",
      postalCode: "62704",
      country: "US",
    });
  });

  it("reads multi-line addresses with a country line", () => {
    expect(one("Please ship to:\n42 Elm Street\nSuite 300\nAustin, TX 78701\nUSA\n\nBest")).toEqual({
      line1: "42 Elm Street",
      line2: "Suite 300",
      city: "Austin",
      region: "TX",
      postalCode: "78701",
      country: "US",
    });
  });

  it("reads UK, Canadian and Australian formats", () => {
    expect(one("moved to 10 Downing Street, London SW1A 2AA, United Kingdom")).toMatchObject({
      city: "London",
      postalCode: "SW1A 2AA",
      country: "GB",
    });
    expect(one("500 King St W, Toronto, ON M5V 1L9, Canada")).toMatchObject({
      line1: "500 King St W",
      region: "ON",
      postalCode: "M5V 1L9",
      country: "CA",
    });
    expect(one("22 George St, Sydney NSW 2000")).toMatchObject({
      city: "Sydney",
      region: "NSW",
      postalCode: "2000",
      country: "AU",
    });
  });

  it("reads German, French and Spanish addresses, country from the message language", () => {
    expect(one("Meine neue Adresse: Hauptstraße 5, 10115 Berlin", "DE")).toEqual({
      line1: "Hauptstraße 5",
      city: "Berlin",
      postalCode: "10115",
      country: "DE",
    });
    expect(one("nouvelle adresse : 12 rue de la Paix, 75002 Paris, France")).toEqual({
      line1: "12 rue de la Paix",
      city: "Paris",
      postalCode: "75002",
      country: "FR",
    });
    expect(one("mi nueva dirección es Calle Mayor 10, 3º B, 28013 Madrid", "ES")).toEqual({
      line1: "Calle Mayor 10",
      line2: "3º B",
      city: "Madrid",
      postalCode: "28013",
      country: "ES",
    });
    expect(one("Lindenallee 23a\n80331 München\nDeutschland")).toMatchObject({
      line1: "Lindenallee 23a",
      city: "München",
      country: "DE",
    });
  });

  it("needs a street: a city and ZIP alone are not an address", () => {
    expect(findAddresses("I live in Springfield, IL 62704")).toEqual([]);
  });

  it("gives offsets that cover the address", () => {
    const text = "ship it to 9 Oak Ave, Portland OR 97201 please";
    const [match] = findAddresses(text);
    expect(match && text.slice(match.start, match.end)).toBe("9 Oak Ave, Portland OR 97201");
  });

  it("parses a whole string and refuses a sentence around it", () => {
    expect(parseAddress("9 Oak Ave, Portland OR 97201")?.address.city).toBe("Portland");
    expect(parseAddress("please ship it to 9 Oak Ave, Portland OR 97201")).toBeUndefined();
  });
});
