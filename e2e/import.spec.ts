import fs from "node:fs";
import { expect, expectAccessible, test } from "./fixtures/test";
import { postMessage } from "./review-helpers";

test.use({ role: "lead" });

const shots = "/tmp/shots-import";
const rowCount = 10_000;

/**
 * A 10,000-row export made here (no fixture file): unknown senders thanking for past tickets, and
 * bad rows the preview must list one by one: empty text, dates that read two ways, repeated ids.
 */
function generateCsv(run: string): { file: Buffer; bad: number; firstBadRow: number } {
  const lines = ["Message ID,From,Name,Subject,Body,Received At,Channel"];
  let bad = 0;
  let firstBadRow = 0;
  for (let i = 0; i < rowCount; i++) {
    const rowNumber = i + 2;
    let id = `${run}-${i}`;
    let text = `Thanks for sorting out ticket ${i}, all good now.`;
    let date = new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString();
    if (i % 500 === 17) text = "";
    else if (i % 777 === 40) date = "12/31/2023";
    else if (i % 2000 === 1999) id = `${run}-${i - 1}`;
    else {
      lines.push(
        [
          id,
          `past-${i % 300}@import.example`,
          `Past Customer ${i % 300}`,
          `Ticket ${i}`,
          `"${text}"`,
          date,
          "email",
        ].join(","),
      );
      continue;
    }
    bad++;
    firstBadRow ||= rowNumber;
    lines.push(
      [id, `past-${i % 300}@import.example`, "", `Ticket ${i}`, `"${text}"`, date, "email"].join(","),
    );
  }
  return { file: Buffer.from(lines.join("\r\n"), "utf8"), bad, firstBadRow };
}

test("a lead imports 10,000 past messages: preview with per-row errors, progress to done, console responsive", async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  fs.mkdirSync(shots, { recursive: true });
  const run = `e2e${Date.now().toString(36)}`;
  const { file, bad, firstBadRow } = generateCsv(run);
  const valid = rowCount - bad;

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/imports");
  await expect(page.getByRole("link", { name: "Imports" })).toHaveAttribute("aria-current", "page");
  const uploadStarted = Date.now();
  await expect(async () => {
    await page.getByLabel("File").setInputFiles({ name: `${run}.csv`, mimeType: "text/csv", buffer: file });
    await page.getByRole("button", { name: "Upload and preview" }).click();
    await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/, { timeout: 60_000 });
  }).toPass({ timeout: 120_000 });
  console.log(
    `import e2e: ${(file.length / 1024 / 1024).toFixed(2)} MB uploaded and previewed in ${Date.now() - uploadStarted} ms`,
  );

  // the dry run: counts, detected columns, and each bad row with its reason
  await expect(page.getByTestId("preview-total")).toHaveText("10,000");
  await expect(page.getByTestId("preview-invalid")).toHaveText(bad.toLocaleString("en"));
  await expect(page.getByTestId("preview-valid")).toHaveText(valid.toLocaleString("en"));
  await expect(page.getByTestId("mapping-rowId")).toHaveText("Message ID");
  await expect(page.getByTestId("mapping-sender")).toHaveText("From");
  await expect(page.getByTestId("mapping-text")).toHaveText("Body");
  await expect(page.getByTestId("mapping-receivedAt")).toHaveText("Received At");
  await expect(page.getByText("Ignored: “Channel”")).toBeVisible();
  const errorRows = page.getByTestId("import-row-item");
  await expect(errorRows.first()).toHaveAttribute("data-row", String(firstBadRow));
  await expect(errorRows.first().getByTestId("row-error")).toHaveText("The text is empty");
  await expect(page.getByTestId("row-error").filter({ hasText: "reads one way only" }).first()).toBeVisible();
  await expect(page.getByTestId("row-error").filter({ hasText: "is also row" }).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/preview-1280.png`, fullPage: true });
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/preview-390.png`, fullPage: true });
  await page.getByRole("heading", { name: "Rows" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/preview-rows-390.png` });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  await page.getByTestId("import-start").click();
  await expect(page.getByTestId("import-status")).toHaveAttribute("data-status", /running|done/, {
    timeout: 15_000,
  });
  await expect(page.getByTestId("import-progress")).toBeVisible();

  // while it runs: another console page answers, and a live message is read by the pipeline
  const other = await page.context().newPage();
  const subject = `Live during import ${run}`;
  await postMessage(request, {
    contact: 3,
    subject,
    text: "Hello, my new phone number is (628) 555-0142. Please update it.",
  });
  const queueStarted = Date.now();
  await other.goto("/queue");
  await expect(other.getByRole("heading", { level: 1 })).toBeVisible({ timeout: 15_000 });
  const queueMs = Date.now() - queueStarted;
  const liveStarted = Date.now();
  await other.goto("/messages");
  const liveRow = other.getByTestId("message-row").filter({ hasText: subject });
  await expect(liveRow).not.toHaveAttribute("data-status", /received|processing/, { timeout: 30_000 });
  const importedSoFar = await page.getByTestId("import-imported").textContent();
  console.log(
    `import e2e: queue page loaded in ${queueMs} ms during the import; live message read by the pipeline within ${Date.now() - liveStarted} ms of opening Messages (imported so far: ${importedSoFar})`,
  );
  await other.close();

  await page.screenshot({ path: `${shots}/running-1280.png`, fullPage: true });
  const runStarted = Date.now();
  await expect(page.getByTestId("import-status")).toHaveAttribute("data-status", "done", {
    timeout: 300_000,
  });
  console.log(`import e2e: done ${Date.now() - runStarted} ms after the running screenshot`);
  await expect(page.getByTestId("import-progress-text")).toHaveText(
    `${valid.toLocaleString("en")} of ${valid.toLocaleString("en")} rows`,
  );
  await expect(page.getByTestId("import-imported")).toHaveText(valid.toLocaleString("en"));
  await expect(page.getByTestId("import-failed")).toHaveText(bad.toLocaleString("en"));
  await expect(page.getByTestId("import-duplicates")).toHaveText("0");

  // the per-row errors stay listed after the run, and every imported row links to its message
  await expect(page.getByTestId("rows-errors")).toHaveText(`With errors (${bad})`);
  await expect(page.getByTestId("row-error").first()).toHaveText("The text is empty");
  await page.screenshot({ path: `${shots}/done-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/done-390.png`, fullPage: true });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expectAccessible(page);

  await page.getByRole("button", { name: "All", exact: true }).click();
  const firstImported = page.getByTestId("import-row-item").first();
  await expect(firstImported).toHaveAttribute("data-row", "2");
  await firstImported.getByTestId("row-message").click();
  await expect(page).toHaveURL(/\/messages\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  await expect(page.getByTestId("message-text")).toContainText("Thanks for sorting out ticket 0");

  // the list shows the import as done with its counts
  await page.goto("/imports");
  const listed = page.getByTestId("import-row").filter({ hasText: `${run}.csv` });
  await expect(listed.getByTestId("import-status")).toHaveAttribute("data-status", "done");
  await page.screenshot({ path: `${shots}/list-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/list-390.png`, fullPage: true });
});
