import { expect, expectAccessible, signIn, test } from "./fixtures/test";

/** A payload the API channel refuses as invalid (400) once the key is accepted, so nothing is stored. */
const emptyMessage = {};

test.describe("as an admin", () => {
  test.use({ role: "admin" });

  test("adds a user, makes them a lead, disables them, and creates and revokes an API key", async ({
    page,
    browser,
    baseURL,
    request,
  }) => {
    test.setTimeout(60_000);
    const run = `${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
    const email = `e2e-${run}@changedesk.test`;
    const password = `e2e-password-${run}`;
    const keyName = `E2E key ${run}`;

    await page.goto("/queue");
    await page
      .getByRole("navigation", { name: "Main" })
      .getByRole("link", { name: "Users", exact: true })
      .click();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await expect(page.getByRole("heading", { level: 1, name: "Users" })).toBeVisible();
    // your own role and account are not yours to change
    const own = page.getByRole("row", { name: /admin@changedesk\.test/ });
    await expect(own.getByRole("combobox", { name: "Role for admin@changedesk.test" })).toBeDisabled();
    await expect(own.getByRole("button", { name: "Disable" })).toHaveCount(0);
    await expectAccessible(page);

    // a short password is refused in the form, and what was typed stays
    await page.getByRole("button", { name: "Add user" }).click();
    const addDialog = page.getByRole("dialog", { name: "Add user" });
    await addDialog.getByLabel("Name", { exact: true }).fill("Erin Example");
    await addDialog.getByLabel("Email", { exact: true }).fill(email);
    await addDialog.getByLabel("Initial password").fill("too short");
    await addDialog.getByRole("button", { name: "Add user" }).click();
    await expect(addDialog.getByText("Use at least 12 characters")).toBeVisible();
    await expect(addDialog.getByLabel("Email", { exact: true })).toHaveValue(email);
    await addDialog.getByLabel("Initial password").fill(password);
    await addDialog.getByRole("button", { name: "Add user" }).click();
    await expect(addDialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "User added" })).toBeVisible();

    const row = page.getByRole("row", { name: email });
    await expect(row).toContainText("Erin Example");
    await expect(row).toContainText("Active");
    const role = row.getByRole("combobox", { name: `Role for ${email}` });
    await expect(role).toHaveText("Reviewer");

    // the new user can sign in with the initial password
    const theirs = await browser.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
    const theirPage = await theirs.newPage();
    await signIn(theirPage, { email, password });

    await role.click();
    await page.getByRole("option", { name: "Lead" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Erin Example is now Lead" })).toBeVisible();
    await expect(role).toHaveText("Lead");

    await row.getByRole("button", { name: "Disable" }).click();
    const confirmDisable = page.getByRole("alertdialog");
    await expect(confirmDisable).toContainText(email);
    await confirmDisable.getByRole("button", { name: "Disable" }).click();
    await expect(row).toContainText("Disabled");
    await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();

    // their session is refused on the next request
    await theirPage.goto("/queue");
    await expect(theirPage).toHaveURL(/\/sign-in/);
    await theirs.close();

    // the secret is shown once, in a read-only field
    await page.getByRole("button", { name: "Create API key" }).click();
    const keyDialog = page.getByRole("dialog");
    await keyDialog.getByLabel("Name", { exact: true }).fill(keyName);
    await keyDialog.getByRole("button", { name: "Create key" }).click();
    await expect(keyDialog).toContainText("This is the only time the key is shown");
    const secretField = keyDialog.getByLabel("API key", { exact: true });
    await expect(secretField).toHaveAttribute("readonly", "");
    await expect(keyDialog.getByRole("button", { name: "Copy" })).toBeVisible();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^cdk_[0-9a-f]{12}_[A-Za-z0-9_-]+$/);
    const prefix = secret.split("_")[1] ?? "";
    await keyDialog.getByRole("button", { name: "Done" }).click();
    await expect(keyDialog).toBeHidden();

    const keyRow = page.getByRole("row", { name: keyName });
    await expect(keyRow).toContainText(`cdk_${prefix}_…`);
    await expect(keyRow).toContainText("Active");
    await page.reload();
    await expect(keyRow).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    const post = () =>
      request.post("/api/channels/api/messages", {
        headers: { authorization: `Bearer ${secret}` },
        data: emptyMessage,
      });
    expect((await post()).status()).toBe(400);

    await keyRow.getByRole("button", { name: "Revoke" }).click();
    const confirmRevoke = page.getByRole("alertdialog");
    await expect(confirmRevoke).toContainText(keyName);
    await confirmRevoke.getByRole("button", { name: "Revoke" }).click();
    await expect(keyRow).toContainText("Revoked");
    await expect(keyRow.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    expect((await post()).status()).toBe(401);
  });
});

test.describe("as a reviewer", () => {
  test.use({ role: "reviewer" });

  test("has no Users link and cannot see user management", async ({ page }) => {
    await page.goto("/queue");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Queue", exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Users", exact: true })).toHaveCount(0);

    await page.goto("/admin/users");
    await expect(page.getByText("You need the admin role to manage users")).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add user" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Create API key" })).toHaveCount(0);
    await expect(page.getByText("admin@changedesk.test")).toHaveCount(0);
  });
});
