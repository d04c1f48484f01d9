import { expect, expectAccessible, test } from "./fixtures/test";
import { postMessage, seededContact, uniqueExchange } from "./review-helpers";

test.use({ role: "reviewer" });

const screens = "test-results/screens";

test("an unmatched message is linked to a customer, read again, and shows its proposal", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  const subject = `New number ${exchange}`;
  const customer = seededContact(23);
  await postMessage(request, {
    contact: 23,
    sender: `Someone <someone-${exchange}-${Date.now()}@elsewhere.example>`,
    subject,
    text: `Hello,\n\nmy new phone number is (628) ${exchange}-0177. Please update it.\n\nThanks`,
  });

  await page.goto("/messages?status=unmatched");
  await expect(page.getByTestId("message-filter-unmatched")).toHaveAttribute("aria-current", "page");
  const row = page.getByTestId("message-row").filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("Unmatched");
  await expect(page.getByTestId("message-attention-count")).toBeVisible();
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screens}/messages-unmatched-1440.png`, fullPage: true });
  await row.getByTestId("message-link").click();
  // the page is rendered on the server; on a busy machine that can take a while
  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/, { timeout: 30_000 });

  const panel = page.getByTestId("link-customer-panel");
  await expect(panel).toContainText("matches no customer", { timeout: 20_000 });
  await panel.getByLabel("Find the customer by name or email").fill(customer.email);
  const choice = panel.getByRole("radio", { name: new RegExp(customer.name) });
  await expect(choice).toBeVisible();
  // keyboard: the radio takes focus and Space chooses it
  await choice.focus();
  await page.keyboard.press("Space");
  await expect(panel.getByTestId("link-customer")).toHaveText(`Link to ${customer.name} and read again`);
  await page.screenshot({ path: `${screens}/message-link-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${screens}/message-link-390.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectAccessible(page);
  await panel.getByTestId("link-customer").click();

  // the pipeline runs again for the linked customer and proposes the change, for review
  const proposalLink = page.getByTestId("message-proposal-link");
  await expect(proposalLink).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("(linked by a person)")).toBeVisible();
  await page.screenshot({ path: `${screens}/message-linked-1440.png`, fullPage: true });
  await proposalLink.click();
  await expect(page.getByTestId("proposed-change")).toContainText("Phone", { timeout: 15_000 });
});

test("a needs-information message's drafted reply is edited, sent and shows in the outbox", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  const subject = `Phone ${exchange}`;
  const customer = seededContact(30);
  await postMessage(request, {
    contact: 30,
    subject,
    text: "Hello,\n\nplease update my phone number.\n\nThanks",
  });

  await page.goto("/messages?status=needs_information");
  const row = page.getByTestId("message-row").filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row).toContainText("Update phone: missing Phone");
  await row.getByTestId("message-link").click();
  // the page is rendered on the server; on a busy machine that can take a while
  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/, { timeout: 30_000 });

  await expect(page.getByTestId("pending-requests")).toContainText("Update phone", { timeout: 20_000 });
  await expect(page.getByTestId("pending-requests")).toContainText("Phone");
  await expect(page.getByTestId("detected-intents")).toContainText("Update phone");
  const body = page.getByTestId("reply-body");
  await expect(body).toHaveValue(/your new phone number/);
  await expect(page.getByTestId("reply-subject")).toHaveValue(`Re: ${subject}`);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: `${screens}/message-needs-information-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${screens}/message-needs-information-390.png`, fullPage: true });
  // nothing reaches past the phone's width (the nav scrolls inside its own strip)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
  await expectAccessible(page);

  // a person edits the draft, then sends it from the keyboard
  await body.click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(`\n\nP.S. reference ${exchange}`);
  await page.keyboard.press("Control+Enter");

  const sent = page.getByTestId("sent-reply");
  await expect(sent).toBeVisible({ timeout: 15_000 });
  await expect(sent).toContainText(`P.S. reference ${exchange}`);
  await expect(page.getByTestId("reply-state")).toBeVisible();

  await page.goto("/outbox");
  await page.getByRole("button", { name: "Notices" }).click();
  const outboxRow = page.getByTestId("outbox-row").filter({ hasText: `Re: ${subject}` });
  await expect(outboxRow).toBeVisible({ timeout: 15_000 });
  await expect(outboxRow).toContainText(customer.email);
});
