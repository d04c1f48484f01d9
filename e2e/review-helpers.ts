import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { demoContacts } from "../server/seed/demo-data";

// The demo API key server/seed/seed-demo.ts creates.
const demoApiKey = "cdk_de0000000000_changedesk-demo-key-not-for-production";

/** The i-th seeded contact, as the demo seed makes it. */
export function seededContact(i: number): { name: string; email: string } {
  const contact = demoContacts(i + 1)[i];
  if (!contact) throw new Error(`the demo seed has no contact ${i}`);
  return { name: contact.name, email: contact.email };
}

/** A three-digit exchange no other test uses, so a run's items can be found with the queue's text filter. */
export function uniqueExchange(): string {
  return String(200 + Math.floor(Math.random() * 700));
}

export async function postMessage(
  request: APIRequestContext,
  params: {
    contact: number;
    text: string;
    subject?: string;
    html?: string;
    /** another sender than the contact's own address (an unmatched message) */
    sender?: string;
  },
): Promise<void> {
  const contact = seededContact(params.contact);
  const response = await request.post("/api/channels/api/messages", {
    headers: { authorization: `Bearer ${demoApiKey}` },
    data: {
      sourceId: `e2e-review-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      sender: params.sender ?? `${contact.name} <${contact.email}>`,
      subject: params.subject ?? "Please update my details",
      text: params.text,
      ...(params.html ? { html: params.html } : {}),
    },
  });
  expect(response.status()).toBe(201);
}

/** Posts a phone change for each contact; the phone is +1 628 <exchange> 01NN, searchable as "+1628<exchange>". */
export async function postPhoneChanges(
  request: APIRequestContext,
  params: { exchange: string; contacts: number[] },
) {
  for (const [index, contact] of params.contacts.entries()) {
    await postMessage(request, {
      contact,
      subject: "New phone number",
      text: `Hello,\n\nmy new phone number is (628) ${params.exchange}-01${String(10 + index).padStart(2, "0")}. Please update it.\n\nThanks`,
    });
  }
}

/** Opens the queue filtered to one run's items and waits until the pipeline has proposed all of them. */
export async function openQueueFor(page: Page, params: { exchange: string; count: number; extra?: string }) {
  await page.goto(`/queue?q=${encodeURIComponent(`+1628${params.exchange}`)}&sort=age${params.extra ?? ""}`);
  await expect(page.getByTestId("queue-row")).toHaveCount(params.count, { timeout: 45_000 });
}
