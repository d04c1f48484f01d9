import { getIntentDefinition, intentNames, type FieldKey, type IntentName } from "@/contracts/catalog";
import type { ChangeDoubt, DetectedIntent, ExtractedChange, Extraction, ExtractionFlag } from "../types";
import { changesForIntent, cueSpanFound, type CandidateChange, type MessageView } from "./analyze";
import { intentCues, isHypotheticalAt, isNegatedAt } from "./cues";
import { isSupportedLanguage, type Sentence } from "./text-tools";
import { applyChangeCalibrator, changeFeatures } from "./change-calibration";
import { applyFieldCalibrator, fieldFeatures } from "./field-confidence";
import { rawIntentScores } from "./intent-scores";
import { injectionSuspected } from "./injection";
import type { OfflineModel } from "./offline-model";

/** An intent is reported from this calibrated probability (chosen on free-form dev, 4-fold). */
export const intentThreshold = 0.35;

const correctionAnywhere =
  /\b(?:sorry|i mean|i meant|correction|actually|oops|typo|make that|wait|edit:|scratch that|no sorry|ich meine|korrektur|pardon|je veux dire|désolé|perdón|perdon|quise decir|mejor dicho|bedoel|desculpe|quero dizer)\b/iu;
const politeRequest =
  /^\s*(?:\p{L}+\s+)?(?:could|can|would|will|may)\s+(?:you|u|someone|somebody)\b|\bplease\b|\bpls\b|\bbitte\b|\bpouvez-vous\b|\bpodr[ií]an?\b|\bpuede[ns]?\b|\bkunt u\b|\bkunnen jullie\b|\bpodem\b|\bpode\b/iu;

/** The sentence a value starts in. */
function sentenceOf(view: MessageView, offset: number): Sentence | undefined {
  return view.sentences.find((s) => s.start <= offset && offset <= s.end);
}

/** "Is it still possible to cancel?" asks; "Could you cancel it?" requests. */
function isBareQuestion(sentence: string): boolean {
  return /\?\s*$/.test(sentence) && !politeRequest.test(sentence);
}

/** Why this change should not be applied without a person, however confident the classifier is. */
function doubtsOf(view: MessageView, change: CandidateChange): ChangeDoubt[] {
  const doubts: ChangeDoubt[] = [];
  if (!change.features.cueNear) doubts.push("no_request_wording");
  if (change.features.rivals > 0) doubts.push("rival_values");
  if (change.features.inferred) doubts.push("inferred");
  if (!change.features.corrected && correctionAnywhere.test(view.live)) doubts.push("correction_in_message");
  if (isBareQuestion(sentenceOf(view, change.evidence.start)?.text ?? "")) doubts.push("question");
  return doubts;
}

function toExtracted(change: CandidateChange, confidence: number, doubts: ChangeDoubt[]): ExtractedChange {
  return {
    intent: change.intent,
    field: change.field,
    entity: change.entity,
    ...(change.reference ? { reference: change.reference } : {}),
    value: change.value,
    confidence: Math.round(confidence * 1000) / 1000,
    evidence: change.evidence,
    rationale: change.rationale,
    ...(doubts.length > 0 ? { doubts } : {}),
  };
}

const round = (p: number) => Math.round(p * 1000) / 1000;

const postalWording =
  /\b(?:moved|moving|relocated|billing|mailing|postal|home address|umgezogen|umzug|anschrift|rechnungsadresse|postanschrift|wohnadresse)\b|déménag|adresse postale|facturation|mudado|mudamos|mudanza|direcci[oó]n postal|facturaci[oó]n|verhuisd|woonadres|postadres|factuuradres|mudei|morada fiscal|faturação/iu;

const keepsWording =
  /\b(?:still|remain|remains|keep|unchanged|as before|stay|stays|noch|weiterhin|bleibt|toujours|reste|sigue|siguen|mantener|blijft|nog steeds|continua|continuam|mant[eé]m)\b/iu;

/**
 * Postal or shipping address: the classifier often hesitates between the two, the wording rarely
 * does. When only one kind of wording is present it decides; otherwise the classifier does.
 */
function settleAddressIntents(
  view: MessageView,
  probabilities: Float64Array,
  answering: ReadonlySet<IntentName>,
): void {
  const postal = intentNames.indexOf("update_postal_address");
  const shipping = intentNames.indexOf("update_shipping_address");
  const pPostal = probabilities[postal] ?? 0;
  const pShipping = probabilities[shipping] ?? 0;
  if (Math.max(pPostal, pShipping) < intentThreshold) return;
  // "invoices should still go to my home address" names the postal address to keep it
  let saysPostal = view.sentences.some((s) => postalWording.test(s.text) && !keepsWording.test(s.text));
  let saysShipping = intentCues.update_shipping_address.test(view.live);
  if (!saysPostal && !saysShipping) {
    // a bare address answering our question is the kind of address the question asked for
    saysPostal = answering.has("update_postal_address");
    saysShipping = answering.has("update_shipping_address");
  }
  if (saysPostal === saysShipping) return;
  const [winner, loser] = saysPostal ? [postal, shipping] : [shipping, postal];
  probabilities[winner] = Math.max(pPostal, pShipping);
  probabilities[loser] = Math.min(probabilities[loser] ?? 0, intentThreshold / 2);
}

