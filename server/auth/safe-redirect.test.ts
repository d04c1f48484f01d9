import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "@/contracts/safe-redirect";

const origin = "http://localhost:3300";

describe("safeRedirectPath: only a path on our own origin is followed after sign-in", () => {
  it.each([
    "http://localhost:3300//evil.example/x",
    "//evil.example/x",
    "/%09/evil.example/x",
    "/\t/evil.example/x",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%2f/evil.example",
    "/\u2215\u2215evil.example",
    "/\uff0f\uff0fevil.example",
    "/\u2044evil.example",
    "https://evil.example/queue",
    "http://localhost:3300.evil.example/queue",
    "http://localhost:3301/queue",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    " /queue",
    "/queue\r\nSet-Cookie: x=1",
    "/que%00ue",
    "/%E0%A4%A",
    "/sign-in?callbackUrl=/queue",
    "/api/auth/signout",
    "",
  ])("refuses %j", (raw) => {
    expect(safeRedirectPath(raw, origin)).toBeUndefined();
    expect(safeRedirectPath(raw)).toBeUndefined();
  });

  it.each([
    ["/queue", "/queue"],
    ["/proposals/abc?tab=history#evidence", "/proposals/abc?tab=history#evidence"],
    ["/messages?status=unmatched", "/messages?status=unmatched"],
    ["/customers/%C3%A9", "/customers/%C3%A9"],
  ])("follows %j", (raw, expected) => {
    expect(safeRedirectPath(raw, origin)).toBe(expected);
    expect(safeRedirectPath(raw)).toBe(expected);
  });

  it("keeps the path of an absolute URL on our own origin, only when the origin is known", () => {
    expect(safeRedirectPath("http://localhost:3300/queue?x=1", origin)).toBe("/queue?x=1");
    expect(safeRedirectPath("http://localhost:3300/queue")).toBeUndefined();
  });
});
