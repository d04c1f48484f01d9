import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { expect, expectAccessible, test } from "./fixtures/test";
import { seededContact } from "./review-helpers";

// The demo API key server/seed/seed-demo.ts creates.
const demoApiKey = "cdk_de0000000000_changedesk-demo-key-not-for-production";
const screens = "test-results/screens";
const sample = readFileSync(new URL("../docs/examples/address-change.eml", import.meta.url), "utf8");

/**
 * docs/examples/address-change.eml (HTML, a PDF attachment, quoted history) from a seeded customer,
 * with a Message-ID and subject of its own so each run's email is new, and a second attachment
 * whose name and type a browser must never be allowed to render.
 */
function addressChangeEmail(customer: { name: string; email: string }, token: string): Buffer {
  const hostile = [
    "--outer",
    'Content-Type: text/html; name="notes.html"',
    `Content-Disposition: attachment; filename*=UTF-8''..%2F..%2F%22notes%22.html`,
    "",
    "<script>alert(document.cookie)</script>",
    "",
    "--outer--",
  ].join("\n");
  return Buffer.from(
    sample
      .replaceAll("Ana Silva <ana.silva@example.com>", `${customer.name} <${customer.email}>`)
      .replaceAll("ana.silva@example.com", customer.email)
      .replace("Subject: New address", `Subject: New address ${token}`)
      .replace("<example-address-change-1@example.com>", `<upload-${token}@example.com>`)
      .replace("--outer--", hostile),
  );
}

function replyEmail(customer: { name: string; email: string }, token: string): string {
  return [
    `From: ${customer.name} <${customer.email}>`,
    "To: support@changedesk.test",
    `Subject: Re: New address ${token}`,
    `Message-ID: <reply-${token}@example.com>`,
    `In-Reply-To: <upload-${token}@example.com>`,
    `References: <upload-${token}@example.com>`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    `One more thing (${token}): the flat is on the second floor.`,
    "",
  ].join("\r\n");
}