/** Intents a value in the text carries, and that a request cue next to that value can reveal. */
const valueIntents = new Set<IntentName>([
  "update_email",
  "update_phone",
  "update_name",
  "update_postal_address",
  "update_shipping_address",
  "change_subscription_plan",
  "reprioritize_ticket",
]);
const ruleBackedProbability = 0.75;
const siblingIntent: Partial<Record<IntentName, IntentName>> = {
  update_postal_address: "update_shipping_address",
  update_shipping_address: "update_postal_address",
};

/** Wording that asks for something to become different, in the languages read. */
const changeWording =
  /\b(?:new|now|change|changed|update|updated|moved|moving|relocated|switch|replace|from now on|use|send|ship|deliver|set|make|neue?[rsn]?|jetzt|ändern|geändert|umgezogen|nouvel(?:le)?|nouveau|désormais|changer|modifier|déménagé|nuev[oa]|ahora|cambiar|cambiado|mudado|nieuwe?|voortaan|wijzig\w*|veranderd|verhuisd|nov[oa]|agora|alterar|mudei|atualiz\w*)\b/iu;

function requestedWithValue(view: MessageView, intent: IntentName): boolean {
  if (!valueIntents.has(intent) || intent === "no_change") return false;
  if (!intentCues[intent].test(view.live)) return false;
  return changesForIntent(view, intent).some((c) => {
    if (!c.features.cueNear || c.features.rivals > 0 || doubtsOf(view, c).includes("question")) return false;
    const sentence = sentenceOf(view, c.evidence.start);
    return sentence !== undefined && changeWording.test(sentence.text);
  });
}

