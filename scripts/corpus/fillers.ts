import type { Address } from "@/contracts/catalog";
import { normalizePhone } from "../../server/extraction/normalize";

/** Deterministic pseudo-random numbers (mulberry32), so the corpus is the same on every run. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  };
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
export type Random = ReturnType<typeof createRandom>;

export type Lang = "en" | "de" | "fr" | "es";

export const firstNames = [
  "Jane",
  "John",
  "Maria",
  "Ahmed",
  "Li",
  "Priya",
  "Carlos",
  "Sofia",
  "Lukas",
  "Emma",
  "Noah",
  "Fatima",
  "Olivia",
  "Mateo",
  "Chloé",
  "Hannah",
  "Yuki",
  "Omar",
  "Grace",
  "Pierre",
  "Lucía",
  "Jonas",
  "Aisha",
  "Tom",
];
export const lastNames = [
  "Smith",
  "Garcia",
  "Müller",
  "Nguyen",
  "Patel",
  "Dubois",
  "Rossi",
  "Kowalski",
  "Johnson",
  "Schmidt",
  "Martin",
  "López",
  "Brown",
  "Fischer",
  "Bernard",
  "Okafor",
  "Kim",
  "Silva",
  "Novak",
  "Williams",
];
const domains = [
  "gmail.com",
  "outlook.com",
  "yahoo.com",
  "icloud.com",
  "proton.me",
  "web.de",
  "orange.fr",
  "hotmail.es",
  "example.org",
  "acme-mail.com",
];

export function personName(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`;
}

export function emailAddress(random: Random): { written: string; value: string } {
  const first = random.pick(firstNames).normalize("NFD").replace(/[^\w]/g, "").toLowerCase();
  const last = random.pick(lastNames).normalize("NFD").replace(/[^\w]/g, "").toLowerCase();
  const local = random.pick([
    `${first}.${last}`,
    `${first}${last}`,
    `${first[0]}${last}`,
    `${first}_${last}${random.int(1, 99)}`,
    `${first}${random.int(70, 99)}`,
  ]);
  const value = `${local}@${random.pick(domains)}`;
  // people capitalise their addresses in all sorts of ways; the stored value is lower-case
  const capitalized = local
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/\.(\w)/, (_, c: string) => `.${c.toUpperCase()}`);
  const written = random.chance(0.25) ? value.replace(local, capitalized) : value;
  return { written, value };
}

const usAreaCodes = ["212", "415", "312", "617", "206", "303", "512", "702", "404", "305", "646", "718"];

/** A phone number written as people write it in that language, with its E.164 value. */
export function phoneNumber(random: Random, lang: Lang): { written: string; value: string } {
  for (let attempt = 0; attempt < 20; attempt++) {
    const written = writePhone(random, lang);
    const region = { en: "US", de: "DE", fr: "FR", es: "ES" }[lang];
    const normalized = normalizePhone(written, { defaultRegion: region });
    if (normalized.ok) return { written, value: normalized.value as string };
  }
  throw new Error("could not generate a valid phone number");
}

function digits(random: Random, count: number): string {
  return Array.from({ length: count }, () => String(random.int(0, 9))).join("");
}

function writePhone(random: Random, lang: Lang): string {
  if (lang === "en") {
    const area = random.pick(usAreaCodes);
    const line = `01${digits(random, 2)}`;
    if (random.chance(0.12)) return `+44 20 7946 0${digits(random, 3)}`;
    return random.pick([
      `(${area}) 555-${line}`,
      `${area}-555-${line}`,
      `${area}.555.${line}`,
      `+1 ${area} 555 ${line}`,
      `${area}555${line}`,
      `+1-${area}-555-${line}`,
    ]);
  }
  if (lang === "de") {
    return random.pick([
      `030 ${digits(random, 7)}`,
      `0151 ${digits(random, 8)}`,
      `+49 30 ${digits(random, 7)}`,
      `+49 151 ${digits(random, 8)}`,
      `089/${digits(random, 7)}`,
    ]);
  }
  if (lang === "fr") {
    const d = () => digits(random, 2);
    return random.pick([
      `06 ${d()} ${d()} ${d()} ${d()}`,
      `+33 6 ${d()} ${d()} ${d()} ${d()}`,
      `07.${d()}.${d()}.${d()}.${d()}`,
      `01 ${d()} ${d()} ${d()} ${d()}`,
    ]);
  }
  return random.pick([
    `6${digits(random, 2)} ${digits(random, 3)} ${digits(random, 3)}`,
    `+34 6${digits(random, 2)} ${digits(random, 3)} ${digits(random, 3)}`,
    `91 ${digits(random, 3)} ${digits(random, 2)} ${digits(random, 2)}`,
  ]);
}

