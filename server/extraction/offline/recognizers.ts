import { findPhoneNumbersInText, type CountryCode } from "libphonenumber-js/max";
import { findAddresses } from "../address/parse-address";
import type { Address } from "@/contracts/catalog";
import { isUsablePhoneNumber, normalizeEmail, normalizeName } from "../normalize";

/** A value found in the text, already normalized, with where it was found. */
export type Mention<T> = { value: T; start: number; end: number; raw: string; note?: string };

const emailRegex = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])/gi;

export function findEmails(text: string): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  for (const match of text.matchAll(emailRegex)) {
    const normalized = normalizeEmail(match[0]);
    if (normalized.ok)
      mentions.push({
        value: normalized.value as string,
        start: match.index,
        end: match.index + match[0].length,
        raw: match[0],
      });
  }
  return mentions;
}

// Identifiers that phone libraries happily read as numbers: the words before them say what they are.
const identifierContext =
  /(?:order|bestellung|commande|pedido|invoice|rechnung|facture|factura|ticket|case|ref(?:erence)?|tracking|account|konto|compte|cuenta|subscription|abo|abonnement|suscripción|customer|kunden|client|cliente|iban|card|karte|carte|tarjeta|sku|item|artikel)\s*(?:number|no\.?|nr\.?|n[º°o]\.?|num(?:ber|éro|ero)?|id|#)?\s*[:#]?\s*$/i;

/** Phone numbers to E.164, skipping digits that are labelled as order, ticket or account numbers. */
export function findPhones(text: string, region: string): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  // "00" international prefix: libphonenumber only understands it for some regions
  const prepared = text.replace(/(?<![\d+][\s./-]*)(?<![\d+])00(?=[1-9])/g, " +");
  // "possible" numbers are found, then kept only when usable (valid, or Ofcom's fiction range);
  // the option is the library's own, missing from its typings
  const options = { defaultCountry: region as CountryCode, leniency: "POSSIBLE" };
  for (const found of findPhoneNumbersInText(prepared, options)) {
    const before = text.slice(Math.max(0, found.startsAt - 40), found.startsAt);
    if (identifierContext.test(before)) continue;
    if (!isUsablePhoneNumber(found.number)) continue;
    mentions.push({
      value: found.number.number,
      start: found.startsAt,
      end: found.endsAt,
      raw: text.slice(found.startsAt, found.endsAt),
    });
  }
  return mentions;
}

export function findAddressMentions(text: string, defaultCountry: string): Mention<Address>[] {
  return findAddresses(text, { defaultCountry }).map((match) => ({
    value: match.address,
    start: match.start,
    end: match.end,
    raw: text.slice(match.start, match.end),
    note: match.countryInferred ? "country inferred" : undefined,
  }));
}

export type ReferenceKind = "order" | "ticket" | "subscription";

