import { expect, expectAccessible, test } from "./fixtures/test";

test.describe("as a lead", () => {
  test.use({ role: "lead" });

  test("sees the queue, throughput and what people corrected, and switches the window in the URL", async ({
    page,
  }) => {
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();

    // the router keeps earlier pages mounted but hidden, so only visible elements count here
    const dashboard = page.getByTestId("dashboard").filter({ visible: true });
    for (const stat of ["stat-open", "stat-oldest", "stat-past-sla", "stat-escalated", "stat-failures"]) {
      await expect(dashboard.getByTestId(stat)).toBeVisible();
    }
    await expect(dashboard.getByTestId("stat-open")).toContainText("Open items");
    // the demo data has one message that failed on import
    await expect(dashboard.getByTestId("failures-messages")).toContainText("Failed messages");

    // the demo messages were processed into change sets: at least one intent and field
    const drift = page.getByRole("region", { name: "By intent and field" });
    await expect(drift.getByTestId("drift-row").first()).toBeVisible();
    await expect(page.getByRole("region", { name: "Throughput" })).toContainText("change sets");
    await expect(page.getByRole("region", { name: "Stage latencies" })).toContainText("Received → processed");

    const windows = page.getByRole("group", { name: "Time window" });
    await expect(windows.getByRole("button", { name: "24 hours" })).toHaveAttribute("aria-pressed", "true");
    await windows.getByRole("button", { name: "7 days" }).click();
    await expect(page).toHaveURL(/[?&]window=7d/);
    await expect(windows.getByRole("button", { name: "7 days" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("region", { name: "Throughput" })).toContainText("in the last 7 days");
    await expect(drift.getByTestId("drift-row").first()).toBeVisible();

    await expectAccessible(page);
  });
});

test.describe("as an auditor", () => {
  test.use({ role: "auditor" });

  test("opens the dashboard read-only, straight from a link with a window", async ({ page }) => {
    await page.goto("/dashboard?window=30d");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await expect(
      page.getByRole("group", { name: "Time window" }).getByRole("button", { name: "30 days" }),
    ).toHaveAttribute("aria-pressed", "true");
    await expect(
      page.getByTestId("dashboard").filter({ visible: true }).getByTestId("stat-open"),
    ).toBeVisible();
    await expect(page.getByRole("region", { name: "Confidence calibration" })).toBeVisible();
    await expectAccessible(page);
  });
});
