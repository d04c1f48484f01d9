import { expect, expectAccessible, test } from "./fixtures/test";

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("edits the policy, sees what it would have done, and publishes a new version", async ({ page }) => {
    await page.goto("/admin/policy");
    const panel = page.getByText(/^Active: v\d+/);
    const active = Number((await panel.textContent())?.match(/v(\d+)/)?.[1]);
    expect(active).toBeGreaterThan(0);

    // a bad value is kept where it was typed, explained, and blocks publishing
    const lowRisk = page.getByLabel("Auto-apply threshold (low risk)");
    await lowRisk.fill("1.5");
    await expect(page.getByText("Between 0 and 1")).toBeVisible();
    await expect(page.getByRole("button", { name: `Publish v${active + 1}` })).toBeDisabled();
    await expect(lowRisk).toHaveValue("1.5");

    // a valid one shows the change and its replay over recent change sets
    await lowRisk.fill("0.85");
    await expect(page.getByRole("region", { name: "Changes" })).toContainText(
      "Auto-apply threshold (low risk)",
    );
    await expect(page.getByTestId("policy-impact")).toContainText(/change sets proposed in the last 30 days/);
    await expectAccessible(page);

    // discarding brings back the active rules
    await page.getByRole("button", { name: "Discard changes" }).click();
    await expect(page.getByLabel("Auto-apply threshold (low risk)")).toHaveValue("0.9");

    // a change that no other spec depends on: one intent's review SLA
    await page.getByLabel("Reprioritise ticket SLA in minutes").fill("120");
    await page.getByLabel("Why this change").fill("Priority changes should be looked at within two hours");
    await page.getByRole("button", { name: `Publish v${active + 1}` }).click();
    const dialog = page.getByRole("alertdialog");
    await expect(dialog).toContainText(`Publish policy v${active + 1}?`);
    await expect(dialog).toContainText("Reprioritise ticket: review SLA (minutes)");
    await dialog.getByRole("button", { name: `Publish v${active + 1}` }).click();

    await expect(page.getByText(`Active: v${active + 1}.`)).toBeVisible();
    const published = page.getByTestId(`policy-version-${active + 1}`);
    await expect(published).toContainText("Active");
    await expect(published).toContainText("Priority changes should be looked at within two hours");
    await expect(published).toContainText("Reprioritise ticket: review SLA (minutes)");
    await expect(page.getByTestId(`policy-version-${active}`)).not.toContainText("Active");

    // and the audit trail has it, under the new version
    await page.goto("/audit?action=policy.published");
    await expect(page.locator('[data-action="policy.published"]').first()).toContainText(
      `v${active} → v${active + 1} (1 setting): Priority changes should be looked at within two hours`,
    );
  });
});

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("has no policy page", async ({ page }) => {
    await page.goto("/admin/policy");
    await expect(page).toHaveURL(/\/queue/);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Policy" }),
    ).toHaveCount(0);
  });
});
