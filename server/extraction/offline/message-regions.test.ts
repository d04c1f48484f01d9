import { describe, expect, it } from "vitest";
import { findLiveRegions, maskToRegions } from "./message-regions";

const live = (text: string) => maskToRegions(text, findLiveRegions(text)).replace(/\s+/g, " ").trim();

describe("findLiveRegions", () => {
  it("drops quoted history in English, German, French and Spanish", () => {
    expect(live("Please cancel.\n\nOn Mon, 3 Mar 2025 at 09:12, Support <s@x.com> wrote:\n> old text")).toBe(
      "Please cancel.",
    );
    expect(live("Bitte stornieren.\n\nAm 03.03.2025 um 09:12 schrieb Support <s@x.com>:\n> alt")).toBe(
      "Bitte stornieren.",
    );
    expect(live("Merci.\n\nLe lun. 3 mars 2025 à 09:12, Support <s@x.com> a écrit :\n> ancien")).toBe(
      "Merci.",
    );
    expect(live("Gracias.\n\nEl lun, 3 mar 2025 a las 09:12, Support <s@x.com> escribió:\n> viejo")).toBe(
      "Gracias.",
    );
    expect(live("New text\n> quoted line\nmore new text")).toBe("New text more new text");
  });

  it("drops the signature after a closing, but not a request after it", () => {
    expect(live("My new email is a@b.com\n\nBest regards,\nJane Doe\nTel: 212-555-0101")).toBe(
      "My new email is a@b.com",
    );
    expect(live("Thanks!\nAlso please cancel order 1042.")).toBe("Thanks! Also please cancel order 1042.");
  });

  it("keeps offsets: the masked text has the original length", () => {
    const text = "Hi\n\nBest,\nJo\n555";
    expect(maskToRegions(text, findLiveRegions(text))).toHaveLength(text.length);
  });
});