const referencePatterns: Record<ReferenceKind, RegExp> = {
  order:
    /\b(?:order|ordr|orer|bestellung|bestellnummer|auftrag|commande|pedido|peddo|orden)\s*(?:number|no\.?|nr\.?|n[º°o]\.?|num(?:ber|éro|ero)?|#|(?!(?:from|in|on|at|since|of|for)\b)\p{L}{4,7}\.?)?\s*[:#]?\s*#?\s*(?<ref>(?:[A-Z]{1,3}-)?\d{3,10})\b|(?<![\w#])#(?<hash>\d{3,10})\b/giu,
  ticket:
    /\b(?:ticket|case|fall|incidencia|caso|demande)\s*(?:number|no\.?|nr\.?|n[º°o]\.?|#)?\s*[:#]?\s*#?\s*(?<ref>(?:T-)?\d{1,10})\b/giu,
  subscription:
    /\b(?:subscription|abo|abonnement|suscripción|suscripcion|plan)\s*(?:number|no\.?|nr\.?|n[º°o]\.?|#|id)?\s*[:#]?\s*#?\s*(?<ref>S-\d{1,10}|\d{3,10})\b/giu,
};

/** "order 1042", "order #1042", "Bestellung Nr. 1042", "ticket T-88": the reference as written. */
export function findReferences(text: string, kind: ReferenceKind): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  for (const match of text.matchAll(referencePatterns[kind])) {
    const ref = match.groups?.ref ?? match.groups?.hash;
    if (!ref) continue;
    mentions.push({
      value: ref.toUpperCase(),
      start: match.index,
      end: match.index + match[0].length,
      raw: match[0],
    });
  }
  return mentions;
}

const planWords: Record<string, RegExp> = {
  basic: /\b(?:basic|basique|basis|básico|basico|base|starter|einsteiger)(?![\p{L}])/iu,
  standard: /\b(?:standard|estándar|estandar)(?![\p{L}])/iu,
  premium: /\b(?:premium|pro|plus|prémium)\b/iu,
};

/** Plan names in a sentence, in order of appearance. */
export function findPlans(text: string): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  for (const [plan, regex] of Object.entries(planWords)) {
    for (const match of text.matchAll(new RegExp(regex.source, "giu"))) {
      mentions.push({ value: plan, start: match.index, end: match.index + match[0].length, raw: match[0] });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

const priorityWords: Record<string, RegExp> = {
  urgent: /\b(?:urgent|urgente|dringend|asap|emergency|critical|kritisch|critique|crítico)\b/iu,
  high: /\b(?:high|higher|hoch|höher|haute|élevée|alta|important)\b/iu,
  normal: /\b(?:normal|normale|medium|mittel|moyenne|media)\b/iu,
  low: /\b(?:low|lower|niedrig|basse|faible|baja)\b/iu,
};

export function findPriorities(text: string): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  for (const [priority, regex] of Object.entries(priorityWords)) {
    for (const match of text.matchAll(new RegExp(regex.source, "giu"))) {
      mentions.push({
        value: priority,
        start: match.index,
        end: match.index + match[0].length,
        raw: match[0],
      });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

const nameWord = String.raw`\p{Lu}[\p{Ll}'’\-]+(?:-\p{Lu}[\p{Ll}'’]+)?`;
const nameAfterCue = new RegExp(
  String.raw`(?:name\b[^.!?\n\d@]{0,30}?\b(?:is\s+now|is|to|should\s+(?:be|read)|changed\s+to|as)|(?:call|address)\s+me|new\s+(?:last\s+|family\s+|sur)?name(?:\s+is)?|[Nn]amen?\s+(?:in|auf|zu|ist|lautet)|(?:name|nom|nombre)\s*(?::|ist|est|es|lautet|à|a)|heiße\s+jetzt|heiße|s'appelle|me\s+llamo|now\s+goes\s+by|changed\s+my\s+name\s+to|nom\s+de\s+famille\s+est(?:\s+(?:maintenant|désormais))?|apellido\s+es(?:\s+ahora)?|nachname\s+ist(?:\s+jetzt|\s+nun)?|achternaam\s+is(?:\s+nu)?|apelido\s+é(?:\s+agora)?)\s*[:"“]?\s*(?<name>${nameWord}(?:\s+(?:van|von|de|del|da|di|la|le)?\s*${nameWord}){0,3})(?![\w@'’-])`,
  "gu",
);

/** A person's name right after a naming cue ("my name is now Jane Smith", "neuer Name: ..."). */
export function findNames(text: string): Mention<string>[] {
  const mentions: Mention<string>[] = [];
  for (const match of text.matchAll(nameAfterCue)) {
    const name = match.groups?.name;
    if (!name) continue;
    const normalized = normalizeName(name);
    if (!normalized.ok) continue;
    const start = match.index + match[0].lastIndexOf(name);
    mentions.push({ value: normalized.value as string, start, end: start + name.length, raw: name });
  }
  return mentions;
}
