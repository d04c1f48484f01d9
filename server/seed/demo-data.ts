import type { Address } from "@/contracts/catalog";

/** Deterministic demo data: the same contacts, orders and messages on every machine. */

const firstNames = [
  "Ana",
  "Ben",
  "Chloe",
  "Dev",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Ines",
  "Jonas",
  "Kira",
  "Luca",
  "Maya",
  "Nikolai",
  "Olivia",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wes",
  "Xenia",
  "Yusuf",
  "Zoe",
];
const lastNames = [
  "Silva",
  "Okafor",
  "Martin",
  "Patel",
  "Rossi",
  "Haddad",
  "Kim",
  "Tanaka",
  "Garcia",
  "Weber",
  "Novak",
  "Bianchi",
  "Cohen",
  "Ivanov",
  "Brown",
  "Santos",
  "Murphy",
  "Lopez",
  "Nguyen",
  "Singh",
];
const streets = [
  "Maple Ave",
  "Oak Street",
  "Pine Road",
  "Cedar Lane",
  "Elm Street",
  "Birch Way",
  "Harbor Blvd",
  "Hillcrest Dr",
  "Lakeview Ct",
  "Sunset Ave",
];
const cities: { city: string; region: string; postalCode: string }[] = [
  { city: "Springfield", region: "IL", postalCode: "62704" },
  { city: "Portland", region: "OR", postalCode: "97205" },
  { city: "Austin", region: "TX", postalCode: "78701" },
  { city: "Madison", region: "WI", postalCode: "53703" },
  { city: "Denver", region: "CO", postalCode: "80202" },
  { city: "Raleigh", region: "NC", postalCode: "27601" },
];
const languages = ["en", "en", "en", "de", "fr", "es"];
const plans = ["basic", "standard", "premium"] as const;
const products = [
  { sku: "KB-101", name: "Mechanical keyboard", unitPriceCents: 8900 },
  { sku: "MS-220", name: "Wireless mouse", unitPriceCents: 3400 },
  { sku: "HD-330", name: "Noise-cancelling headphones", unitPriceCents: 19900 },
  { sku: "MN-440", name: "27-inch monitor", unitPriceCents: 32900 },
  { sku: "DK-550", name: "Standing desk", unitPriceCents: 49900 },
];

export type SeedContact = {
  name: string;
  email: string;
  phone: string;
  postalAddress: Address;
  language: string;
  marketingConsent: boolean;
};

export function demoContacts(count: number): SeedContact[] {
  return Array.from({ length: count }, (_, i) => {
    const first = firstNames[i % firstNames.length] ?? "Sam";
    const last = lastNames[(i * 7) % lastNames.length] ?? "Doe";
    const place = cities[i % cities.length] ?? cities[0];
    const address: Address = {
      line1: `${100 + ((i * 37) % 900)} ${streets[i % streets.length]}`,
      city: place?.city ?? "Springfield",
      region: place?.region,
      postalCode: place?.postalCode ?? "62704",
      country: "US",
    };
    return {
      name: `${first} ${last}`,
      email: `${first}.${last}${i >= firstNames.length ? i : ""}@example.com`.toLowerCase(),
      // 555-01xx numbers are reserved for fiction; the area code varies so they stay distinct
      phone: `+1${["212", "312", "415", "503", "617", "720"][i % 6]}55501${String(i % 100).padStart(2, "0")}`,
      postalAddress: address,
      language: languages[i % languages.length] ?? "en",
      marketingConsent: i % 3 === 0,
    };
  });
}

export function demoOrderLines(i: number) {
  const first = products[i % products.length] ?? products[0];
  const second = products[(i + 2) % products.length] ?? products[1];
  const lines = [first, ...(i % 2 === 0 && second ? [second] : [])]
    .filter((p) => p !== undefined)
    .map((p) => ({ ...p, quantity: 1 + (i % 2) }));
  return { lines, totalCents: lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0) };
}

export const demoOrderStatuses = ["pending", "processing", "shipped", "delivered", "processing"] as const;
export const demoPlans = plans;

/** Incoming messages for the demo queue; `{contact:N}` fields are filled from the seeded contacts. */
export const demoMessages: {
  contact: number;
  channel: "email" | "chat" | "ticket";
  subject?: string;
  text: (ctx: { order: number; name: string }) => string;
}[] = [
  {
    contact: 1,
    channel: "email",
    subject: "New phone number",
    text: ({ name }) =>
      `Hi there,\n\nplease update my phone number to (415) 555-0142. The old one no longer works.\n\nThanks,\n${name}`,
  },
  {
    contact: 2,
    channel: "email",
    subject: "Moving house",
    text: ({ name }) =>
      `Hello,\n\nI moved last week. My new address is:\n48 Willow Street\nApt 3B\nPortland, OR 97209\n\nPlease send everything there from now on.\n\nBest regards,\n${name}`,
  },
  { contact: 3, channel: "chat", text: ({ order }) => `pls cancel order ${order}, ordered the wrong size` },
  {
    contact: 4,
    channel: "email",
    subject: "Email change",
    text: ({ name }) =>
      `Hi, I've changed jobs, please use my new email address ${name.split(" ")[0]?.toLowerCase()}.new@example.org from now on. Thanks!`,
  },
  {
    contact: 5,
    channel: "email",
    subject: "Thank you",
    text: () => `Just wanted to say thanks for the quick delivery, the headphones are great!`,
  },
  { contact: 6, channel: "chat", text: () => `what are your opening hours on saturday?` },
  {
    contact: 7,
    channel: "email",
    subject: "Re: your order",
    text: ({ order }) =>
      `Could you ship order ${order} to my office instead? 500 Market Street, Suite 1200, Denver, CO 80202.\n\nThanks`,
  },
  {
    contact: 8,
    channel: "ticket",
    subject: "Phone update",
    text: () => `Customer called, new number is 720 555 0188, please update.`,
  },
  {
    contact: 9,
    channel: "email",
    subject: "Not moving",
    text: () =>
      `Just to be clear: I have NOT moved, please keep my address as it is. The letter you sent was a mistake.`,
  },
  { contact: 10, channel: "chat", text: () => `my new number is 617-555-0111, sorry I mean 617-555-0117` },
  {
    contact: 11,
    channel: "email",
    subject: "Order",
    text: ({ order }) => `Please cancel order ${order}. Also my phone number changed to 312 555 0177.`,
  },
  {
    contact: 12,
    channel: "email",
    subject: "Complaint",
    text: () => `The package arrived damaged and nobody answers the phone. Very disappointed.`,
  },
];
