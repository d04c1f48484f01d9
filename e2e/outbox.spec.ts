import { expect, expectAccessible, test } from "./fixtures/test";
import { openQueueFor, postPhoneChanges, uniqueExchange } from "./review-helpers";

test.use({ role: "lead" });

test("the notices of applied changes are visible in the outbox, kept when no SMTP server is configured", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  await postPhoneChanges(request, { exchange, contacts: [5] });
  await openQueueFor(page, { exchange, count: 1 });
  await page.getByTestId("queue-row").getByRole("link").first().click();
  // the page claims the item once it is interactive; deciding before that would be lost
  await expect(page.getByTestId("claim-mine")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByTestId("decision-notice")).toContainText("Approved and applied");

  // on the proposal: the notice and its state
  const notice = page.getByTestId("delivery-panel").getByTestId("notice");
  await expect(notice).toContainText("Kept in outbox", { timeout: 15_000 });
  await notice.locator("summary").click();
  // in the customer's language; the new number is in it whatever the language
  await expect(notice).toContainText(`+1628${exchange}0110`);

  // on the outbox page
  await page.goto("/outbox");
  await page.getByRole("button", { name: "Notices" }).click();
  const row = page.getByTestId("outbox-row").first();
  await expect(row).toContainText("Kept in outbox");
  await expect(row).toContainText("No SMTP server is configured");
  await expect(page.getByTestId("outbox-counts")).toContainText("waiting");
  await expectAccessible(page);
});
