import { authFile, expect, expectAccessible, test } from "./fixtures/test";
import { postMessage, seededContact } from "./review-helpers";

test.use({ role: "reviewer" });

// A contact no other spec writes to: erasure changes the account status for good.
const contactIndex = 33;

test("an erasure needs two people: the first approval is shown and cannot be given twice; a lead's approval applies it", async ({
  page,
  request,
  browser,
}) => {
  // the pipeline, two browsers and two decisions: longer than one page's test
  test.setTimeout(120_000);
  const contact = seededContact(contactIndex);
  await postMessage(request, {
    contact: contactIndex,
    subject: "Delete my account",
    text: "Hello,\n\nplease delete my account and erase all my data.\n\nThanks",
  });
  await page.goto(`/queue?q=${encodeURIComponent(contact.email)}&sort=age`);
  const row = page.getByTestId("queue-row").filter({ hasText: "Needs 2 approvals" });
  await expect(row).toHaveCount(1, { timeout: 45_000 });
  await row.getByRole("link").click();
  await expect(page.getByTestId("proposed-change")).toContainText("Account status");
  const proposalUrl = page.url();

  const panel = page.getByTestId("approvals-panel");
  await expect(panel).toContainText("0 of 2");
  await expect(page.getByTestId("approvals-waiting")).toContainText("2 different people");
  await expect(async () => {
    await page.getByRole("button", { name: /^Approve/ }).click();
    await expect(page.getByTestId("decision-notice")).toContainText("Approval recorded", { timeout: 2_000 });
  }).toPass();
  await expect(panel).toContainText("1 of 2");
  await expect(page.getByTestId("approval-current")).toHaveCount(1);
  await expect(page.getByTestId("approval-current")).toContainText("Rita Reviewer approved");
  await expect(page.getByTestId("approvals-waiting")).toContainText("You approved these values");
  // the same person cannot supply the second approval
  await expect(page.getByRole("button", { name: /^Approve/ })).toBeDisabled();
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 800 });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/two-person-waiting.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: "test-results/screens/two-person-waiting-phone.png" });

  // a lead, in another browser, approves the same values
  const leadContext = await browser.newContext({ storageState: authFile("lead") });
  const lead = await leadContext.newPage();
  await lead.goto(proposalUrl);
  await expect(lead.getByTestId("approvals-panel")).toContainText("1 of 2");
  await expect(lead.getByTestId("approvals-waiting")).toContainText("1 more approval");
  await expect(async () => {
    await lead.getByRole("button", { name: /^Approve/ }).click();
    await expect(lead.getByTestId("decision-notice")).toContainText("Approved and applied", {
      timeout: 2_000,
    });
  }).toPass();
  const leadPanel = lead.getByTestId("approvals-panel");
  await expect(leadPanel).toContainText("2 of 2");
  await expect(lead.getByTestId("approval-current")).toHaveCount(2);
  await expect(lead.getByTestId("approval-current").nth(0)).toContainText("Rita Reviewer");
  await expect(lead.getByTestId("approval-current").nth(1)).toContainText("Lee Lead");
  const history = lead.getByTestId("audit-events");
  await expect(history.locator('[data-action="proposal.approval_recorded"]')).toHaveCount(1);
  await expect(history.locator('[data-action="proposal.approved"]')).toHaveCount(1);
  await lead.setViewportSize({ width: 1280, height: 800 });
  await leadPanel.scrollIntoViewIfNeeded();
  await lead.screenshot({ path: "test-results/screens/two-person-applied.png" });
  await leadContext.close();

  // the reviewer's page follows (it polls)
  await expect(panel).toContainText("2 of 2", { timeout: 15_000 });
});
