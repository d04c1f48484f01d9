import { isSupportedCountry, parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import { z } from "zod";
import { countryCode } from "./address/countries";
import { parseAddress } from "./address/parse-address";
import { addressSchema, getFieldDefinition, type Address, type FieldDefinition } from "@/contracts/catalog";

/**
 * Validators and normalizers per field type. The extractors, the proposal builder and the
 * console's edit-and-approve all call `normalizeFieldValue`, so a value is stored in one canonical
 * form whoever produced it, and a bad edit gets a message a reviewer can act on.
 */
export type NormalizeResult = { ok: true; value: unknown } | { ok: false; error: string };

export type NormalizeOptions = {
  /** region for phone numbers written without a country code (ISO-2); default US */
  defaultRegion?: string;
  /** country for addresses that do not name one (ISO-2) */
  defaultCountry?: string;
};

const emailPattern =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,}$/;

function show(raw: unknown): string {
  const text = typeof raw === "string" ? raw : JSON.stringify(raw);
  return text === undefined ? String(raw) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function normalizeEmail(raw: unknown): NormalizeResult {
  if (typeof raw !== "string") return { ok: false, error: `Not a valid email address: ${show(raw)}` };
  const value = raw
    .trim()
    .replace(/^mailto:/i, "")
    .replace(/^<|>$/g, "")
    .toLowerCase();
  if (value.length > 254 || !emailPattern.test(value))
    return { ok: false, error: `Not a valid email address: ${show(raw)}` };
  return { ok: true, value };
}

/**
 * A number a customer can really have: valid by libphonenumber's metadata, or in Ofcom's range of
 * mobiles kept for fiction (07700 900000–900999), which its metadata calls possible but not valid
 * and which people use as placeholders and in examples.
 */
export function isUsablePhoneNumber(number: PhoneNumber): boolean {
  if (number.isValid()) return true;
  return number.country === "GB" && /^7700900\d{3}$/.test(number.nationalNumber);
}

export function normalizePhone(raw: unknown, options: NormalizeOptions = {}): NormalizeResult {
  if (typeof raw !== "string" && typeof raw !== "number")
    return { ok: false, error: `Not a valid phone number: ${show(raw)}` };
  const text = String(raw).trim();
  const requested = options.defaultRegion ?? "US";
  // a region libphonenumber does not know is the same as none: only +-prefixed numbers parse
  const region = isSupportedCountry(requested) ? requested : undefined;
  // "00" is the international prefix in most of Europe: 0049... is +49...
  const prepared = /^00[1-9]/.test(text) ? `+${text.slice(2)}` : text;
  if (/[a-z]{3,}/i.test(prepared.replace(/\b(?:ext|x)\.?\s*\d+$/i, ""))) {
    return { ok: false, error: `Not a valid phone number: ${show(raw)}` };
  }
  const parsed = parsePhoneNumberFromString(prepared, region);
  if (!parsed || !isUsablePhoneNumber(parsed))
    return { ok: false, error: `Not a valid phone number: ${show(raw)}` };
  return { ok: true, value: parsed.number };
}

export function normalizeAddress(raw: unknown, options: NormalizeOptions = {}): NormalizeResult {
  if (typeof raw === "string") {
    const match = parseAddress(raw, { defaultCountry: options.defaultCountry });
    if (!match) {
      return {
        ok: false,
        error: `Not a complete postal address (street, postal code and city are needed): ${show(raw)}`,
      };
    }
    return { ok: true, value: match.address };
  }
  if (raw === null || typeof raw !== "object")
    return { ok: false, error: `Not a postal address: ${show(raw)}` };
  const entries: [string, unknown][] = Object.entries(raw);
  const trimmed: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (typeof value === "string") {
      const clean = value.replace(/\s+/g, " ").trim();
      if (clean.length > 0) trimmed[key] = clean;
    } else if (value !== undefined && value !== null) {
      trimmed[key] = value;
    }
  }
  if (typeof trimmed.country === "string") {
    const code = countryCode(trimmed.country);
    if (!code)
      return {
        ok: false,
        error: `Unknown country: ${show(trimmed.country)} (use an ISO 3166-1 alpha-2 code such as US or DE)`,
      };
    trimmed.country = code;
  } else if (options.defaultCountry) {
    trimmed.country = options.defaultCountry;
  }
  const parsed = addressSchema.strict().safeParse(trimmed);
  if (!parsed.success) {
    const missing = parsed.error.issues.map((issue) => issue.path.join(".") || issue.message).join(", ");
    return { ok: false, error: `Not a complete postal address (check ${missing}): ${show(raw)}` };
  }
  const address: Address = parsed.data;
  if (address.country === "GB" || address.country === "CA")
    address.postalCode = address.postalCode.toUpperCase();
  return { ok: true, value: address };
}

