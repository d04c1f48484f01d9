import type { FieldKey, IntentName } from "@/contracts/catalog";
import {
  emailAddress,
  orderNumber,
  personName,
  phoneNumber,
  planNames,
  postalAddress,
  ticketNumber,
  type Lang,
  type Random,
} from "./fillers";
import { priorityWords } from "./templates";

export type ExpectedChange = { field: FieldKey; value: unknown; reference?: string };
export type Body = { text: string; intents: IntentName[]; changes: ExpectedChange[] };

/** Fill a template's slots and derive the labels from what was put in. */
export function fillTemplate(random: Random, template: string, intent: IntentName, lang: Lang): Body {
  const phone = phoneNumber(random, lang);
  let oldphone = phoneNumber(random, lang);
  while (oldphone.value === phone.value) oldphone = phoneNumber(random, lang);
  const email = emailAddress(random);
  let oldemail = emailAddress(random);
  while (oldemail.value === email.value) oldemail = emailAddress(random);
  const address = postalAddress(random, lang);
  const order = orderNumber(random);
  const ticket = ticketNumber(random);
  const plans = ["basic", "standard", "premium"] as const;
  const plan = random.pick(plans);
  const oldplan = random.pick(plans.filter((p) => p !== plan));
  const priority = random.pick(["urgent", "high", "low"] as const);
  const name = personName(random);
  const slots: Record<string, string> = {
    phone: phone.written,
    oldphone: oldphone.written,
    email: email.written,
    oldemail: oldemail.written,
    addr: address.inline,
    addrml: address.multiline,
    order,
    ticket,
    plan: random.pick(planNames[lang][plan]),
    oldplan: random.pick(planNames[lang][oldplan]),
    priority: priorityWords[lang][priority],
    name,
  };
  const text = template.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot] ?? `{${slot}}`);
  const uses = (slot: string) => template.includes(`{${slot}}`);
  const changes: ExpectedChange[] = [];
  const ref = (slot: "order" | "ticket") =>
    uses(slot) ? { reference: slot === "order" ? order : ticket } : {};
  switch (intent) {
    case "update_phone":
      changes.push({ field: "contact.phone", value: phone.value });
      break;
    case "update_email":
      changes.push({ field: "contact.email", value: email.value });
      break;
    case "update_name":
      changes.push({ field: "contact.name", value: name });
      break;
    case "update_postal_address":
      changes.push({ field: "contact.postalAddress", value: address.value });
      break;
    case "update_shipping_address":
      changes.push(
        uses("order")
          ? { field: "order.shippingAddress", value: address.value, reference: order }
          : { field: "contact.shippingAddress", value: address.value },
      );
      break;
    case "cancel_order":
      changes.push({ field: "order.status", value: "cancelled", ...ref("order") });
      break;
    case "change_order":
      // free text for a person: only the field and the order are checked, not the wording
      changes.push({ field: "order.changeRequest", value: null, ...ref("order") });
      break;
    case "change_subscription_plan":
      changes.push({ field: "subscription.plan", value: plan });
      break;
    case "pause_subscription":
      changes.push({ field: "subscription.status", value: "paused" });
      break;
    case "cancel_subscription":
      changes.push({ field: "subscription.status", value: "cancelled" });
      break;
    case "marketing_subscribe":
      changes.push({ field: "contact.marketingConsent", value: true });
      break;
    case "marketing_unsubscribe":
      changes.push({ field: "contact.marketingConsent", value: false });
      break;
    case "close_ticket":
      changes.push({ field: "ticket.status", value: "closed", ...ref("ticket") });
      break;
    case "reprioritize_ticket":
      changes.push({ field: "ticket.priority", value: priority, ...ref("ticket") });
      break;
    case "delete_account":
      changes.push({ field: "contact.status", value: "erasure_requested" });
      break;
    case "no_change":
      break;
  }
  return { text, intents: [intent], changes };
}

const typoable = /^[a-z]{5,}$/;

/** Chat-style typos: a swapped or dropped letter in some longer words, never inside a slot. */
export function addTypos(random: Random, template: string, rate: number): string {
  return template.replace(/\{\w+\}|[A-Za-z]+/g, (word) => {
    if (word.startsWith("{") || !typoable.test(word) || !random.chance(rate)) return word;
    const i = random.int(1, word.length - 2);
    return random.chance(0.5)
      ? word.slice(0, i) + (word[i + 1] ?? "") + (word[i] ?? "") + word.slice(i + 2)
      : word.slice(0, i) + word.slice(i + 1);
  });
}

const greetings: Record<Lang, string[]> = {
  en: ["Hi,", "Hello,", "Dear Support,", "Hi there,", "Good morning,", "Hello team,"],
  de: ["Hallo,", "Sehr geehrte Damen und Herren,", "Guten Tag,"],
  fr: ["Bonjour,", "Madame, Monsieur,"],
  es: ["Hola,", "Buenos días,", "Estimados señores:"],
};
const closings: Record<Lang, string[]> = {
  en: ["Thanks,", "Best regards,", "Kind regards,", "Cheers,", "Thank you,", "Regards,"],
  de: ["Mit freundlichen Grüßen", "Viele Grüße", "Danke,"],
  fr: ["Cordialement,", "Merci,", "Bien cordialement,"],
  es: ["Saludos,", "Gracias,", "Un saludo,"],
};
const quotedIntros: Record<Lang, string> = {
  en: "On Mon, 3 Mar 2025 at 09:12, Support <support@shop.example> wrote:",
  de: "Am 03.03.2025 um 09:12 schrieb Support <support@shop.example>:",
  fr: "Le lun. 3 mars 2025 à 09:12, Support <support@shop.example> a écrit :",
  es: "El lun, 3 mar 2025 a las 09:12, Support <support@shop.example> escribió:",
};

export type Style = "email" | "chat" | "plain" | "ticket";

/** Wrap a body the way the channel and the writer would: greeting, signature, quoted history. */
export function wrap(
  random: Random,
  body: string,
  style: Style,
  lang: Lang,
): { text: string; tags: string[] } {
  const tags: string[] = [];
  if (style === "chat") {
    let text = body;
    if (random.chance(0.3)) text = `${random.pick(["hey ", "hi ", "hello ", "yo "])}${text}`;
    return { text, tags };
  }
  if (style !== "email") return { text: body, tags };
  const parts = [random.pick(greetings[lang]), "", body, ""];
  parts.push(random.pick(closings[lang]));
  const name = personName(random);
  parts.push(name);
  if (random.chance(0.45)) {
    // a phone and an address-like line under the name are signature, not requests
    parts.push(random.pick(["Tel: ", "Mobile: ", "", "T "]) + phoneNumber(random, lang).written);
    tags.push("signature-phone");
  }
  if (random.chance(0.15)) parts.push(emailAddress(random).written);
  if (random.chance(0.3)) {
    tags.push("quoted-history");
    const old = random.pick([
      `Please reply with your new phone number, e.g. ${phoneNumber(random, lang).written}.`,
      `We have updated your email to ${emailAddress(random).written}.`,
      "Could you confirm which order you would like to cancel?",
      `Your order ${orderNumber(random)} has been shipped.`,
      "Thank you for contacting us.",
    ]);
    parts.push(
      "",
      quotedIntros[lang],
      ...`${old}\nBest,\nThe Support Team`.split("\n").map((line) => `> ${line}`),
    );
  }
  return { text: parts.join("\n"), tags };
}
