import { expect, test } from "./fixtures/test";

const scriptSources = (policy: string | undefined) =>
  (policy ?? "")
    .split(";")
    .map((d) => d.trim())
    .find((d) => d.startsWith("script-src ")) ?? "";

test.describe("signed in as a lead", () => {
  test.use({ role: "lead" });

  test("every page's scripts run by a nonce drawn per request; a script without it never runs", async ({
    page,
  }) => {
    const first = await page.goto("/queue");
    const second = await page.request.get("/queue");
    const [a, b] = [first?.headers()["content-security-policy"], second.headers()["content-security-policy"]];
    expect(scriptSources(a)).toMatch(/^script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'$/);
    expect(scriptSources(a)).not.toContain("unsafe-inline");
    expect(scriptSources(a)).not.toBe(scriptSources(b));
    // the page hydrated under that policy: its navigation works client-side
    await expect(async () => {
      await page.getByRole("link", { name: "Customers" }).first().click();
      await expect(page).toHaveURL(/\/customers/, { timeout: 2_000 });
    }).toPass();

    // an event handler written into the page never runs
    const handler = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string }>((resolve) => {
          const w = window as unknown as { pwned?: boolean };
          let violated = "";
          document.addEventListener("securitypolicyviolation", (event) => {
            violated = event.violatedDirective;
          });
          const holder = document.createElement("div");
          holder.innerHTML = '<img src="/missing.png" onerror="window.pwned = true">';
          document.body.append(holder);
          setTimeout(() => resolve({ ran: Boolean(w.pwned), violated }), 1000);
        }),
    );
    expect(handler).toEqual({ ran: false, violated: expect.stringMatching(/^script-src/) });
  });

  test("a script that reaches the HTML without the nonce is blocked, under the policy the server sent", async ({
    page,
  }) => {
    // the page as the server sent it (headers included), with a script an attacker got into it
    await page.route("**/customers", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace("</body>", "<script>window.pwned = true</script></body>");
      await route.fulfill({ response, body: html });
    });
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/customers");
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    expect(violations.join("\n")).toMatch(/script/i);
  });

  test("a state change from another site is refused with the reason; our own pages' requests pass", async ({
    page,
  }) => {
    const forged = await page.request.post("/api/trpc/user.changePassword", {
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      data: { json: { currentPassword: "x", newPassword: "y" } },
    });
    expect(forged.status()).toBe(403);
    expect(await forged.json()).toMatchObject({ message: expect.stringContaining("https://evil.example") });
    const formPost = await page.request.post("/api/auth/signout", {
      headers: { "sec-fetch-site": "cross-site" },
      form: { csrfToken: "x" },
    });
    expect(formPost.status()).toBe(403);
    // still signed in: neither forged request changed anything
    await page.goto("/queue");
    await expect(page).toHaveURL(/\/queue/);
    const own = await page.request.post("/api/trpc/user.changePassword", {
      headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
      data: { json: { currentPassword: "wrong-password", newPassword: "another-password-1" } },
    });
    expect(own.status()).not.toBe(403);
  });
});

test("HSTS is sent over https only", async ({ request }) => {
  const plain = await request.get("/sign-in");
  expect(plain.headers()["strict-transport-security"]).toBeUndefined();
  const proxied = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(proxied.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});
