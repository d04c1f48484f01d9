import { expect, test } from "./fixtures/test";
import { openQueueFor, postPhoneChanges, uniqueExchange } from "./review-helpers";

// Leads may roll back (the role table in contracts/permissions.ts); the approvals below are theirs too.
test.use({ role: "lead" });

async function approveFromQueue(page: import("@playwright/test").Page, exchange: string) {
  await openQueueFor(page, { exchange, count: 1 });
  await page.getByTestId("queue-row").getByRole("link").first().click();
  // the page claims the item once it is interactive; deciding before that would be lost
  await expect(page.getByTestId("claim-mine")).toBeVisible({ timeout: 30_000 });
  await page.getByRole("button", { name: /^Approve/ }).click();
  await expect(page.getByTestId("decision-notice")).toContainText("Approved and applied");
}

test("a lead rolls back an applied change and sees it rolled back, with a correction notice", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  await postPhoneChanges(request, { exchange, contacts: [3] });
  await approveFromQueue(page, exchange);

  const panel = page.getByTestId("rollback-panel");
  await expect(panel.getByTestId("applied-change")).toContainText("Standing");
  await panel.getByRole("button", { name: /Roll back this change/ }).click();
  await page.getByLabel("Reason (kept in the audit trail)").fill("The customer says this was not them");
  await page.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(panel).toContainText("Rolled back");
  await expect(panel.getByTestId("applied-change")).toContainText("Rolled back");

  // the rollback is its own proposal, linked both ways, and it queued a correction notice
  await panel
    .getByRole("link", { name: /^rollback / })
    .first()
    .click();
  await expect(page.getByTestId("rollback-panel")).toContainText("Undoes");
  // a correction notice, in the customer's language, kept because the test server has no SMTP
  await expect(page.getByTestId("delivery-panel").getByTestId("notice")).toContainText("Kept in outbox");
});

test("a rollback of a field changed since stops at a conflict; the lead keeps the newer value", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  await postPhoneChanges(request, { exchange, contacts: [4] });
  await approveFromQueue(page, exchange);
  const firstUrl = page.url();

  // a second change to the same field lands afterwards
  const later = uniqueExchange();
  await postPhoneChanges(request, { exchange: later, contacts: [4] });
  await approveFromQueue(page, later);

  await page.goto(firstUrl);
  await page
    .getByTestId("rollback-panel")
    .getByRole("button", { name: /Roll back this change/ })
    .click();
  await page.getByRole("button", { name: "Roll back", exact: true }).click();
  await expect(page.getByTestId("rollback-panel")).toContainText("Rollback stopped at a conflict");

  await page
    .getByTestId("rollback-panel")
    .getByRole("link", { name: /^rollback / })
    .first()
    .click();
  const conflicts = page.getByTestId("rollback-conflicts");
  await expect(conflicts).toContainText("Phone");
  await conflicts.getByRole("radio", { name: "Keep the current value" }).click();
  await conflicts.getByRole("button", { name: "Finish the rollback" }).click();
  await expect(page.getByTestId("rollback-panel")).toContainText("Rollback finished");
});