type CityEntry = { city: string; region?: string; postal: () => string; country: string };

const citiesByCountry = (random: Random): Record<string, CityEntry[]> => ({
  US: [
    { city: "Springfield", region: "IL", postal: () => `627${digits(random, 2)}`, country: "US" },
    { city: "Austin", region: "TX", postal: () => `787${digits(random, 2)}`, country: "US" },
    { city: "Portland", region: "OR", postal: () => `972${digits(random, 2)}`, country: "US" },
    { city: "Denver", region: "CO", postal: () => `802${digits(random, 2)}`, country: "US" },
    { city: "San Francisco", region: "CA", postal: () => `941${digits(random, 2)}`, country: "US" },
    { city: "Brooklyn", region: "NY", postal: () => `112${digits(random, 2)}`, country: "US" },
    { city: "Boston", region: "MA", postal: () => `021${digits(random, 2)}`, country: "US" },
    { city: "Seattle", region: "WA", postal: () => `981${digits(random, 2)}`, country: "US" },
  ],
  GB: [
    {
      city: "London",
      postal: () => random.pick(["SW1A 2AA", "NW1 6XE", "E1 6AN", "SE1 9GF", "W2 1JB"]),
      country: "GB",
    },
    { city: "Manchester", postal: () => random.pick(["M1 1AE", "M4 5JD"]), country: "GB" },
    { city: "Edinburgh", postal: () => random.pick(["EH1 1YZ", "EH3 9QG"]), country: "GB" },
  ],
  CA: [
    { city: "Toronto", region: "ON", postal: () => random.pick(["M5V 1L9", "M4C 1B5"]), country: "CA" },
    { city: "Vancouver", region: "BC", postal: () => random.pick(["V6B 1A1", "V5K 0A1"]), country: "CA" },
  ],
  DE: [
    { city: "Berlin", postal: () => `10${digits(random, 3)}`, country: "DE" },
    { city: "München", postal: () => `80${digits(random, 3)}`, country: "DE" },
    { city: "Hamburg", postal: () => `20${digits(random, 3)}`, country: "DE" },
    { city: "Köln", postal: () => `50${digits(random, 3)}`, country: "DE" },
  ],
  FR: [
    { city: "Paris", postal: () => `750${random.int(10, 20)}`, country: "FR" },
    { city: "Lyon", postal: () => `6900${random.int(1, 9)}`, country: "FR" },
    { city: "Marseille", postal: () => `130${random.int(10, 16)}`, country: "FR" },
  ],
  ES: [
    { city: "Madrid", postal: () => `280${random.int(10, 55)}`, country: "ES" },
    { city: "Barcelona", postal: () => `080${random.int(10, 42)}`, country: "ES" },
    { city: "Valencia", postal: () => `460${random.int(10, 25)}`, country: "ES" },
  ],
});

