import { expect, expectAccessible, test } from "./fixtures/test";

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  // Later specs apply changes to the built-in stores: whatever fails here, Ticketing goes back to built in.
  test.afterEach(async ({ page }, testInfo) => {
    if (testInfo.status === testInfo.expectedStatus) return;
    const response = await page.request.post("/api/trpc/connector.save", {
      data: { json: { store: "ticketing", kind: "builtin" } },
    });
    expect(response.ok(), await response.text()).toBe(true);
  });

  test("sees the stores built in, keeps a refused URL, points Ticketing at REST and back, audited", async ({
    page,
  }) => {
    await page.goto("/admin/connectors");
    await expect(page.getByRole("heading", { level: 1, name: "Connectors" })).toBeVisible();
    for (const [store, label] of [
      ["crm", "CRM"],
      ["ticketing", "Ticketing"],
      ["commerce", "Commerce"],
    ] as const) {
      const card = page.getByTestId(`connector-${store}`);
      await expect(card.getByRole("heading", { level: 2, name: label })).toBeVisible();
      await expect(card.getByText("Built in", { exact: true })).toBeVisible();
      await expect(card).toContainText("0 pending");
    }
    await expectAccessible(page);

    const ticketing = page.getByTestId("connector-ticketing");
    const dialog = page.getByRole("dialog", { name: "Ticketing connector" });
    await page.getByRole("button", { name: "Edit the Ticketing connector" }).click();
    await dialog.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "REST", exact: true }).click();

    // a URL without a scheme is refused where it was typed, and nothing typed is lost
    const baseUrl = dialog.getByLabel("Base URL");
    await baseUrl.fill("helpdesk.example.com/api");
    await dialog.getByLabel("Ticket status", { exact: true }).fill("state");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Enter an http:// or https:// URL")).toBeVisible();
    await expect(baseUrl).toHaveValue("helpdesk.example.com/api");
    await expect(baseUrl).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByLabel("Ticket status", { exact: true })).toHaveValue("state");
    await expect(dialog.getByLabel("Auth header", { exact: true })).toHaveAttribute("type", "password");
    await expectAccessible(page);

    // a port nothing may connect to: the test reports no answer, and saving sends nothing anywhere
    await baseUrl.fill("http://127.0.0.1:9");
    await dialog.getByRole("button", { name: "Test connection" }).click();
    await expect(dialog.getByRole("status")).toContainText("no answer");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(ticketing.getByRole("status")).toContainText(
      "Ticketing changes are now written to http://127.0.0.1:9",
    );
    await expect(ticketing.getByText("REST", { exact: true })).toBeVisible();
    await expect(ticketing).toContainText("Ticket status → state");

    // and straight back to built in
    await page.getByRole("button", { name: "Edit the Ticketing connector" }).click();
    await dialog.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Built in", exact: true }).click();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(ticketing.getByRole("status")).toContainText(
      "Ticketing changes are now written to Changedesk's own tables",
    );
    await expect(ticketing.getByText("Built in", { exact: true })).toBeVisible();
    await expect(page.getByTestId("connector-crm").getByText("Built in", { exact: true })).toBeVisible();

    // both saves are in the audit trail, newest first
    await page.goto("/audit?action=connector.configured");
    const entries = page.locator('[data-action="connector.configured"]');
    await expect(entries.nth(0)).toContainText("ticketing: built in");
    await expect(entries.nth(1)).toContainText("ticketing: REST at http://127.0.0.1:9");
  });
});

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("has no connectors page", async ({ page }) => {
    await page.goto("/admin/connectors");
    await expect(page).toHaveURL(/\/queue/);
    await expect(
      page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Connectors" }),
    ).toHaveCount(0);
  });
});
