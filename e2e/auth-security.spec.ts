import type { APIRequestContext } from "@playwright/test";
import { expect, signIn, test } from "./fixtures/test";

/** A client address of our own per test run, so limits counted here touch no other spec. */
function testAddress(): string {
  return `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
}

/** One credentials sign-in the way next-auth's client sends it. */
async function attemptSignIn(
  request: APIRequestContext,
  params: { email: string; password: string; address: string },
) {
  const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", {
    form: { email: params.email, password: params.password, csrfToken: csrf.csrfToken, json: "true" },
    headers: { "x-forwarded-for": params.address },
    maxRedirects: 0,
  });
}

async function createUser(request: APIRequestContext, role = "reviewer") {
  const run = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const user = {
    name: `Sec ${run}`,
    email: `sec-${run}@changedesk.test`,
    password: `sec-password-${run}`,
    role,
  };
  const response = await request.post("/api/trpc/user.create", { data: { json: user } });
  expect(response.ok(), await response.text()).toBe(true);
  return user;
}

test.describe("signed in as an admin", () => {
  test.use({ role: "admin" });

  test("follows only same-origin paths after sign-in, whatever the trick", async ({ page }) => {
    const refused = [
      "http://localhost:3100//evil.example/x",
      "//evil.example/x",
      "/%09/evil.example/x",
      "/\\evil.example",
      "/%5Cevil.example",
      "/%2F%2Fevil.example",
      "/\u2215\u2215evil.example",
      "https://evil.example/",
    ];
    for (const callbackUrl of refused) {
      const response = await page.request.get(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`, {
        maxRedirects: 0,
      });
      expect(response.status(), callbackUrl).toBe(307);
      expect(response.headers().location, callbackUrl).toMatch(/^(http:\/\/[^/]+)?\/queue$/);
    }
    const kept = await page.request.get(
      `/sign-in?callbackUrl=${encodeURIComponent("/messages?status=unmatched")}`,
      {
        maxRedirects: 0,
      },
    );
    expect(kept.headers().location).toMatch(/^(http:\/\/[^/]+)?\/messages\?status=unmatched$/);
  });

  test("ends the session on sign-out: the old cookie no longer works", async ({ page, browser, baseURL }) => {
    const user = await createUser(page.request);
    const theirs = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    await signIn(theirPage, user);
    const cookies = await theirs.cookies();
    await theirPage.getByRole("button", { name: "Sign out" }).click();
    await expect(theirPage).toHaveURL(/\/sign-in/);

    // the cookie as it was before signing out, replayed in a fresh browser
    const replay = await browser.newContext({ baseURL, storageState: { cookies, origins: [] } });
    const replayed = await replay.request.get("/queue", { maxRedirects: 0 });
    expect(replayed.status()).toBe(307);
    expect(replayed.headers().location).toMatch(/\/sign-in/);
    const procedure = await replay.request.get("/api/trpc/user.me");
    expect(procedure.status()).toBe(401);
    await replay.close();
    await theirs.close();
  });

  test("slows and then locks repeated wrong passwords, with 429 and Retry-After, even for the right one", async ({
    page,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const user = await createUser(page.request);
    const anonymous = await playwright.request.newContext({ baseURL });
    const address = testAddress();
    const statuses: number[] = [];
    for (let attempt = 1; statuses.filter((s) => s === 401).length < 10; attempt++) {
      const response = await attemptSignIn(anonymous, {
        email: user.email,
        password: "wrong password",
        address,
      });
      statuses.push(response.status());
      if (response.status() === 429) {
        const wait = Number(response.headers()["retry-after"]);
        expect(wait).toBeGreaterThan(0);
        expect(((await response.json()) as { message: string }).message).toMatch(/Too many failed sign-ins/);
        await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      }
      expect(attempt).toBeLessThan(40);
    }
    // five free, then delays (429 until each wait is over), and the tenth locked the account
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const right = await attemptSignIn(anonymous, {
      email: user.email,
      password: user.password,
      address: testAddress(),
    });
    expect(right.status()).toBe(429);
    expect(Number(right.headers()["retry-after"])).toBeGreaterThan(13 * 60);

    // the admin sees the lock and lifts it; then the right password works
    await page.goto("/admin/users");
    const lock = page.getByRole("row", { name: new RegExp(`Account ${user.email.replace(/[.]/g, "\\.")}`) });
    await expect(lock).toBeVisible();
    // clicked again until the page has hydrated and the click reaches the server
    await expect(async () => {
      await lock.getByRole("button", { name: /Lift lock/ }).click();
      await expect(page.getByRole("status").filter({ hasText: "Lock lifted" })).toBeVisible({
        timeout: 2000,
      });
    }).toPass({ timeout: 20_000 });
    const after = await attemptSignIn(anonymous, {
      email: user.email,
      password: user.password,
      address: testAddress(),
    });
    expect(after.status()).toBe(200);
    await anonymous.dispose();
  });

  test("forces a password reset: sessions end and the next sign-in must choose a new password", async ({
    page,
    browser,
    baseURL,
  }) => {
    const user = await createUser(page.request);
    const theirs = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    await signIn(theirPage, user);

    await page.goto("/admin/users");
    // typed again until the page has hydrated and the button takes it
    await expect(async () => {
      await page.getByLabel("Force a password reset for").fill(user.email);
      await expect(page.getByRole("button", { name: "Force reset" })).toBeEnabled({ timeout: 1000 });
    }).toPass();
    await page.getByRole("button", { name: "Force reset" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password reset forced" })).toBeVisible();

    await theirPage.goto("/queue");
    await expect(theirPage).toHaveURL(/\/sign-in/);
    await signIn(theirPage, user);
    await expect(theirPage.getByRole("heading", { name: "Choose a new password to continue" })).toBeVisible();
    await expect(theirPage.getByRole("navigation", { name: "Main" }).getByRole("link")).toHaveCount(0);
    await theirPage.getByLabel("Current password").fill(user.password);
    await theirPage.getByLabel("New password", { exact: true }).fill(`${user.password}-new`);
    await theirPage.getByLabel("New password again").fill(`${user.password}-new`);
    await theirPage.getByRole("button", { name: "Change password" }).click();
    // two scrypt hashes (check the current password, hash the new one) behind the hashing limit:
    // seconds on a loaded machine
    await expect(theirPage).toHaveURL(/\/sign-in/, { timeout: 30_000 });
    await signIn(theirPage, { email: user.email, password: `${user.password}-new` });
    await expect(
      theirPage.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queue" }),
    ).toBeVisible();
    await theirs.close();
  });
});

test("answers bad input to the auth endpoints with 400 and a reason, never 500", async ({ request }) => {
  const empty = await request.post("/api/auth/callback/credentials", { maxRedirects: 0 });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { message: string }).message).toMatch(/x-www-form-urlencoded/);
  const control = await request.get("/api/auth/signin?callbackUrl=%2Fqueue%01x", { maxRedirects: 0 });
  expect(control.status()).toBe(400);
  const noEmail = await request.post("/api/auth/callback/credentials", {
    form: { password: "x" },
    headers: { "x-forwarded-for": testAddress() },
    maxRedirects: 0,
  });
  expect(noEmail.status()).toBe(400);
});

