import type { Address } from "@/contracts/catalog";
import { australianStates, canadianProvinces, countryCode, countryNamePattern, usStates } from "./countries";

/**
 * Postal addresses in free text, inline ("123 Main St, Apt 4B, Springfield, IL 62704") or over
 * several lines, in the US, UK, Canadian, Australian and continental (DE/FR/ES/IT...) formats.
 * No npm library does this, so it is built from two anchors that are hard to fake: a street
 * (number + street word, or a German/French/Spanish street pattern) followed closely by a
 * postal-code block (city + state + ZIP, UK postcode, or continental "12345 City").
 */
export type AddressMatch = {
  address: Address;
  start: number;
  end: number;
  /** the country was not written and came from the message language or a default */
  countryInferred: boolean;
};

export type FindAddressOptions = {
  /** country for a continental "12345 City" block without a country name (from the message language) */
  defaultCountry?: string;
};

// no dots inside a city word: "69002 Lyon. Merci" ends at "Lyon" ("St." is a link word)
const cityWord = String.raw`\p{Lu}[\p{L}'’\-]*(?![\p{L}\d])`;
const cityLink = String.raw`(?:de|del|la|le|les|sur|am|an|der|im|upon|on|en|el|St\.?)`;
const city = String.raw`(?<![\p{L}\d])(?<city>${cityWord}(?:[ ](?:${cityLink}[ ])?${cityWord}){0,3})`;

type AnchorKind = "us" | "ca" | "au" | "uk" | "continental";
type Anchor = {
  kind: AnchorKind;
  start: number;
  end: number;
  city: string;
  region?: string;
  postalCode: string;
  country?: string;
};

const anchorPatterns: { kind: AnchorKind; regex: RegExp; country?: string; regions?: Set<string> }[] = [
  {
    kind: "us",
    regex: new RegExp(
      String.raw`${city}[ ]*,?[ ]*(?<region>[A-Z]{2})\.?[ ]+(?<postal>\d{5}(?:-\d{4})?)(?!\d)`,
      "gu",
    ),
    country: "US",
    regions: usStates,
  },
  {
    kind: "ca",
    regex: new RegExp(
      String.raw`${city}[ ]*,?[ ]*(?<region>[A-Z]{2})[ ]+(?<postal>[A-Z]\d[A-Z][ ]?\d[A-Z]\d)\b`,
      "gu",
    ),
    country: "CA",
    regions: canadianProvinces,
  },
  {
    kind: "au",
    regex: new RegExp(String.raw`${city}[ ]*,?[ ]*(?<region>[A-Z]{2,3})[ ]+(?<postal>\d{4})(?!\d)`, "gu"),
    country: "AU",
    regions: australianStates,
  },
  {
    kind: "uk",
    regex: new RegExp(String.raw`${city}[ ]*,?[ ]*(?<postal>[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2})\b`, "gu"),
    country: "GB",
  },
  // Portugal "1100-053 Lisboa", Poland "00-590 Warszawa", the Netherlands "1017 AB Amsterdam",
  // before the plain "12345 City" block, which would take their first digits for a whole code
  {
    kind: "continental",
    regex: new RegExp(String.raw`(?<![\d\p{L}-])(?<postal>\d{4}-\d{3})[ ]+${city}`, "gu"),
    country: "PT",
  },
  {
    kind: "continental",
    regex: new RegExp(String.raw`(?<![\d\p{L}-])(?<postal>\d{2}-\d{3})[ ]+${city}`, "gu"),
    country: "PL",
  },
  {
    kind: "continental",
    regex: new RegExp(String.raw`(?<![\d\p{L}-])(?<postal>\d{4}[ ]?[A-Z]{2})[ ]+${city}`, "gu"),
    country: "NL",
  },
  {
    kind: "continental",
    regex: new RegExp(String.raw`(?<![\d\p{L}-])(?<postal>\d{5}|\d{4})[ ]+${city}`, "gu"),
  },
];

const streetSuffix =
  "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|close|crescent|square|sq|highway|hwy|parkway|pkwy|circle|cir|row|gardens|grove|walk|mews";
