import { getIntentDefinition, type FieldKey, type IntentName } from "@/contracts/catalog";
import type { EvidenceSpan } from "../types";
import { findDates } from "./dates";
import {
  intentCues,
  isCorrectionAt,
  isHypotheticalAt,
  isNegatedAt,
  isOldValueAt,
  isThirdPartyAt,
} from "./cues";
import { findLiveRegions, maskToRegions } from "./message-regions";
import {
  findAddressMentions,
  findEmails,
  findNames,
  findPhones,
  findPlans,
  findPriorities,
  findReferences,
  type Mention,
  type ReferenceKind,
} from "./recognizers";
import {
  detectLanguage,
  isSupportedLanguage,
  regionOfLanguage,
  sentenceAt,
  splitSentences,
  type DetectedLanguage,
  type Language,
  type Sentence,
} from "./text-tools";

/** What the confidence calibration for a value learns from. */
export type ValueFeatures = {
  /** an intent cue in the value's sentence or the one before */
  cueNear: boolean;
  /** other distinct values of the same type that survived the context checks */
  rivals: number;
  /** the value follows a correction ("sorry, I meant ...") */
  corrected: boolean;
  /** the value had to be inferred (country of an address, plan from the only plan word) */
  inferred: boolean;
  /** the value is implied by the intent (cancel → cancelled) */
  implied: boolean;
};

export type CandidateChange = {
  intent: IntentName;
  field: FieldKey;
  entity: "contact" | "order" | "subscription" | "ticket";
  reference?: string;
  value: unknown;
  evidence: EvidenceSpan;
  rationale: string;
  features: ValueFeatures;
};

export type MessageView = {
  text: string;
  /** the text with quoted history and signature blanked out, same offsets */
  live: string;
  /** the language the cues and recognizers read the message in */
  language: Language;
  /** the language it is written in; when unsupported, a person reads it */
  detectedLanguage: DetectedLanguage;
  sentences: Sentence[];
  /** when the message was received: relative dates ("next month") resolve against it */
  receivedAt: Date;
  /** the verified customer's country on record, for numbers written in national format */
  customerCountry?: string;
  /** the verified customer's name on record, for "my surname is now …" */
  customerName?: string;
};

/**
 * Mailing-list furniture: "Unsubscribe | Privacy", "Reply STOP to unsubscribe", "Click here to
 * opt out". It names the intent without anyone asking for it, so it is not live text.
 */
const optOutWord =
  /\b(?:unsubscribe|opt[ -]?out|abmelden|abbestellen|désabonner|désinscri\w*|darse de baja|date de baja|afmelden|uitschrijven|descadastr\w*|cancelar (?:a )?subscri\w*|disiscriv\w*|wypisz)\b/iu;
const footerMarker =
  /\||·|•|^\s*to (?:unsubscribe|opt out)\b|\breply \p{Lu}{3,}\b|\b(?:click|here|link|reply stop|text stop|stop to|you (?:are )?receiv\w*|received this|this (?:e-?mail|message) was sent|privacy|preferences|manage (?:your )?subscriptions?|hier klicken|ici|aquí|klik|clique|in one click|one-click|registered|©)\b/iu;
