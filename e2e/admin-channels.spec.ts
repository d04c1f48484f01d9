import { createHmac } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, expectAccessible, test } from "./fixtures/test";

// The demo's channel settings (server/seed/seed-demo.ts): other specs and the README's examples use them.
const demoChatSecret = "changedesk-demo-chat-secret";
const demoAuthservId = "mx.changedesk.test";

/** A chat POST signed as a chat platform signs it: HMAC-SHA256 of "<t>.<raw body>", computed here. */
function postChat(request: APIRequestContext, secret: string, body: string) {
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return request.post("/api/channels/chat", {
    headers: { "x-changedesk-signature": `t=${t},v1=${v1}`, "content-type": "application/json" },
    data: body,
  });
}

/** A body the chat channel refuses as invalid (400) once the signature checks out: nothing is stored. */
const invalidEvent = JSON.stringify({ eventId: "", userId: "", text: "" });

async function restoreDemoSettings(page: Page) {
  for (const [procedure, input] of [
    ["channel.setChatSecret", { secret: demoChatSecret }],
    ["channel.setTrustedAuthservIds", { authservIds: [demoAuthservId] }],
  ] as const) {
    const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
    expect(response.ok(), await response.text()).toBe(true);
  }
}

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  // Later specs and the README's examples use the demo secret and server: whatever fails, they come back.
  test.afterEach(async ({ page }, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) await restoreDemoSettings(page);
  });

  test("sees every channel's endpoint at this origin, rotates the chat secret, and the old one is refused", async ({
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(60_000);
    await page.goto("/queue");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Channels", exact: true })
      .click();
    await expect(page).toHaveURL(/\/admin\/channels$/);
    await expect(page.getByRole("heading", { level: 1, name: "Channels" })).toBeVisible();
    for (const [channel, path] of [
      ["email", "/api/channels/email"],
      ["chat", "/api/channels/chat"],
      ["ticket", "/api/channels/ticket"],
      ["api", "/api/channels/api/messages"],
    ] as const) {
      await expect(page.getByTestId(`channel-${channel}`).locator("code").first()).toHaveText(
        `POST ${baseURL}${path}`,
      );
    }
    await expect(page.getByTestId("channel-imap").getByRole("link", { name: /mailbox/ })).toHaveAttribute(
      "href",
      "/admin/mailboxes",
    );
    await expectAccessible(page);

    const chat = page.getByTestId("channel-chat");
    await expect(chat.getByText("Set", { exact: true })).toBeVisible();
    expect((await postChat(request, demoChatSecret, invalidEvent)).status()).toBe(400);

    // rotate to a generated secret: shown once, in a read-only field with Copy
    const dialog = page.getByRole("dialog");
    await expect(async () => {
      await chat.getByRole("button", { name: "Rotate secret" }).click();
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();
    await expect(dialog).toContainText("The current secret stops working at once");
    await dialog.getByRole("button", { name: "Generate and rotate" }).click();
    await expect(dialog).toContainText("This is the only time the secret is shown");
    const field = dialog.getByLabel("Chat signing secret");
    await expect(field).toHaveAttribute("readonly", "");
    await expect(dialog.getByRole("button", { name: "Copy the chat signing secret" })).toBeVisible();
    const secret = await field.inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId("chat-secret-status")).toContainText("by Alex Admin");

    // the new secret verifies a signed post; the old one is refused
    const event = JSON.stringify({
      eventId: `e2e-channels-${Date.now()}`,
      userId: "ana.silva",
      text: "Thank you, that answers my question.",
    });
    const accepted = await postChat(request, secret, event);
    expect(accepted.status(), await accepted.text()).toBe(201);
    const refused = await postChat(request, demoChatSecret, invalidEvent);
    expect(refused.status()).toBe(401);
    expect(((await refused.json()) as { error: string }).error).toBe("invalid_signature");

    // never shown again: not in the page, not in what the server sends
    await page.reload();
    await expect(page.getByTestId("chat-secret-status")).toContainText("by Alex Admin");
    expect(await page.content()).not.toContain(secret);
    const settings = await page.request.get("/api/trpc/channel.settings");
    expect(settings.ok()).toBe(true);
    expect(await settings.text()).not.toContain(secret);

    // back to the demo secret, pasted as a platform's own; a short one is refused in the form first
    await expect(async () => {
      await chat.getByRole("button", { name: "Rotate secret" }).click();
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();
    await dialog.getByRole("tab", { name: "Use the platform's" }).click();
    const pasted = dialog.getByLabel("Secret from the chat platform");
    await pasted.fill("too-short");
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await expect(dialog.getByText("Use at least 24 characters")).toBeVisible();
    await expect(pasted).toHaveAttribute("aria-invalid", "true");
    await pasted.fill(demoChatSecret);
    await dialog.getByRole("button", { name: "Rotate secret" }).click();
    await expect(dialog).toContainText("Posts signed with the platform's secret are accepted now");
    await expect(dialog.getByLabel("Chat signing secret")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Done" }).click();
    expect((await postChat(request, secret, invalidEvent)).status()).toBe(401);
    expect((await postChat(request, demoChatSecret, invalidEvent)).status()).toBe(400);

    // both rotations are audited, never with a secret
    await page.goto("/audit?action=channel.chat_secret_rotated");
    const entries = page.locator('[data-action="channel.chat_secret_rotated"]');
    await expect(entries).toHaveCount(2);
    expect(await page.content()).not.toContain(secret);
  });

  test("edits the trusted receiving mail servers, with each name checked where it is typed", async ({
    page,
  }) => {
    await page.goto("/admin/channels");
    const email = page.getByTestId("channel-email");
    const servers = email.getByRole("list", { name: "Trusted receiving mail servers" });
    await expect(servers.getByRole("listitem")).toHaveText([demoAuthservId]);

    const add = email.getByLabel("Add a server");
    await expect(async () => {
      await add.fill("imap://mx.example.com");
      await email.getByRole("button", { name: "Add", exact: true }).click();
      await expect(email.getByText("Use the name the server writes in Authentication-Results")).toBeVisible({
        timeout: 1000,
      });
    }).toPass();
    await expect(add).toHaveAttribute("aria-invalid", "true");
    await expect(add).toHaveValue("imap://mx.example.com");
    await add.fill(demoAuthservId.toUpperCase());
    await add.press("Enter");
    await expect(email.getByText(`${demoAuthservId} is already in the list`)).toBeVisible();
    await add.fill("  MX.Example.COM ");
    await add.press("Enter");
    await expect(servers.getByRole("listitem")).toHaveText([demoAuthservId, "mx.example.com"]);
    await expect(add).toHaveValue("");

    // removing every server warns before anything is saved; Discard puts the list back
    await email.getByRole("button", { name: `Remove ${demoAuthservId}` }).click();
    await email.getByRole("button", { name: "Remove mx.example.com" }).click();
    await expect(email.getByText("No server is trusted")).toBeVisible();
    await email.getByRole("button", { name: "Discard" }).click();
    await expect(servers.getByRole("listitem")).toHaveText([demoAuthservId]);

    await add.fill("mx.example.com");
    await add.press("Enter");
    await email.getByRole("button", { name: "Save servers" }).click();
    await expect(email.getByRole("status")).toContainText(
      `Authentication-Results from ${demoAuthservId}, mx.example.com are believed from now on.`,
    );
    await page.reload();
    await expect(servers.getByRole("listitem")).toHaveText([demoAuthservId, "mx.example.com"]);
    await expect(email).toContainText("by Alex Admin");

    // and back to the demo's one server
    await email.getByRole("button", { name: "Remove mx.example.com" }).click();
    await email.getByRole("button", { name: "Save servers" }).click();
    await expect(email.getByRole("status")).toContainText(
      `Authentication-Results from ${demoAuthservId} are`,
    );
    await expect(servers.getByRole("listitem")).toHaveText([demoAuthservId]);

    await page.goto("/audit?action=channel.email_servers_changed");
    const entries = page.locator('[data-action="channel.email_servers_changed"]');
    await expect(entries).toHaveCount(2);
  });

  test("creates a key scoped to ticket notes only: the API channel refuses it with 403, and Channels lists it", async ({
    page,
    request,
  }) => {
    test.setTimeout(60_000);
    const keyName = `E2E ticket-only ${Date.now()}`;
    await page.goto("/admin/channels");
    await page
      .getByTestId("channel-ticket")
      .getByRole("link", { name: /Manage API keys/ })
      .click();
    await expect(page).toHaveURL(/\/admin\/users#api-keys$/);

    const dialog = page.getByRole("dialog");
    await expect(async () => {
      await page.getByRole("button", { name: "Create API key" }).click();
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();
    await dialog.getByLabel("Name", { exact: true }).fill(keyName);
    await expect(dialog.getByRole("checkbox", { name: "API", exact: true })).toBeChecked();
    await dialog.getByRole("checkbox", { name: "API", exact: true }).click();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expect(dialog.getByText("Choose at least one channel")).toBeVisible();
    await dialog.getByRole("checkbox", { name: "Ticket", exact: true }).click();
    await expect(dialog.getByRole("checkbox", { name: "Trusted to assert senders" })).not.toBeChecked();
    await dialog.getByRole("button", { name: "Create key" }).click();
    const secret = await dialog.getByLabel("API key", { exact: true }).inputValue();
    await dialog.getByRole("button", { name: "Done" }).click();

    const row = page.getByRole("row", { name: keyName });
    await expect(row.getByRole("cell").nth(2)).toHaveText("Ticket");
    await expect(row).toContainText("Not trusted");

    const api = await request.post("/api/channels/api/messages", {
      headers: { authorization: `Bearer ${secret}` },
      data: {},
    });
    expect(api.status()).toBe(403);
    expect(await api.json()).toMatchObject({ error: "channel_not_allowed" });
    // the ticket channel takes the key, then refuses the empty note as invalid: nothing is stored
    const ticket = await request.post("/api/channels/ticket", {
      headers: { authorization: `Bearer ${secret}` },
      data: {},
    });
    expect(ticket.status()).toBe(400);

    await page.goto("/admin/channels");
    const ticketKeys = page.getByRole("list", { name: "Keys allowed on the Ticket channel" });
    await expect(ticketKeys.getByRole("listitem").filter({ hasText: keyName })).toContainText(
      "Senders unverified",
    );
    await expect(page.getByRole("list", { name: "Keys allowed on the API channel" })).not.toContainText(
      keyName,
    );

    // revoked, it is gone from the channel's keys
    await page.goto("/admin/users");
    const confirm = page.getByRole("alertdialog");
    await expect(async () => {
      await row.getByRole("button", { name: "Revoke" }).click();
      await expect(confirm).toBeVisible({ timeout: 1000 });
    }).toPass();
    await confirm.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("Revoked");
    await page.goto("/admin/channels");
    await expect(ticketKeys).not.toContainText(keyName);
  });
});

for (const role of ["lead", "reviewer"] as const) {
  test.describe(`as a ${role}`, () => {
    test.use({ role });

    test("has no Channels page, and the channel procedures refuse them", async ({ page, request }) => {
      await page.goto("/admin/channels");
      await expect(page).toHaveURL(/\/queue/);
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Channels" }),
      ).toHaveCount(0);

      expect((await page.request.get("/api/trpc/channel.settings")).status()).toBe(403);
      const set = await page.request.post("/api/trpc/channel.setChatSecret", {
        data: { json: { secret: "a-secret-a-lead-should-not-set-0123" } },
      });
      expect(set.status()).toBe(403);
      const servers = await page.request.post("/api/trpc/channel.setTrustedAuthservIds", {
        data: { json: { authservIds: ["evil.example"] } },
      });
      expect(servers.status()).toBe(403);
      // nothing changed: the demo secret still verifies
      expect((await postChat(request, demoChatSecret, invalidEvent)).status()).toBe(400);
    });
  });
}
