import { expect, test } from "./fixtures/test";

// The seed's first contact and the demo API key (server/seed/seed-demo.ts, server/seed/demo-data.ts).
const contactEmail = "ana.silva@example.com";
const demoApiKey = "cdk_de0000000000_changedesk-demo-key-not-for-production";

test.use({ role: "reviewer" });

test("a phone change posted over HTTP is reviewed, approved, applied and audited", async ({
  page,
  request,
}) => {
  const suffix = String(10 + Math.floor(Math.random() * 89));
  const newPhone = `+1415555${"01"}${suffix}`;
  const response = await request.post("/api/channels/api/messages", {
    headers: { authorization: `Bearer ${demoApiKey}` },
    data: {
      sourceId: `e2e-${Date.now()}-${suffix}`,
      sender: `Ana Silva <${contactEmail}>`,
      subject: "New phone number",
      text: `Hello,\n\nmy new phone number is (415) 555-01${suffix}. Please update your records.\n\nThanks,\nAna`,
    },
  });
  expect(response.status()).toBe(201);

  await page.goto("/queue");
  const row = page.getByTestId("queue-row").filter({ hasText: newPhone });
  await expect(row).toBeVisible({ timeout: 15_000 });
  await row.getByRole("link").click();

  await expect(page.getByTestId("proposed-change")).toContainText("Phone");
  await expect(page.locator("mark").first()).toContainText(`555-01${suffix}`);
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByTestId("decision-notice")).toContainText("Approved and applied");

  const history = page.getByTestId("audit-events");
  for (const action of [
    "message.received",
    "message.extracted",
    "proposal.proposed",
    "proposal.routed.review",
    "proposal.approved",
    "change.applied",
    "proposal.applied",
  ]) {
    await expect(history.locator(`[data-action="${action}"]`)).toHaveCount(1);
  }
  await expect(history.locator('[data-action="proposal.approved"]')).toContainText("Rita Reviewer");
  // the decision records the policy version that routed the proposal (other specs may publish newer ones)
  const routed = await history.locator('[data-action="proposal.routed.review"]').innerText();
  const version = routed.match(/policy v\d+/)?.[0];
  expect(version).toBeDefined();
  await expect(history.locator('[data-action="proposal.approved"]')).toContainText(version ?? "policy v");

  await page.getByRole("link", { name: "Ana Silva" }).first().click();
  await expect(page.getByTestId("contact-phone")).toContainText(`555`);
  const shown = (await page.getByTestId("contact-phone").innerText()).replace(/\D/g, "");
  expect(shown).toBe(newPhone.replace(/\D/g, ""));
});