const askingWord =
  /\b(?:please|pls|plz|i want|i'd like|i would like|can you|could you|me from|remove me|take me off|bitte|merci de|por favor|graag|por favor)\b/iu;

function maskOptOutFooters(live: string): string {
  return live.replace(/[^\n]+/g, (line) => {
    if (!optOutWord.test(line) || askingWord.test(line)) return line;
    const furniture =
      footerMarker.test(line) || (line.trim().length <= 60 && /^[^a-z]*Unsubscribe/u.test(line.trim()));
    return furniture ? " ".repeat(line.length) : line;
  });
}

export function viewMessage(
  text: string,
  receivedAt: Date = new Date(),
  customer: { country?: string; name?: string } = {},
): MessageView {
  const live = maskOptOutFooters(maskToRegions(text, findLiveRegions(text)));
  const detectedLanguage = detectLanguage(live);
  return {
    text,
    live,
    language: isSupportedLanguage(detectedLanguage) ? detectedLanguage : "en",
    detectedLanguage,
    sentences: splitSentences(live),
    receivedAt,
    ...(customer.country ? { customerCountry: customer.country.toUpperCase() } : {}),
    ...(customer.name ? { customerName: customer.name } : {}),
  };
}

/**
 * The region a national-format phone number is read in: the customer's country on record, then
 * the country of an address in the message, then the language's country.
 */
function phoneRegion(view: MessageView): string {
  if (view.customerCountry) return view.customerCountry;
  const languageRegion = regionOfLanguage[view.detectedLanguage];
  return findAddressMentions(view.live, languageRegion)[0]?.value.country ?? languageRegion;
}

type ContextVerdict = { usable: boolean; reason?: string; corrected: boolean; cueNear: boolean };

/** Reads the words around a value as a person would: negation, conditions, other people, old values. */
function judgeMention(
  view: MessageView,
  intent: Exclude<IntentName, "no_change">,
  mention: { start: number; end: number },
): ContextVerdict {
  const { live, sentences } = view;
  const index = sentenceAt(sentences, mention.start);
  const sentence = sentences[index];
  const sentenceStart = sentence?.start ?? Math.max(0, mention.start - 80);
  const previous = index > 0 ? sentences[index - 1] : undefined;
  const windowStart = previous?.start ?? sentenceStart;
  const cueWindow = live.slice(windowStart, sentence?.end ?? mention.end);
  const cues = [...cueWindow.matchAll(new RegExp(intentCues[intent].source, "giu"))].map(
    (m) => windowStart + m.index,
  );
  const liveCues = cues.filter(
    (offset) => !isNegatedAt(live, offset) && !isHypotheticalAt(live, sentenceAtStart(view, offset), offset),
  );
  const cueNear = liveCues.length > 0;
  const corrected =
    isCorrectionAt(live, mention.start) ||
    (previous !== undefined && isCorrectionAt(previous.text + " ", previous.text.length + 1));
  if (isOldValueAt(live, mention.start)) return { usable: false, reason: "old value", corrected, cueNear };
  if (isThirdPartyAt(live, sentenceStart, mention.start))
    return { usable: false, reason: "someone else's detail", corrected, cueNear };
  if (isHypotheticalAt(live, sentenceStart, mention.start))
    return { usable: false, reason: "hypothetical", corrected, cueNear };
  if (isNegatedAt(live, mention.start)) return { usable: false, reason: "negated", corrected, cueNear };
  // "I have NOT moved, my address is still ...": every request word near the value is negated
  if (cues.length > 0 && liveCues.length === 0)
    return { usable: false, reason: "negated", corrected, cueNear };
  return { usable: true, corrected, cueNear };
}

function sentenceAtStart(view: MessageView, offset: number): number {
  return view.sentences[sentenceAt(view.sentences, offset)]?.start ?? Math.max(0, offset - 80);
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Among the usable mentions, a correction wins, then the last one next to a cue, then the last. */
function pickMention<T>(view: MessageView, intent: Exclude<IntentName, "no_change">, mentions: Mention<T>[]) {
  const judged = mentions.map((mention) => ({ mention, verdict: judgeMention(view, intent, mention) }));
  const usable = judged.filter((j) => j.verdict.usable);
  if (usable.length === 0) return undefined;
  const corrected = usable.filter((j) => j.verdict.corrected);
  const cued = usable.filter((j) => j.verdict.cueNear);
  const chosen = corrected.at(-1) ?? cued.at(-1) ?? usable.at(-1);
  if (!chosen) return undefined;
  const distinct = usable.filter((j) => !sameValue(j.mention.value, chosen.mention.value));
  // values before a correction are superseded, not rivals
  const rivals = chosen.verdict.corrected
    ? distinct.filter((j) => j.mention.start > chosen.mention.start).length
    : distinct.length;
  return { ...chosen, rivals };
}

function firstReference(view: MessageView, kind: ReferenceKind): Mention<string> | undefined {
  return findReferences(view.live, kind)[0];
}

// "I don't want any more newsletters" is the request itself, not its negation
const negativeByNature = new Set<IntentName>(["marketing_unsubscribe"]);

// ... but "please do NOT unsubscribe me" / "don't take me off the list" forbids the very action
const forbiddingBefore =
  /\b(?:do not|don't|dont|please don't|never|nicht|ne (?:me )?pas|não|niet|no me)\s+(?:\p{L}+\s+)?$/iu;
function forbidsTheAction(text: string, offset: number): boolean {
  return forbiddingBefore.test(text.slice(Math.max(0, offset - 30), offset));
}

function cueSpan(
  view: MessageView,
  intent: Exclude<IntentName, "no_change">,
): { span: EvidenceSpan; negated: boolean } | undefined {
  let fallback: { span: EvidenceSpan; negated: boolean } | undefined;
  for (const sentence of view.sentences) {
    const match = intentCues[intent].exec(sentence.text);
    if (!match) continue;
    const offset = sentence.start + match.index;
    const negated =
      (negativeByNature.has(intent) ? forbidsTheAction(view.live, offset) : isNegatedAt(view.live, offset)) ||
      isHypotheticalAt(view.live, sentence.start, offset);
    const found = { span: { start: sentence.start, end: sentence.end }, negated };
    if (!negated) return found;
    fallback ??= found;
  }
  return fallback;
}

/** Whether the live text holds request wording for the intent that is neither negated nor hypothetical. */
export function cueSpanFound(view: MessageView, intent: IntentName): boolean {
  if (intent === "no_change") return false;
  const found = cueSpan(view, intent);
  return found !== undefined && !found.negated;
}

const datedIntents = new Set<IntentName>(["pause_subscription", "cancel_subscription", "cancel_order"]);

const impliedIntents = new Set<IntentName>([
  "cancel_order",
  "pause_subscription",
  "cancel_subscription",
  "marketing_subscribe",
  "marketing_unsubscribe",
  "close_ticket",
  "delete_account",
]);

const entityOfReference: Partial<Record<IntentName, ReferenceKind>> = {
  cancel_order: "order",
  change_order: "order",
  pause_subscription: "subscription",
  cancel_subscription: "subscription",
  change_subscription_plan: "subscription",
  close_ticket: "ticket",
  reprioritize_ticket: "ticket",
};

function valueChange<T>(
  view: MessageView,
  intent: Exclude<IntentName, "no_change">,
  field: FieldKey,
  mentions: Mention<T>[],
  describe: (value: T) => string,
): CandidateChange | undefined {
  const picked = pickMention(view, intent, mentions);
  if (!picked) return undefined;
  const { mention, verdict, rivals } = picked;
  const why = [
    verdict.cueNear ? "stated next to the request" : "no request wording next to it",
    verdict.corrected ? "the sender's correction" : undefined,
    rivals > 0 ? `${rivals} other candidate value(s)` : undefined,
    mention.note,
  ].filter(Boolean);
  return {
    intent,
    field,
    entity: "contact",
    value: mention.value,
    evidence: { start: mention.start, end: mention.end },
    rationale: `New ${describe(mention.value)} (${why.join("; ")}).`,
    features: {
      cueNear: verdict.cueNear,
      rivals,
      corrected: verdict.corrected,
      inferred: mention.note !== undefined,
      implied: false,
    },
  };
}

/** Field changes for one intent the classifier found, or nothing when no usable value is in the text. */
export function changesForIntent(view: MessageView, intent: IntentName): CandidateChange[] {
  if (intent === "no_change") return [];
  const { live } = view;
  const region = view.customerCountry ?? regionOfLanguage[view.detectedLanguage];
  const referenceKind = entityOfReference[intent];
  const reference = referenceKind ? firstReference(view, referenceKind) : undefined;
  const withReference = (change: CandidateChange): CandidateChange =>
    reference
      ? {
          ...change,
          reference: reference.value,
          rationale: `${change.rationale} Refers to ${referenceKind} ${reference.value}.`,
        }
      : change;

  switch (intent) {
    case "update_email":
      return compact([
        valueChange(view, intent, "contact.email", findEmails(live), (v) => `email address ${v}`),
      ]);
    case "update_phone":
      return compact([
        valueChange(
          view,
          intent,
          "contact.phone",
          findPhones(live, phoneRegion(view)),
          (v) => `phone number ${v}`,
        ),
      ]);
    case "update_name": {
      const change = valueChange(view, intent, "contact.name", findNames(live), (v) => `name "${v}"`);
      if (!change || typeof change.value !== "string" || /\s/.test(change.value)) return compact([change]);
      // "my surname is now Okafor": one word is a part of a name; the rest comes from the record
      const kept = view.customerName?.split(/\s+/).slice(0, -1).join(" ");
      if (!kept) return [];
      return [
        {
          ...change,
          value: `${kept} ${change.value}`,
          rationale: `${change.rationale} The first name "${kept}" is kept from the record.`,
          features: { ...change.features, inferred: true },
        },
      ];
    }
    case "update_postal_address":
      return compact([
        valueChange(
          view,
          intent,
          "contact.postalAddress",
          findAddressMentions(live, region),
          () => "postal address",
        ),
      ]);
    case "update_shipping_address": {
      const order = firstReference(view, "order");
      const change = valueChange(
        view,
        intent,
        order ? "order.shippingAddress" : "contact.shippingAddress",
        findAddressMentions(live, region),
        () => (order ? `shipping address for order ${order.value}` : "shipping address"),
      );
      return compact([change && order ? { ...change, entity: "order", reference: order.value } : change]);
    }
    case "change_subscription_plan": {
      const plans = findPlans(live);
      // "from basic to premium": the plan after "to/auf/à/a" is the target
      const target = plans.filter((p) =>
        /\b(?:to|auf|zu|à|au|a|al|in|into|vers|naar|para o|para)\s+(?:the\s+|das\s+|le\s+|la\s+|el\s+|het\s+)?(?:plan\s+|tarif\s+|formule\s+|abo\s+|abonnement\s+|plano\s+)?$/iu.test(
          live.slice(Math.max(0, p.start - 12), p.start),
        ),
      );
      const change = valueChange(
        view,
        intent,
        "subscription.plan",
        target.length > 0 ? target : plans,
        (v) => `plan ${v}`,
      );
      return compact([change && withReference({ ...change, entity: "subscription" })]);
    }
    case "reprioritize_ticket": {
      const change = valueChange(
        view,
        intent,
        "ticket.priority",
        findPriorities(live),
        (v) => `priority ${v}`,
      );
      return compact([change && withReference({ ...change, entity: "ticket" })]);
    }
    case "change_order": {
      const cue = cueSpan(view, intent);
      if (!cue || cue.negated) return [];
      return [
        withReference({
          intent,
          field: "order.changeRequest",
          entity: "order",
          value: live.slice(cue.span.start, cue.span.end).trim(),
          evidence: cue.span,
          rationale: "The customer asks to change an order; a person carries it out.",
          features: { cueNear: true, rivals: 0, corrected: false, inferred: false, implied: false },
        }),
      ];
    }
    default:
      return impliedChange(view, intent, withReference);
  }
}

function impliedChange(
  view: MessageView,
  intent: IntentName,
  withReference: (change: CandidateChange) => CandidateChange,
): CandidateChange[] {
  if (!impliedIntents.has(intent) || intent === "no_change") return [];
  const definition = getIntentDefinition(intent);
  const field = definition?.fields[0];
  const value = field
    ? (definition?.impliedValues as Record<string, unknown> | undefined)?.[field]
    : undefined;
  if (!definition || !field || value === undefined) return [];
  const cue = cueSpan(view, intent);
  if (cue?.negated) return [];
  // the classifier found the intent but no cue word matched (a typo, an unusual phrasing):
  // the first sentence is the evidence, and the confidence model knows no cue was seen
  const span = cue?.span ?? firstSentence(view);
  if (!span) return [];
  const entity = field.split(".")[0] as CandidateChange["entity"];
  const when = datedIntents.has(intent)
    ? findDates(view.live.slice(span.start, span.end), view.language, view.receivedAt)[0]
    : undefined;
  const timing = when ? ` Timing: ${when.value} ("${when.raw}").` : "";
  return [
    withReference({
      intent,
      field,
      entity,
      value,
      evidence: span,
      rationale: `${definition.label}: ${JSON.stringify(value)} is implied by the request${cue ? "" : " (no explicit wording found)"}.${timing}`,
      features: { cueNear: cue !== undefined, rivals: 0, corrected: false, inferred: false, implied: true },
    }),
  ];
}

const greeting =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|guten tag|sehr geehrte|bonjour|madame|hola|buenos días|estimad[oa]s?)\b[^.!?\n]{0,30}[,:!]?$/iu;

function firstSentence(view: MessageView): EvidenceSpan | undefined {
  const sentence = view.sentences.find((s) => !greeting.test(s.text));
  return sentence ? { start: sentence.start, end: sentence.end } : undefined;
}

function compact<T>(items: (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}
