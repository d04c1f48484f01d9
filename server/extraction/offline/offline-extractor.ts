import { intentNames, type IntentName } from "@/contracts/catalog";
import type { DetectedIntent, ExtractedChange, Extraction, ExtractionInput, Extractor } from "../types";
import { changesForIntent, viewMessage, type CandidateChange, type MessageView } from "./analyze";
import { intentCues } from "./cues";
import { applyFieldCalibrator, fieldFeatures } from "./field-confidence";
import { rawIntentScores } from "./intent-scores";
import { injectionSuspected } from "./injection";
import { getOfflineModel, intentThreshold, modelVersion, type OfflineModel } from "./model";

export const offlineExtractorVersion = `1.0.0+model${modelVersion}`;

function toExtracted(change: CandidateChange, confidence: number): ExtractedChange {
  return {
    intent: change.intent,
    field: change.field,
    entity: change.entity,
    ...(change.reference ? { reference: change.reference } : {}),
    value: change.value,
    confidence: Math.round(confidence * 1000) / 1000,
    evidence: change.evidence,
    rationale: change.rationale,
  };
}

const round = (p: number) => Math.round(p * 1000) / 1000;

const postalWording =
  /\b(?:moved|moving|relocated|billing|mailing|postal|home address|umgezogen|umzug|anschrift|rechnungsadresse|postanschrift|wohnadresse)\b|déménag|adresse postale|facturation|mudado|mudamos|mudanza|direcci[oó]n postal|facturaci[oó]n/iu;

/**
 * Postal or shipping address: the classifier often hesitates between the two, the wording rarely
 * does. When only one kind of wording is present it decides; otherwise the classifier does.
 */
function settleAddressIntents(view: MessageView, probabilities: Float64Array): void {
  const postal = intentNames.indexOf("update_postal_address");
  const shipping = intentNames.indexOf("update_shipping_address");
  const pPostal = probabilities[postal] ?? 0;
  const pShipping = probabilities[shipping] ?? 0;
  if (Math.max(pPostal, pShipping) < intentThreshold) return;
  const saysPostal = postalWording.test(view.live);
  const saysShipping = intentCues.update_shipping_address.test(view.live);
  if (saysPostal === saysShipping) return;
  const [winner, loser] = saysPostal ? [postal, shipping] : [shipping, postal];
  probabilities[winner] = Math.max(pPostal, pShipping);
  probabilities[loser] = Math.min(probabilities[loser] ?? 0, intentThreshold / 2);
}

/** The whole offline reading of one message: intents from the classifier, values from the recognizers. */
export function extractOffline(model: OfflineModel, view: MessageView): Extraction {
  const probabilities = model.classifier.calibrated(rawIntentScores(model.classifier, view));
  settleAddressIntents(view, probabilities);
  const noChangeIndex = intentNames.indexOf("no_change");
  const injection = injectionSuspected(view.live);
  const intents: DetectedIntent[] = [];
  const changes: ExtractedChange[] = [];
  intentNames.forEach((intent: IntentName, i) => {
    const p = probabilities[i] ?? 0;
    if (intent === "no_change" || p < intentThreshold) return;
    // an implied value with no request wording at all needs a confident classifier
    const candidates = injection
      ? []
      : changesForIntent(view, intent).filter((c) => c.features.cueNear || !c.features.implied || p >= 0.9);
    intents.push({
      intent,
      confidence: round(p),
      ...(candidates[0] ? { evidence: candidates[0].evidence } : {}),
    });
    for (const candidate of candidates) {
      const valueRight = applyFieldCalibrator(model.fieldCalibrator, fieldFeatures(candidate));
      changes.push(toExtracted(candidate, p * valueRight));
    }
  });
  if (injection) {
    // Text that tries to instruct the system is data, not a request: it never becomes a change.
    return { intents: [{ intent: "no_change", confidence: 0.99 }], changes: [] };
  }
  if (intents.length === 0) {
    const p = probabilities[noChangeIndex] ?? 0.5;
    return {
      intents: [{ intent: "no_change", confidence: round(Math.max(p, 1 - Math.max(...probabilities))) }],
      changes: [],
    };
  }
  return { intents, changes };
}

/** The default extractor: no network, deterministic; the model is trained or loaded on first use. */
export function createOfflineExtractor(options: { model?: OfflineModel } = {}): Extractor {
  let model = options.model;
  return {
    name: "offline",
    version: offlineExtractorVersion,
    async extract(input: ExtractionInput): Promise<Extraction> {
      model ??= getOfflineModel();
      return extractOffline(model, viewMessage(input.text, input.receivedAt));
    },
  };
}
