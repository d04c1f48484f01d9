import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce } from "./content-security-policy";
import { checkSameOrigin } from "./same-origin";

function request(method: string, headers: Record<string, string>, url = "http://localhost:3000/api/trpc/x") {
  return new Request(url, { method, headers });
}

describe("checkSameOrigin", () => {
  it.each([
    ["our own origin", "POST", { origin: "http://localhost:3000" }, true],
    [
      "our origin behind a proxy",
      "POST",
      { origin: "https://desk.example.com", host: "desk.example.com", "x-forwarded-proto": "https" },
      true,
    ],
    ["the configured public URL", "POST", { origin: "https://changedesk.example.com" }, true],
    ["a script with no browser headers", "POST", {}, true],
    ["a read from anywhere", "GET", { origin: "https://evil.example" }, true],
    ["another site", "POST", { origin: "https://evil.example" }, false],
    ["another port of our host", "POST", { origin: "http://localhost:3001" }, false],
    ["our host over another scheme", "POST", { origin: "https://localhost:3000" }, false],
    ["an opaque origin (sandboxed frame, file:)", "POST", { origin: "null" }, false],
    ["a look-alike host", "POST", { origin: "http://localhost:3000.evil.example" }, false],
    ["no Origin but the browser says cross-site", "POST", { "sec-fetch-site": "cross-site" }, false],
    ["no Origin but the browser says same-site", "DELETE", { "sec-fetch-site": "same-site" }, false],
    ["no Origin, same-origin fetch", "PUT", { "sec-fetch-site": "same-origin" }, true],
  ] as const)("%s: %s allowed=%s", (_name, method, headers, allowed) => {
    const verdict = checkSameOrigin(request(method, headers), "https://changedesk.example.com");
    expect(verdict.allowed).toBe(allowed);
    if (!verdict.allowed) expect(verdict.reason).toMatch(/may not change anything/);
  });
});

describe("contentSecurityPolicy", () => {
  it("lets scripts run only with the nonce: no 'unsafe-inline' for scripts", () => {
    const nonce = createNonce();
    const policy = contentSecurityPolicy(nonce, { development: false });
    const scripts = policy.split("; ").find((directive) => directive.startsWith("script-src "));
    expect(scripts).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  it("draws a fresh, unguessable nonce each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    expect([...nonces][0]).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});
