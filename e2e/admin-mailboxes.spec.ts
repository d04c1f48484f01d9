import type { Page, Response } from "@playwright/test";
import { startDovecot, type Dovecot } from "../testing/dovecot";
import { expect, expectAccessible, test } from "./fixtures/test";

// A real Dovecot on loopback, started here; the e2e app and its worker connect to it like to any server.
const password = `imap-e2e-${Math.random().toString(36).slice(2, 10)}-password`;
let dovecot: Dovecot;

test.beforeAll(async () => {
  dovecot = await startDovecot({ password });
});
test.afterAll(async () => {
  await dovecot.close();
});

/** Every answer the page receives from the app, as text, to show the password is in none of them. */
function recordResponses(page: Page, origin: string): () => Promise<string[]> {
  const bodies: Promise<string>[] = [];
  page.on("response", (response: Response) => {
    if (!response.url().startsWith(origin)) return;
    bodies.push(response.text().catch(() => ""));
  });
  return () => Promise.all(bodies);
}

function email(subject: string): string {
  return [
    "From: Ana Silva <ana.silva@example.com>",
    "To: Support <support@changedesk.test>",
    `Subject: ${subject}`,
    `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@example.com>`,
    `Date: ${new Date().toUTCString()}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "",
    "Thank you for the quick answer yesterday, everything is fine now.",
    "",
  ].join("\r\n");
}

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("adds a mailbox against a real Dovecot: a wrong password is explained, Poll now stores new mail, the password never comes back", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const responses = recordResponses(page, baseURL ?? "http://localhost:3100");
    const run = Date.now().toString(36);
    const name = `E2E support ${run}`;
    const subject = `E2E mailbox ${run}`;

    await page.goto("/queue");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Mailboxes", exact: true })
      .click();
    await expect(page).toHaveURL(/\/admin\/mailboxes$/);
    await expect(page.getByRole("heading", { level: 1, name: "Mailboxes" })).toBeVisible();
    await expectAccessible(page);

    const dialog = page.getByRole("dialog", { name: "Add mailbox" });
    await expect(async () => {
      await page.getByRole("button", { name: "Add mailbox" }).click();
      await expect(dialog).toBeVisible({ timeout: 1000 });
    }).toPass();

    // refused where it was typed, and nothing typed is lost
    await dialog.getByLabel("IMAP server").fill("imap://127.0.0.1");
    await dialog.getByRole("button", { name: "Add mailbox" }).click();
    await expect(dialog.getByText("Enter a name, e.g. Support inbox")).toBeVisible();
    await expect(dialog.getByText("Enter a host name or IP address only")).toBeVisible();
    await expect(dialog.getByText("Enter the password")).toBeVisible();
    await expect(dialog.getByLabel("IMAP server")).toHaveValue("imap://127.0.0.1");

    await dialog.getByLabel("Name", { exact: true }).fill(name);
    await dialog.getByLabel("IMAP server").fill(dovecot.host);
    await expect(dialog.getByLabel("Port")).toHaveValue("993");
    await dialog.getByRole("checkbox", { name: "TLS from the first byte" }).click();
    await expect(dialog.getByLabel("Port")).toHaveValue("143");
    await dialog.getByLabel("Port").fill(String(dovecot.port));
    await dialog.getByLabel("Username").fill(dovecot.user);
    await expect(dialog.getByLabel("Password", { exact: true })).toHaveAttribute("type", "password");
    await dialog.getByLabel("Password", { exact: true }).fill("not-the-password");

    // the server's refusal, in words
    const status = dialog.getByRole("status");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(status).toContainText("Could not connect");
    await expect(status).toContainText("the server refused the username support or its password");

    await dialog.getByLabel("Password", { exact: true }).fill(password);
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(status).toContainText("Connected");
    await expect(status).toContainText("Signed in as support and opened INBOX (0 messages).");

    await expect(dialog.getByText("Every email read here counts as from a verified sender")).toBeVisible();
    await dialog.getByRole("checkbox", { name: "Trusted mailbox" }).click();
    await dialog.getByRole("button", { name: "Add mailbox" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "Mailbox added" })).toContainText(
      `${name} is polled now`,
    );

    // the worker polls a new mailbox at once: wait for its first poll to come back
    const card = page.getByRole("region", { name });
    await expect(card.getByText("Trusted", { exact: true })).toBeVisible();
    await expect(async () => {
      await page.reload();
      await expect(card.locator('[data-state="ok"]')).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const stored = card.getByTestId("messages-stored");
    await expect(stored).toHaveText("0");

    // an email appended to the inbox is stored by Poll now, once
    await dovecot.deliver(email(subject));
    await card.getByRole("button", { name: `Poll now ${name}` }).click();
    await expect(card.getByRole("status").first()).toContainText("1 new message stored");
    await expect(stored).toHaveText("1 (1 by the last poll)");
    expect((await dovecot.list()).map((message) => message.flags)).toEqual([["$Changedesk", "\\Seen"]]);
    await card.getByRole("button", { name: `Poll now ${name}` }).click();
    await expect(card.getByRole("status").first()).toContainText("0 new messages stored");

    // editing leaves the password blank and keeps the stored one
    const edit = page.getByRole("dialog", { name: `Edit ${name}` });
    await card.getByRole("button", { name: `Edit ${name}` }).click();
    const passwordField = edit.getByLabel("Password", { exact: true });
    await expect(passwordField).toHaveValue("");
    await expect(passwordField).toHaveAttribute("placeholder", "Leave blank to keep the stored one");
    await expect(edit).toContainText("A password is stored. Leave this blank to keep it");
    await edit.getByRole("button", { name: "Test connection" }).click();
    await expect(edit.getByRole("status")).toContainText(
      "Signed in as support and opened INBOX (1 message).",
    );
    await edit.getByRole("combobox", { name: "Once an email is stored" }).click();
    await page.getByRole("option", { name: "Move it to a folder" }).click();
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit.getByText("Name the folder to move processed mail to")).toBeVisible();
    await edit.getByLabel("Move processed mail to").fill("Processed");
    await edit.getByRole("button", { name: "Save" }).click();
    await expect(edit).toBeHidden();
    await expect(card).toContainText("moved to Processed");
    await card.getByRole("button", { name: `Test connection of ${name}` }).click();
    await expect(card.getByRole("status").last()).toContainText("Connected");

    // the stored email is a message on the email channel, its sender verified by the trusted mailbox
    await page.goto("/messages");
    await expect(page.getByText(subject)).toBeVisible();

    // disabled, it is not polled
    await page.goto("/admin/mailboxes");
    await card.getByRole("button", { name: `Disable ${name}` }).click();
    await expect(card.locator('[data-state="disabled"]')).toBeVisible();
    await expect(card.getByRole("button", { name: `Poll now ${name}` })).toBeDisabled();
    await expect(card).toContainText("Not while disabled");

    // the password is in no page and in no answer from the server
    expect(await page.content()).not.toContain(password);
    const bodies = await responses();
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((body) => body.includes(password))).toEqual([]);
    expect(bodies.some((body) => body.includes(name))).toBe(true);
  });
});

for (const role of ["lead", "reviewer"] as const) {
  test.describe(`as a ${role}`, () => {
    test.use({ role });

    test("has no Mailboxes page, and the mailbox procedures refuse them", async ({ page }) => {
      await page.goto("/admin/mailboxes");
      await expect(page).toHaveURL(/\/queue/);
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Mailboxes" }),
      ).toHaveCount(0);
      expect((await page.request.get("/api/trpc/mailbox.list")).status()).toBe(403);
      const save = await page.request.post("/api/trpc/mailbox.save", {
        data: {
          json: {
            name: "Sneaky",
            host: dovecot.host,
            port: dovecot.port,
            secure: false,
            username: dovecot.user,
            password: "guess",
            mailbox: "INBOX",
            processedAction: "flag",
            trusted: true,
            enabled: true,
          },
        },
      });
      expect(save.status()).toBe(403);
      const connect = await page.request.post("/api/trpc/mailbox.test", {
        data: {
          json: {
            host: dovecot.host,
            port: dovecot.port,
            secure: false,
            username: dovecot.user,
            password,
            mailbox: "INBOX",
          },
        },
      });
      expect(connect.status()).toBe(403);
    });
  });
}