const streetPatterns: RegExp[] = [
  // English: "123 Main St", "221B Baker Street", "500 King St W"
  new RegExp(
    String.raw`(?<![\p{L}\d])\d{1,5}[A-Za-z]?(?:-\d{1,4})?[ ]+(?:[\p{L}'’.\-]+[ ]+){0,4}?(?:${streetSuffix})\b\.?(?:[ ]+(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\b)?`,
    "giu",
  ),
  // German: "Hauptstraße 5", "Am Lindenweg 12a"
  new RegExp(
    String.raw`(?<![\p{L}\d])(?:(?:am|an der|auf der|im|in der|zum|zur|alte|neue|große|kleine)[ ])?\p{L}[\p{L}.\-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad)[ ]+\d{1,4}[a-z]?\b`,
    "giu",
  ),
  // the street word on its own: "Schönhauser Allee 80", "Frankfurter Straße 12"
  new RegExp(
    String.raw`(?<![\p{L}\d])\p{Lu}\p{Ll}+(?:er)?[ ](?:Allee|Straße|Strasse|Weg|Platz|Ring|Damm|Ufer|Chaussee|Gasse)[ ]+\d{1,4}[a-z]?\b`,
    "gu",
  ),
  // French: "12 rue de la Paix", "3 bis avenue Victor Hugo"
  new RegExp(
    String.raw`(?<![\p{L}\d])\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|passage)[ ][^,\n]{2,40}?(?=\s*[,\n])`,
    "giu",
  ),
  // Spanish: "Calle Mayor 10", "Avenida de la Constitución, 25", "C/ Alcalá 45"
  new RegExp(
    String.raw`(?<![\p{L}\d])(?:calle|c\/|avenida|avda\.|paseo|plaza|camino|carrer|ronda|travesía)[ ]?[^,\n\d]{2,40}?,?[ ]*(?:n[ºo°.]*[ ]*)?\d{1,4}[a-z]?\b`,
    "giu",
  ),
  // Italian, Portuguese and Polish streets put the street word first: "Via Torino 45", "Rua Augusta 100", "ul. Marszałkowska 10/24"
  new RegExp(
    String.raw`(?<![\p{L}\d])(?:via|viale|piazza|corso|vicolo|largo|rua|travessa|praça|alameda|ul\.|al\.|os\.)[ ]?[^,\n\d]{2,40}?,?[ ]*(?:n[ºo°.]*[ ]*)?\d{1,4}(?:[a-z]|\/\d{1,4})?\b`,
    "giu",
  ),
  // Dutch and Belgian streets: "Keizersgracht 123", "Rue Neuve 45"
  new RegExp(
    String.raw`(?<![\p{L}\d])\p{L}[\p{L}\-]*(?:straat|laan|gracht|plein|kade|singel|dijk|steeg)[ ]+\d{1,4}[a-z]?\b`,
    "giu",
  ),
  new RegExp(
    String.raw`(?<![\p{L}\d])(?:rue|avenue|boulevard|chaussée|place)[ ][\p{L}'’\- ]{2,30}?[ ]\d{1,4}\b`,
    "giu",
  ),
];

/** A continental address with no country written: its street word usually tells which. */
const countryOfStreet: [RegExp, string][] = [
  [
    /^(?:\d{1,4}(?:[ ]?(?:bis|ter))?,?[ ]+)?(?:rue|avenue|av\.|boulevard|bd|chemin|allée|impasse|quai|cours)\b/iu,
    "FR",
  ],
  [/^(?:calle|c\/|avenida|avda\.|paseo|plaza|camino|carrer|ronda|travesía)\b/iu, "ES"],
  [/^(?:via|viale|piazza|corso|vicolo)\b/iu, "IT"],
  [/^(?:rua|travessa|praça|alameda)\b/iu, "PT"],
  [/^ul\.|^al\.|^os\./iu, "PL"],
  [/(?:straat|gracht|plein|kade|singel|dijk|steeg)\b/iu, "NL"],
  [/(?:straße|strasse|str\.|gasse|allee|platz|damm)\b/iu, "DE"],
];

const countryAfter = new RegExp(
  String.raw`^[ ]*(?:,[ ]*|\n[ ]*)(?<country>${countryNamePattern}|[A-Z]{2})(?![\p{L}])`,
  "iu",
);

function findAnchors(text: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const { kind, regex, country, regions } of anchorPatterns) {
    for (const match of text.matchAll(regex)) {
      const groups = match.groups ?? {};
      const region = groups.region;
      if (regions && (!region || !regions.has(region))) continue;
      const cityName = (groups.city ?? "").trim();
      const postalCode = groups.postal ?? "";
      if (!cityName || !postalCode) continue;
      const start = match.index;
      anchors.push({
        kind,
        start,
        end: start + match[0].length,
        city: cityName,
        region,
        postalCode,
        country,
      });
    }
  }
  // Overlapping anchors: the earlier-listed (more specific) pattern wins.
  anchors.sort((a, b) => a.start - b.start);
  const kept: Anchor[] = [];
  for (const anchor of anchors) {
    const clash = kept.find((k) => anchor.start < k.end && k.start < anchor.end);
    if (!clash) kept.push(anchor);
    else if (
      anchorPatterns.findIndex((p) => p.kind === anchor.kind) <
      anchorPatterns.findIndex((p) => p.kind === clash.kind)
    ) {
      kept[kept.indexOf(clash)] = anchor;
    }
  }
  return kept;
}

type Street = { start: number; end: number };

function findStreets(text: string): Street[] {
  const streets: Street[] = [];
  for (const regex of streetPatterns) {
    for (const match of text.matchAll(regex))
      streets.push({ start: match.index, end: match.index + match[0].length });
  }
  return streets.sort((a, b) => a.start - b.start);
}

const abbreviationDot =
  /\b(?:st|ave|rd|blvd|apt|no|dr|ln|ct|str|av|avda|pl|sq|hwy|pkwy|n[ºo]|bât|bat|appt|bte|esc|izq|dcha|dto|esq|dto)\.$/iu;

