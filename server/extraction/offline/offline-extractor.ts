import type { DetectedIntent, ExtractedChange, Extraction, ExtractionInput, Extractor } from "../types";
import { viewMessage, type CandidateChange, type ValueFeatures } from "./analyze";
import { detectIntentsByRules } from "./rule-intents";

export const offlineExtractorVersion = "0.1.0-rules";

/** Until the calibrated model is fitted: a conservative fixed mapping from what was seen. */
function heuristicValueConfidence(features: ValueFeatures): number {
  let confidence = features.implied ? 0.85 : features.cueNear ? 0.9 : 0.5;
  if (features.corrected) confidence -= 0.05;
  if (features.rivals > 0) confidence -= 0.3;
  if (features.inferred) confidence -= 0.15;
  return Math.max(0.05, Math.min(0.97, confidence));
}

function toExtracted(change: CandidateChange, confidence: number): ExtractedChange {
  return {
    intent: change.intent,
    field: change.field,
    entity: change.entity,
    ...(change.reference ? { reference: change.reference } : {}),
    value: change.value,
    confidence,
    evidence: change.evidence,
    rationale: change.rationale,
  };
}

/** The default extractor: no network, deterministic, fast. */
export function createOfflineExtractor(): Extractor {
  return {
    name: "offline",
    version: offlineExtractorVersion,
    async extract(input: ExtractionInput): Promise<Extraction> {
      const view = viewMessage(input.text);
      const found = detectIntentsByRules(view);
      if (found.length === 0) return { intents: [{ intent: "no_change", confidence: 0.8 }], changes: [] };
      const intents: DetectedIntent[] = [];
      const changes: ExtractedChange[] = [];
      for (const { intent, changes: candidates } of found) {
        const confidences = candidates.map((c) => heuristicValueConfidence(c.features));
        intents.push({ intent, confidence: Math.max(...confidences), evidence: candidates[0]?.evidence });
        candidates.forEach((c, i) => changes.push(toExtracted(c, confidences[i] ?? 0.5)));
      }
      return { intents, changes };
    },
  };
}
