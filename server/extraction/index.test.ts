import { describe, expect, it } from "vitest";
import { getExtractor, getShadowExtractor, normalizeFieldValue } from "./index";

describe("getExtractor", () => {
  it("is the offline extractor by default, built once", async () => {
    const extractor = getExtractor();
    expect(extractor.name).toBe("offline");
    expect(getExtractor()).toBe(extractor);
    expect(getShadowExtractor()).toBeUndefined();
    const result = await extractor.extract({ text: "Please cancel order 1042." });
    expect(result.changes).toEqual([
      expect.objectContaining({ field: "order.status", value: "cancelled", reference: "1042" }),
    ]);
  });

  it("re-exports the field normalizer", () => {
    expect(normalizeFieldValue("contact.email", "A@B.COM")).toEqual({ ok: true, value: "a@b.com" });
  });
});