test("measures sign-in timing for known and unknown accounts, and health under 50 parallel wrong sign-ins", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const client = await playwright.request.newContext({ baseURL });
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  const time = async (email: string) => {
    const started = performance.now();
    const response = await attemptSignIn(client, {
      email,
      password: "not the password",
      address: testAddress(),
    });
    expect(response.status()).toBe(401);
    return performance.now() - started;
  };
  const known: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < 4; i++) {
    known.push(await time("lead@changedesk.test"));
    unknown.push(await time(`nobody-${i}-${Date.now()}@changedesk.test`));
  }
  // the lead's account is not left counting failures for other specs
  await client.dispose();

  const attackers = await playwright.request.newContext({ baseURL });
  const health: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      await attackers.get("/api/health");
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const attack = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      attemptSignIn(attackers, {
        email: `flood-${i}-${Date.now()}@changedesk.test`,
        password: "x",
        address: testAddress(),
      }),
    ),
  );
  done = true;
  await probe;
  expect(attack.every((response) => response.status() < 500)).toBe(true);
  const p95 = [...health].sort((a, b) => a - b)[Math.floor(health.length * 0.95)] ?? 0;
  const difference = Math.abs(median(known) - median(unknown)) / median(known);
  console.log(
    `sign-in timing: known ${median(known).toFixed(0)} ms, unknown ${median(unknown).toFixed(0)} ms (difference ${(difference * 100).toFixed(1)}%); /api/health p95 ${p95.toFixed(0)} ms over ${health.length} probes during 50 parallel wrong sign-ins`,
  );
  await attackers.dispose();
});
