import { expectAccessible, authFile, expect, test } from "./fixtures/test";
import { openQueueFor, postMessage, postPhoneChanges, uniqueExchange } from "./review-helpers";

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("decides 20 items with the keyboard alone, focus never lost", async ({ page, request }) => {
    test.setTimeout(120_000);
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: Array.from({ length: 20 }, (_, i) => 26 + i) });
    await openQueueFor(page, { exchange, count: 20 });

    await page.keyboard.press("j");
    for (let i = 0; i < 20; i++) {
      const focused = page.locator("[data-queue-list] tr:focus-within");
      await expect(focused).toHaveCount(1);
      await expect(focused).toHaveAttribute("data-state", "open");
      if (i % 10 === 9) {
        // every tenth is rejected: r, type the reason, Enter
        await page.keyboard.press("r");
        await expect(page.getByTestId("reject-dialog")).toBeVisible();
        await page.keyboard.type("Sender could not be verified");
        await page.keyboard.press("Enter");
        await expect(page.getByTestId("reject-dialog")).toBeHidden();
      } else {
        await page.keyboard.press("a");
      }
    }
    const rows = page.getByTestId("queue-row");
    await expect(rows.filter({ has: page.getByTestId("row-outcome") })).toHaveCount(20);
    await expect(rows.filter({ hasText: "Approved and applied" })).toHaveCount(18);
    await expect(rows.filter({ hasText: "Rejected: Sender could not be verified" })).toHaveCount(2);
    // decided rows stay in place, greyed out, after the next poll removed them from the queue
    await page.waitForTimeout(6_000);
    await expect(rows).toHaveCount(20);
    await expect(page.locator('[data-queue-list] tr[data-state="decided"]')).toHaveCount(20);
    await expect(page.locator(":focus")).toHaveAttribute("href", /\/proposals\//);
  });

  test("filters live in the URL with counts, the back button undoes them, and views are saved", async ({
    page,
    request,
  }) => {
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: [50, 51] });
    await openQueueFor(page, { exchange, count: 2 });
    // counts are shared between reviewers and may be a few seconds behind the list
    await expect(page.locator("[data-testid=queue-total]:visible")).toContainText("2 items", {
      timeout: 20_000,
    });

    const intent = page.getByLabel("Intent");
    await expect(intent.locator("option", { hasText: "Update phone (2)" })).toHaveCount(1);
    await intent.selectOption("update_email");
    await expect(page).toHaveURL(/intent=update_email/);
    await expect(page.getByTestId("queue-empty")).toBeVisible();
    await page.goBack();
    await expect(page).not.toHaveURL(/intent=/);
    await expect(page.getByTestId("queue-row")).toHaveCount(2);

    // the router keeps earlier pages mounted but hidden, so only visible elements count here
    await page.getByRole("button", { name: /^Views/ }).click();
    await page.getByRole("menuitem", { name: "Save current filters…" }).click();
    await page.getByLabel("Name").fill(`Run ${exchange}`);
    await page.getByRole("button", { name: "Save view" }).click();
    await page.goto("/queue");
    await page.getByRole("button", { name: /^Views/ }).click();
    await page.getByRole("menuitem", { name: `Run ${exchange}`, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`q=%2B1628${exchange}`));
    await expect(page.locator("[data-testid=queue-row]:visible")).toHaveCount(2);
  });

  test("shows new items and greys out items others decide, without a reload", async ({
    page,
    request,
    browser,
  }) => {
    test.setTimeout(90_000);
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: [52] });
    await openQueueFor(page, { exchange, count: 1 });

    await postMessage(request, {
      contact: 53,
      subject: "New phone",
      text: `Please use (628) ${exchange}-0199 as my phone from now on.`,
    });
    await expect(page.getByTestId("queue-row")).toHaveCount(2, { timeout: 30_000 });

    const lead = await browser.newContext({ storageState: authFile("lead") });
    const leadPage = await lead.newPage();
    await leadPage.goto(page.url());
    await leadPage.getByTestId("queue-row").first().getByRole("link").click();
    await expect(leadPage.getByTestId("claim-mine")).toBeVisible();
    await leadPage.getByRole("button", { name: /^Approve/ }).click();
    await expect(leadPage.getByTestId("decision-notice")).toContainText("Approved and applied");
    await lead.close();

    const decided = page.locator('[data-queue-list] tr[data-state="decided"]');
    await expect(decided).toHaveCount(1, { timeout: 15_000 });
    await expect(decided).toContainText("Applied by Lee Lead");
    await page.screenshot({ path: "test-results/screens/queue-live.png" });
    await expect(page.getByTestId("queue-row")).toHaveCount(2);
  });

  test("the queue is accessible and ? lists the shortcuts", async ({ page }) => {
    await page.goto("/queue");
    await expect(page.getByRole("heading", { name: "Review queue" })).toBeVisible();
    await expectAccessible(page);
    await page.keyboard.press("?");
    await expect(page.getByTestId("shortcut-help")).toContainText("Approve the selected items");
    await page.waitForTimeout(400); // let the dialog finish fading in
    await page.screenshot({ path: "test-results/screens/shortcut-help.png" });
    await expectAccessible(page);
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("shortcut-help")).toBeHidden();
  });
});