const trueWords = new Set([
  "true",
  "yes",
  "y",
  "1",
  "on",
  "subscribe",
  "subscribed",
  "opt-in",
  "opted in",
  "granted",
]);
const falseWords = new Set([
  "false",
  "no",
  "n",
  "0",
  "off",
  "unsubscribe",
  "unsubscribed",
  "opt-out",
  "opted out",
  "withdrawn",
]);

export function normalizeBoolean(raw: unknown): NormalizeResult {
  if (typeof raw === "boolean") return { ok: true, value: raw };
  if (typeof raw === "string") {
    const key = raw.trim().toLowerCase();
    if (trueWords.has(key)) return { ok: true, value: true };
    if (falseWords.has(key)) return { ok: true, value: false };
  }
  return { ok: false, error: `Not a yes/no value: ${show(raw)}` };
}

export function normalizeEnum(raw: unknown, options: readonly string[]): NormalizeResult {
  if (typeof raw === "string") {
    const key = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_");
    const synonyms: Record<string, string> = {
      canceled: "cancelled",
      resolved: "solved",
      medium: "normal",
      erase: "erasure_requested",
    };
    const value = synonyms[key] ?? key;
    if (options.includes(value)) return { ok: true, value };
  }
  return { ok: false, error: `Not one of ${options.join(", ")}: ${show(raw)}` };
}

type TextResult = { ok: true; value: string } | { ok: false; error: string };

export function normalizeText(raw: unknown, maxLength = 500): TextResult {
  if (typeof raw !== "string") return { ok: false, error: `Not text: ${show(raw)}` };
  const value = raw.replace(/\s+/g, " ").trim();
  if (value.length === 0) return { ok: false, error: "The value is empty" };
  if (value.length > maxLength)
    return { ok: false, error: `Too long (${value.length} characters, at most ${maxLength})` };
  return { ok: true, value };
}

/** Person names: words of letters, no digits or @, each word capitalized if written all lower-case. */
export function normalizeName(raw: unknown): NormalizeResult {
  const text = normalizeText(raw, 120);
  if (!text.ok) return text;
  const { value } = text;
  if (/[\d@<>{}[\]\\/|=_#$%^*~]/.test(value) || !/\p{L}/u.test(value))
    return { ok: false, error: `Not a person's name: ${show(raw)}` };
  const words = value.split(" ");
  if (words.length > 6) return { ok: false, error: `Not a person's name: ${show(raw)}` };
  const capitalized =
    value === value.toLowerCase()
      ? words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(" ")
      : value;
  return { ok: true, value: capitalized };
}

const isoDate = z.iso.date();

export function normalizeDate(raw: unknown): NormalizeResult {
  if (raw instanceof Date && !Number.isNaN(raw.getTime()))
    return { ok: true, value: raw.toISOString().slice(0, 10) };
  if (typeof raw === "string" && isoDate.safeParse(raw.trim()).success)
    return { ok: true, value: raw.trim() };
  return { ok: false, error: `Not a date (YYYY-MM-DD): ${show(raw)}` };
}

function normalizeForDefinition(
  field: FieldDefinition,
  raw: unknown,
  options: NormalizeOptions,
): NormalizeResult {
  switch (field.type) {
    case "email":
      return normalizeEmail(raw);
    case "phone":
      return normalizePhone(raw, options);
    case "address":
      return normalizeAddress(raw, options);
    case "boolean":
      return normalizeBoolean(raw);
    case "enum":
      return normalizeEnum(raw, field.options ?? []);
    case "date":
      return normalizeDate(raw);
    case "text":
      return field.key === "contact.name" ? normalizeName(raw) : normalizeText(raw);
  }
}

/** Validate and normalize a value for a catalog field; unknown fields are refused. */
export function normalizeFieldValue(
  fieldKey: string,
  raw: unknown,
  options: NormalizeOptions = {},
): NormalizeResult {
  const field = getFieldDefinition(fieldKey);
  if (!field) return { ok: false, error: `Unknown field: ${fieldKey}` };
  if (raw === undefined || raw === null) return { ok: false, error: `${field.label}: a value is required` };
  return normalizeForDefinition(field, raw, options);
}