/** The text between a street and its postal block may hold a unit line, never a sentence break. */
function isAddressGlue(middle: string): boolean {
  if (middle.length > 70 || (middle.match(/\n/g) ?? []).length > 3) return false;
  if (/[!?;:()]/.test(middle)) return false;
  const dots = [...middle.matchAll(/\.(?=\s)/g)];
  return dots.every(
    (dot) =>
      abbreviationDot.test(middle.slice(0, dot.index + 1)) || /\d\.$/.test(middle.slice(0, dot.index + 1)),
  );
}

function tidy(part: string): string {
  return part.replace(/\s+/g, " ").replace(/^[\s,.;-]+|[\s,;-]+$/g, "");
}

const unitWords =
  /\b(?:apt|apartment|suite|ste|unit|floor|fl|flat|room|bldg|building|c\/o|wohnung|whg|etage|stock|og|étage|bâtiment|bat|appartement|piso|puerta|planta|escalera|esc)\b\.?|#\s?\d|\d+º|\d+(?:st|nd|rd|th)\s+floor/iu;

export function findAddresses(text: string, options: FindAddressOptions = {}): AddressMatch[] {
  const anchors = findAnchors(text);
  if (anchors.length === 0) return [];
  const streets = findStreets(text);
  const results: AddressMatch[] = [];
  let consumedUntil = 0;
  for (const anchor of anchors) {
    // the closest street that ends before the postal block and is joined to it by address glue
    const candidates = streets.filter(
      (s) => s.start >= consumedUntil && s.start < anchor.start && anchor.start - s.end <= 70,
    );
    const street = candidates
      .reverse()
      .find((s) => isAddressGlue(text.slice(Math.min(s.end, anchor.start), anchor.start)));
    if (!street) continue;
    let cityName = anchor.city;
    let anchorStart = anchor.start;
    if (street.end > anchor.start) {
      // the city pattern ran back into the street: keep only the words after it
      cityName = tidy(text.slice(street.end, anchor.start + anchor.city.length));
      anchorStart = street.end;
      if (!cityName && anchor.kind !== "continental") continue;
    }
    const line1 = tidy(text.slice(street.start, street.end));
    const middle =
      anchor.kind === "continental"
        ? text.slice(street.end, anchor.start)
        : text.slice(street.end, anchorStart);
    const line2Parts = middle
      .split(/[,\n]/)
      .map(tidy)
      .filter((p) => p.length > 0);
    let end = anchor.end;
    let country = anchor.country;
    let countryInferred = false;
    const after = countryAfter.exec(text.slice(end));
    const afterCode = after?.groups?.country ? countryCode(after.groups.country) : undefined;
    if (
      after &&
      afterCode &&
      (anchor.kind === "continental" || afterCode === anchor.country || !anchor.country)
    ) {
      country = afterCode;
      end += after[0].length;
    }
    if (!country) {
      const [, byStreet] = countryOfStreet.find(([pattern]) => pattern.test(line1)) ?? [];
      country = byStreet ?? options.defaultCountry ?? "DE";
      countryInferred = true;
    }
    const before = /(?:^|[\n:])[ ]*(?<unit>[^,\n:]{1,40}?),?[ ]*\n?[ ]*$/u.exec(
      text.slice(Math.max(0, street.start - 45), street.start),
    );
    const unitBefore =
      before?.groups?.unit && unitWords.test(before.groups.unit) ? tidy(before.groups.unit) : undefined;
    if (unitBefore) line2Parts.unshift(unitBefore);
    const line2 = line2Parts.length > 0 ? line2Parts.join(", ") : undefined;
    if (line2 && !unitWords.test(line2) && line2.length > 30) continue;
    const address: Address = {
      line1,
      ...(line2 ? { line2 } : {}),
      city: tidy(cityName).replace(/\.+$/, ""),
      ...(anchor.region ? { region: anchor.region } : {}),
      postalCode:
        anchor.kind === "uk" || anchor.kind === "ca"
          ? normalizePostcode(anchor.postalCode)
          : anchor.postalCode,
      country,
    };
    results.push({
      address,
      start:
        unitBefore && before
          ? street.start - (before[0].length - before[0].indexOf(before.groups?.unit ?? ""))
          : street.start,
      end,
      countryInferred,
    });
    consumedUntil = end;
  }
  return results;
}

function normalizePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, "").toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/**
 * An address written as one string (a reviewer's edit, an LLM's output). Accepts exactly one
 * address that covers the whole string, so a sentence with an address in it is not mistaken for one.
 */
export function parseAddress(raw: string, options: FindAddressOptions = {}): AddressMatch | undefined {
  const text = raw.trim();
  const matches = findAddresses(text, options);
  const [match] = matches;
  if (matches.length !== 1 || !match) return undefined;
  const outside = (text.slice(0, match.start) + text.slice(match.end)).replace(/[\s,.]/g, "");
  return outside.length === 0 ? match : undefined;
}