const askingWording =
  /\b(?:please|pls|plz|can you|could you|would you|i need|i want|i'd like|i would like|need to|want to|bitte|ich möchte|ich will|merci de|je voudrais|je veux|pouvez-vous|por favor|quiero|quisiera|necesito|graag|ik wil|kunt u|kunnen jullie|gostaria|quero|preciso|podem)\b/iu;

/**
 * "Please change my email", "I need to update my shipping address": a request whose value is not
 * in the message. It becomes a "needs information" item with the missing field named, never
 * `no_change`.
 */
function requestedWithoutValue(view: MessageView, intent: IntentName): boolean {
  if (!valueIntents.has(intent) || intent === "no_change") return false;
  if (changesForIntent(view, intent).length > 0) return false;
  return view.sentences.some((sentence) => {
    // "my email address" is no postal address
    const text = sentence.text.replace(/\b(?:e-?)?mail[ -]?address(?:es)?\b/giu, (m) => " ".repeat(m.length));
    const cue = intentCues[intent].exec(intent === "update_email" ? sentence.text : text);
    if (!cue || !changeWording.test(sentence.text) || !askingWording.test(sentence.text)) return false;
    const offset = sentence.start + cue.index;
    if (isNegatedAt(view.live, offset) || isHypotheticalAt(view.live, sentence.start, offset)) return false;
    return !isBareQuestion(sentence.text);
  });
}

/** Intents whose change needs a value from the text; without one the request needs information. */
function missingFields(intent: IntentName): FieldKey[] {
  const definition = getIntentDefinition(intent);
  if (!definition || definition.impliedValues) return [];
  return [...definition.fields].filter((field) => field !== "order.shippingAddress").slice(0, 1);
}

/** The whole offline reading of one message: intents from the classifier, values from the recognizers. */
/**
 * An out-of-office or unmonitored-mailbox reply: its addresses and numbers are where to write
 * instead, never a request to change anything.
 */
const autoReply =
  /\b(?:out of (?:the )?office|on (?:parental |annual |sick )?leave|away from (?:the )?office|no longer monitored|auto(?:matic)?[- ]?reply|limited access to (?:e-?mail|my inbox)|abwesend|abwesenheit|nicht im büro|absente? du bureau|fuera de la oficina|ausente|afwezig|niet op kantoor|fuori ufficio|na urlopie|jestem na urlopie)\b/iu;

/**
 * A reply to our question ("what is the new phone number?") that only gives the value: the
 * question supplies the request wording, so a value of the asked kind completes the request even
 * when the classifier missed it, at the same modest probability as a request only wording revealed.
 */
/**
 * In an answer without request wording of its own, the wording that asked is ours: the doubt says
 * so instead of "no request wording". Its confidence stays as calibrated without the question.
 */
function answerDoubts(doubts: readonly ChangeDoubt[]): ChangeDoubt[] {
  if (!doubts.includes("no_request_wording")) return [...doubts];
  return ["answers_our_question", ...doubts.filter((doubt) => doubt !== "no_request_wording")];
}

function answersOurQuestion(
  view: MessageView,
  intent: IntentName,
  answering: ReadonlySet<IntentName>,
): boolean {
  if (!answering.has(intent) || !valueIntents.has(intent)) return false;
  return changesForIntent(view, intent).some((c) => !doubtsOf(view, c).includes("question"));
}

export function extractOffline(
  model: OfflineModel,
  view: MessageView,
  answering: ReadonlySet<IntentName> = new Set(),
): Extraction {
  // an "out of office" text that also addresses the system is an injection, seen by a person
  if (autoReply.test(view.live) && !injectionSuspected(view.live)) {
    return {
      intents: [{ intent: "no_change", confidence: 0.97 }],
      changes: [],
      language: view.detectedLanguage,
    };
  }
  const probabilities = model.classifier.calibrated(rawIntentScores(model.classifier, view));
  settleAddressIntents(view, probabilities, answering);
  const noChangeIndex = intentNames.indexOf("no_change");
  const injection = injectionSuspected(view.live);
  const flags: ExtractionFlag[] = [];
  if (injection) flags.push("injection_suspected");
  if (!isSupportedLanguage(view.detectedLanguage)) flags.push("unsupported_language");
  const intents: DetectedIntent[] = [];
  const changes: ExtractedChange[] = [];
  intentNames.forEach((intent: IntentName, i) => {
    let p = probabilities[i] ?? 0;
    let ruleBacked = false;
    const answer = answering.has(intent);
    if (intent === "no_change") return;
    if (p < intentThreshold) {
      // postal or shipping: when the classifier chose one, the same address is not both
      const sibling = siblingIntent[intent];
      if (sibling && (probabilities[intentNames.indexOf(sibling)] ?? 0) >= intentThreshold) return;
      if (requestedWithValue(view, intent)) ruleBacked = true;
      else if (!answersOurQuestion(view, intent, answering)) return;
      // The classifier missed it, but request wording (its own, or our question's) and a value of
      // the right kind agree: a person sees it, whatever the thresholds (the doubt below), at a
      // modest probability.
      p = ruleBackedProbability;
    }
    // An implied value ("cancel" → cancelled) needs request wording of its own in the live text:
    // a bare "order 55102" or a newsletter's "unsubscribe" link asks for nothing.
    const candidates = injection
      ? []
      : changesForIntent(view, intent).filter((c) => c.features.cueNear || !c.features.implied);
    if (candidates.length === 0 && getIntentDefinition(intent)?.impliedValues) {
      // the classifier alone saw an implied-value intent: with no request wording it is no request
      if (!cueSpanFound(view, intent)) return;
    }
    const missing = candidates.length === 0 ? missingFields(intent) : [];
    intents.push({
      intent,
      confidence: round(p),
      ...(candidates[0] ? { evidence: candidates[0].evidence } : {}),
      ...(missing.length > 0 ? { missing } : {}),
    });
    for (const candidate of candidates) {
      const valueRight = applyFieldCalibrator(model.fieldCalibrator, fieldFeatures(candidate));
      const seen = doubtsOf(view, candidate);
      const doubts: ChangeDoubt[] = ruleBacked ? [...seen, "classifier_missed"] : seen;
      const confidence = model.changeCalibrator
        ? applyChangeCalibrator(model.changeCalibrator, changeFeatures(p * valueRight, doubts, flags))
        : p * valueRight;
      changes.push(toExtracted(candidate, confidence, answer ? answerDoubts(doubts) : doubts));
    }
  });
  if (intents.length === 0 && !injection) {
    // nothing found with a value: a request that names what it wants changed but not the new
    // value is "needs information", when exactly one kind of request is meant
    const asked = [...valueIntents].filter(
      (intent) => intent !== "change_subscription_plan" && requestedWithoutValue(view, intent),
    );
    const [only] = asked;
    if (only && asked.length === 1)
      intents.push({ intent: only, confidence: ruleBackedProbability, missing: missingFields(only) });
  }
  const language = view.detectedLanguage;
  if (injection) {
    // Text that tries to instruct the system is data, not a request: it never becomes a change.
    // The flag tells the policy and the console why.
    return { intents: [{ intent: "no_change", confidence: 0.99 }], changes: [], language, flags };
  }
  if (intents.length === 0) {
    const p = probabilities[noChangeIndex] ?? 0.5;
    return {
      intents: [{ intent: "no_change", confidence: round(Math.max(p, 1 - Math.max(...probabilities))) }],
      changes: [],
      language,
      ...(flags.length > 0 ? { flags } : {}),
    };
  }
  return { intents, changes, language, ...(flags.length > 0 ? { flags } : {}) };
}