const englishStreets = [
  "Main St",
  "Elm Street",
  "Oak Ave",
  "Maple Avenue",
  "Cedar Rd",
  "Park Lane",
  "Baker Street",
  "Sunset Blvd",
  "Pine Street",
  "Lake Drive",
  "Hill Road",
  "Church St",
  "King St W",
  "Willow Way",
];
const germanStreets = [
  "Hauptstraße",
  "Lindenallee",
  "Bahnhofstraße",
  "Gartenweg",
  "Schillerstr.",
  "Marktplatz",
  "Goethestraße",
  "Am Mühlenweg",
];
const frenchStreets = [
  "rue de la Paix",
  "avenue Victor Hugo",
  "boulevard Saint-Michel",
  "rue du Moulin",
  "place de la République",
  "rue Lafayette",
];
const spanishStreets = [
  "Calle Mayor",
  "Avenida de América",
  "Calle de Alcalá",
  "Paseo de Gracia",
  "Calle del Sol",
  "Plaza Real",
];
const englishUnits = ["Apt 4B", "Apt 12", "Suite 300", "Unit 7", "Flat 2", "Apt 3C", "Floor 2"];
const countryWords: Record<Lang, Record<string, string>> = {
  en: { US: "USA", GB: "United Kingdom", CA: "Canada", DE: "Germany", FR: "France", ES: "Spain" },
  de: { DE: "Deutschland", US: "USA", FR: "Frankreich", ES: "Spanien", GB: "Großbritannien", CA: "Kanada" },
  fr: { FR: "France", DE: "Allemagne", ES: "Espagne", US: "États-Unis", GB: "Royaume-Uni", CA: "Canada" },
  es: { ES: "España", DE: "Alemania", FR: "Francia", US: "Estados Unidos", GB: "Reino Unido", CA: "Canadá" },
};

export type GeneratedAddress = { inline: string; multiline: string; value: Address };

/** A postal address in the conventions of its country, written inline and over several lines. */
export function postalAddress(random: Random, lang: Lang): GeneratedAddress {
  const countries =
    lang === "en"
      ? ["US", "US", "US", "GB", "CA", "DE", "FR"]
      : lang === "de"
        ? ["DE", "DE", "DE", "US"]
        : lang === "fr"
          ? ["FR", "FR", "FR", "DE"]
          : ["ES", "ES", "ES", "FR"];
  const country = random.pick(countries);
  const entry = random.pick(citiesByCountry(random)[country] ?? []);
  const postalCode = entry.postal();
  const number = String(random.int(1, 480));
  let line1: string;
  let line2: string | undefined;
  if (country === "DE") line1 = `${random.pick(germanStreets)} ${number}${random.chance(0.2) ? "a" : ""}`;
  else if (country === "FR") line1 = `${number} ${random.pick(frenchStreets)}`;
  else if (country === "ES") line1 = `${random.pick(spanishStreets)} ${number}`;
  else
    line1 = `${country === "GB" && random.chance(0.3) ? `${number}B` : number} ${random.pick(englishStreets)}`;
  if (random.chance(0.35)) {
    line2 =
      country === "DE"
        ? random.pick(["2. OG", "Wohnung 5", "c/o Becker"])
        : country === "FR"
          ? random.pick(["Bâtiment B", "Appartement 12"])
          : country === "ES"
            ? random.pick(["3º B", "Piso 2"])
            : random.pick(englishUnits);
  }
  // a foreign address, or one in half of the cases, says its country
  const local = { en: "US", de: "DE", fr: "FR", es: "ES" }[lang];
  const sayCountry = country !== local || random.chance(0.4);
  const countryWord = sayCountry ? countryWords[lang][country] : undefined;
  const cityBlock =
    country === "US" || country === "CA"
      ? `${entry.city}, ${entry.region} ${postalCode}`
      : country === "GB"
        ? `${entry.city} ${postalCode}`
        : `${postalCode} ${entry.city}`;
  const parts = [line1, line2, cityBlock, countryWord].filter((p): p is string => p !== undefined);
  const value: Address = {
    line1,
    ...(line2 ? { line2 } : {}),
    city: entry.city,
    ...(entry.region ? { region: entry.region } : {}),
    postalCode,
    country,
  };
  return { inline: parts.join(", "), multiline: parts.join("\n"), value };
}

export function orderNumber(random: Random): string {
  return String(random.pick([random.int(1000, 9999), random.int(10000, 99999), random.int(100000, 999999)]));
}

export function ticketNumber(random: Random): string {
  return String(random.int(100, 99999));
}

export const planNames: Record<Lang, Record<"basic" | "standard" | "premium", string[]>> = {
  en: {
    basic: ["Basic", "basic"],
    standard: ["Standard", "standard"],
    premium: ["Premium", "premium", "Pro"],
  },
  de: { basic: ["Basis", "Basic"], standard: ["Standard"], premium: ["Premium"] },
  fr: { basic: ["Basic", "basique"], standard: ["Standard"], premium: ["Premium"] },
  es: { basic: ["Básico", "básico"], standard: ["Estándar", "Standard"], premium: ["Premium"] },
};