test.describe("a lead", () => {
  test.use({ role: "lead" });

  test("uploads an .eml, downloads its attachment and source, and sees the reply join its thread", async ({
    page,
    request,
  }) => {
    const token = randomUUID().slice(0, 8);
    const customer = seededContact(33);
    const file = {
      name: `address-change-${token}.eml`,
      mimeType: "message/rfc822",
      buffer: addressChangeEmail(customer, token),
    };

    await page.goto("/messages");
    const dialog = page.getByRole("dialog", { name: "Upload emails" });
    await expect(async () => {
      if (!(await dialog.isVisible())) await page.getByTestId("upload-email").click();
      await expect(dialog).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await dialog
      .getByTestId("upload-email-files")
      .setInputFiles([
        file,
        { name: "holiday.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not an email") },
      ]);
    await expect(dialog.getByTestId("upload-result")).toHaveCount(2);
    await expect(dialog.getByTestId("upload-result").nth(1)).toContainText("Not an .eml file; not uploaded.");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${screens}/email-upload-dialog-1280.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screens}/email-upload-dialog-390.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectAccessible(page);

    await dialog.getByTestId("upload-email-submit").click();
    const first = dialog.getByTestId("upload-result").first();
    await expect(first).toHaveAttribute("data-state", "received", { timeout: 20_000 });
    await expect(first).toContainText(`Received: New address ${token}`);
    await page.screenshot({ path: `${screens}/email-upload-done-1280.png` });

    // the same bytes again: one message, "already received", with a link to it
    await dialog.getByTestId("upload-email-files").setInputFiles(file);
    await dialog.getByTestId("upload-email-submit").click();
    const again = dialog.getByTestId("upload-result").first();
    await expect(again).toHaveAttribute("data-state", "duplicate", { timeout: 20_000 });
    await expect(again).toContainText(`Already received: New address ${token}`);
    await again.getByTestId("upload-message-link").click();
    await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/, { timeout: 30_000 });
    const messageUrl = page.url();

    // the sender is unverified whatever the file's Authentication-Results say
    await expect(page.getByTestId("sender-verification")).toContainText("Not verified");
    await expect(page.getByTestId("sender-verification")).toContainText("uploaded in the console by");

    const attachments = page.getByTestId("attachment");
    await expect(attachments).toHaveCount(2);
    const lease = attachments.filter({ hasText: "lease.pdf" });
    await expect(lease).toContainText("application/pdf");
    const leaseHref = await lease.getByTestId("attachment-download").getAttribute("href");
    const leaseResponse = await page.request.get(leaseHref ?? "");
    expect(leaseResponse.status()).toBe(200);
    expect(leaseResponse.headers()["content-type"]).toBe("application/pdf");
    expect(leaseResponse.headers()["content-disposition"]).toBe(
      `attachment; filename="lease.pdf"; filename*=UTF-8''lease.pdf`,
    );
    expect(leaseResponse.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await leaseResponse.body()).subarray(0, 5).toString()).toBe("%PDF-");
    const download = page.waitForEvent("download");
    await lease.getByTestId("attachment-download").click();
    expect((await download).suggestedFilename()).toBe("lease.pdf");

    // an HTML attachment with a path in its name: saved as a plain file, never rendered from our origin
    const notes = attachments.filter({ hasText: "notes" });
    const notesResponse = await page.request.get(
      (await notes.getByTestId("attachment-download").getAttribute("href")) ?? "",
    );
    expect(notesResponse.headers()["content-type"]).toBe("application/octet-stream");
    expect(notesResponse.headers()["content-disposition"]).toBe(
      `attachment; filename="_notes_.html"; filename*=UTF-8''%22notes%22.html`,
    );

    // the customer's reply, delivered by the mail relay, joins the conversation
    const posted = await request.post("/api/channels/email", {
      headers: { authorization: `Bearer ${demoApiKey}`, "content-type": "message/rfc822" },
      data: replyEmail(customer, token),
    });
    expect(posted.status()).toBe(201);
    const replyId = ((await posted.json()) as { id: string }).id;
    await page.reload();
    const thread = page.getByTestId("message-thread");
    await expect(thread.getByTestId("thread-entry")).toHaveCount(2, { timeout: 15_000 });
    await expect(thread.getByTestId("thread-entry").first()).toHaveAttribute("aria-current", "true");
    await expect(thread.getByTestId("thread-entry").nth(1)).toContainText(`Re: New address ${token}`);
    await expect(thread.getByTestId("thread-link")).toHaveAttribute("href", `/messages/${replyId}`);

    const source = page.getByTestId("message-source");
    await expect(async () => {
      await source.getByText("Show the source").click();
      await expect(source.getByTestId("message-source-text")).toContainText(
        `Message-ID: <upload-${token}@example.com>`,
        {
          timeout: 2_000,
        },
      );
    }).toPass();
    const sourceResponse = await page.request.get(
      (await source.getByTestId("source-download").getAttribute("href")) ?? "",
    );
    expect(sourceResponse.status()).toBe(200);
    expect(sourceResponse.headers()["content-disposition"]).toContain(`filename="New address ${token}.eml"`);
    expect(sourceResponse.headers()["x-content-type-options"]).toBe("nosniff");
    expect((await sourceResponse.body()).equals(file.buffer)).toBe(true);

    // the console's sidebar is fixed: a tall window shows the whole page as a person sees it
    await page.setViewportSize({ width: 1280, height: 2200 });
    await page.screenshot({ path: `${screens}/email-message-1280-full.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: `${screens}/email-message-1280.png` });
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${screens}/email-message-390.png`, fullPage: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // the reply's page shows the same conversation, with the reply marked
    await page.setViewportSize({ width: 1280, height: 800 });
    await thread.getByTestId("thread-link").click();
    await expect(page).toHaveURL(`/messages/${replyId}`, { timeout: 30_000 });
    await expect(page.getByTestId("thread-entry").nth(1)).toHaveAttribute("aria-current", "true");
    await expect(page.getByTestId("thread-link")).toHaveAttribute("href", new URL(messageUrl).pathname);
  });
});

test.describe("a reviewer", () => {
  test.use({ role: "reviewer" });

  test("downloads an attachment but cannot upload", async ({ page, request }) => {
    const token = randomUUID().slice(0, 8);
    const posted = await request.post("/api/channels/email", {
      headers: { authorization: `Bearer ${demoApiKey}`, "content-type": "message/rfc822" },
      data: addressChangeEmail(seededContact(34), token),
    });
    expect(posted.status()).toBe(201);
    const { id } = (await posted.json()) as { id: string };

    await page.goto(`/messages/${id}`);
    const lease = page.getByTestId("attachment").filter({ hasText: "lease.pdf" });
    await expect(lease).toBeVisible({ timeout: 20_000 });
    const href = (await lease.getByTestId("attachment-download").getAttribute("href")) ?? "";
    const file = await page.request.get(href);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-disposition"]).toContain('filename="lease.pdf"');

    await page.goto("/messages");
    await expect(page.getByRole("heading", { name: "Messages" })).toBeVisible();
    await expect(page.getByTestId("upload-email")).toHaveCount(0);
    const refused = await page.request.post("/api/messages/upload?filename=x.eml", {
      headers: { "content-type": "message/rfc822" },
      data: addressChangeEmail(seededContact(34), `${token}-again`),
    });
    expect(refused.status()).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toContain("message.import");

    // and signed out, nothing at all
    await page.context().clearCookies();
    const anonymous = await page.request.get(href);
    expect(anonymous.status()).toBe(401);
    expect(((await anonymous.json()) as { message: string }).message).toBe("Sign in to continue.");
  });
});