test.describe("as a lead", () => {
  test.use({ role: "lead" });

  test("bulk-approves a selection after a confirmation with the count, listing what failed", async ({
    page,
    request,
    browser,
  }) => {
    test.setTimeout(90_000);
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: [54, 55, 56] });
    await openQueueFor(page, { exchange, count: 3 });
    await page.keyboard.press("j");
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("x");
      await page.keyboard.press("j");
    }
    await expect(page.getByTestId("selection-bar")).toContainText("3 selected");

    // meanwhile a reviewer rejects the first one
    const reviewer = await browser.newContext({ storageState: authFile("reviewer") });
    const reviewerPage = await reviewer.newPage();
    await reviewerPage.goto(page.url());
    await reviewerPage.getByTestId("queue-row").first().getByRole("link").click();
    await expect(reviewerPage.getByTestId("claim-mine")).toBeVisible();
    await reviewerPage.getByRole("button", { name: /^Reject/ }).click();
    await reviewerPage.getByLabel("Reason").fill("Wrong record");
    await reviewerPage.keyboard.press("Enter");
    await expect(reviewerPage.getByTestId("decision-notice")).toContainText("Rejected");
    await reviewer.close();

    await page.keyboard.press("Shift+A");
    const dialog = page.getByTestId("bulk-dialog");
    await expect(page.getByTestId("bulk-title")).toHaveText("Approve 3 items?");
    await page.waitForTimeout(400);
    await page.screenshot({ path: "test-results/screens/bulk-confirmation.png" });
    await dialog.getByRole("button", { name: "Approve 3" }).click();
    const results = page.getByTestId("bulk-results");
    await expect(results.locator("li")).toHaveCount(3);
    await expect(results.locator('[data-outcome="applied"]')).toHaveCount(2);
    await expect(results.locator('[data-outcome="already_decided"]')).toContainText(
      "Already decided by Rita Reviewer",
    );
    await expect(dialog.getByRole("heading")).toHaveText("2 of 3 approved");
    await page.waitForTimeout(400);
    await page.screenshot({ path: "test-results/screens/bulk-results.png" });
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(page.locator(":focus")).toHaveAttribute("href", /\/proposals\//);
  });

  test("rejects all items matching the filter after confirming the count", async ({ page, request }) => {
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: [57, 58] });
    await openQueueFor(page, { exchange, count: 2 });
    await page.getByRole("button", { name: "Reject all matching…" }).click();
    await expect(page.getByTestId("bulk-title")).toHaveText("Reject 2 items?");
    await page.getByLabel("Reason (kept with each item)").fill("Spam wave");
    await page.getByRole("button", { name: "Reject 2" }).click();
    await expect(page.getByTestId("bulk-results").locator('[data-outcome="rejected"]')).toHaveCount(2);
  });

  test("sees who holds a claim, reassigns, and counts escalations in the navigation", async ({
    page,
    request,
    browser,
  }) => {
    test.setTimeout(90_000);
    const exchange = uniqueExchange();
    await postPhoneChanges(request, { exchange, contacts: [59, 25] });
    await openQueueFor(page, { exchange, count: 2 });

    const reviewer = await browser.newContext({ storageState: authFile("reviewer") });
    const reviewerPage = await reviewer.newPage();
    await reviewerPage.goto(page.url());
    await reviewerPage.getByTestId("queue-row").first().getByRole("link").click();
    await expect(reviewerPage.getByTestId("claim-mine")).toBeVisible();

    await expect(page.getByTestId("claim-note").first()).toContainText("Rita Reviewer is on it", {
      timeout: 15_000,
    });
    await page.getByTestId("queue-row").first().getByRole("link").click();
    await expect(page.getByTestId("claim-banner")).toContainText("Rita Reviewer is working on this");
    await expect(page.getByRole("button", { name: /^Approve/ })).toBeDisabled();
    await page.getByLabel("Assign to").selectOption({ label: "Lee Lead (lead)" });
    await page.getByRole("button", { name: "Assign" }).click();
    await expect(page.getByTestId("decision-notice")).toContainText("Assigned to Lee Lead");

    // the reviewer escalates the other item; the lead's navigation counts it
    await reviewerPage.goto(
      page.url().replace(/\/proposals\/.*/, "/queue") + `?q=%2B1628${exchange}&sort=age`,
    );
    await reviewerPage.getByTestId("queue-row").nth(1).getByRole("link").click();
    await expect(reviewerPage.getByTestId("claim-mine")).toBeVisible();
    await reviewerPage.getByRole("button", { name: "Escalate to a lead…" }).click();
    await reviewerPage.getByLabel("What should the lead look at?").fill("Customer sounds unsure");
    await reviewerPage.getByRole("button", { name: "Escalate", exact: true }).click();
    await expect(reviewerPage.getByTestId("decision-notice")).toContainText("Escalated to the leads");
    await reviewer.close();

    await page.goto("/queue?status=escalated");
    await expect(page.getByTestId("lead-attention-count")).toHaveText(/^[1-9]\d*/);
    await expect(page.getByTestId("queue-row").filter({ hasText: "Customer sounds unsure" })).toHaveCount(1);

    // a lead filters by any person, not only "me" and "unassigned"
    await page.goto(`/queue?q=%2B1628${exchange}&sort=age`);
    await expect(page.getByTestId("queue-row")).toHaveCount(2);
    await page.getByLabel("Assignee").selectOption({ label: "Lee Lead" });
    await expect(page).toHaveURL(/assignee=[0-9a-f-]{36}/);
    await expect(page.getByTestId("queue-row")).toHaveCount(1);
  });
});
