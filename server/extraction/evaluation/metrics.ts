import { getFieldDefinition, getIntentDefinition, intentNames } from "@/contracts/catalog";
import { expectedCalibrationError } from "../classifier/calibrate";
import type { Extraction } from "../types";
import { matchChanges, type ExpectedChange } from "./match";

export type LabelledMessage = {
  id: string;
  text: string;
  intents: string[];
  changes?: ExpectedChange[];
  tags?: string[];
};
export type Prediction = { example: LabelledMessage; output: Extraction; latencyMs: number };

export type IntentScore = { intent: string; precision: number; recall: number; f1: number; support: number };

export type ExtractionReport = {
  messages: number;
  intents: IntentScore[];
  macroF1: number;
  /** share of "no change" messages that got at least one proposed change */
  noChangeFalseProposalRate: number;
  fields: { proposed: number; expected: number; precision: number; recall: number };
  calibration: { changeEce: number; intentEce: number };
  autoApply: {
    threshold: number;
    applied: number;
    precision: number;
    /** correctly auto-applied / expected changes of fields that may be auto-applied at all */
    coverage: number;
    /** correctly auto-applied / all expected changes */
    coverageOfAll: number;
  };
  /** the same with the policy's default tiers: low risk at 0.9, medium risk at 0.95 */
  autoApplyTiered: { applied: number; precision: number; coverage: number };
  byTag: Record<string, { messages: number; exactMessages: number }>;
  latencyMs: { p50: number; p99: number };
};

const safe = (n: number, d: number) => (d === 0 ? 0 : n / d);

/** A change may be applied without a person only for low/medium-risk fields of intents that allow it. */
export function isAutoApplicable(intent: string, field: string): boolean {
  const risk = getFieldDefinition(field)?.risk;
  return (risk === "low" || risk === "medium") && getIntentDefinition(intent)?.alwaysReview !== true;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export function scoreExtractions(
  predictions: Prediction[],
  options: { threshold?: number; labels?: readonly string[] } = {},
): ExtractionReport {
  const threshold = options.threshold ?? 0.9;
  const labels = options.labels ?? intentNames;
  const counts = new Map(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  let noChangeMessages = 0;
  let noChangeWithProposal = 0;
  let proposed = 0;
  let proposedCorrect = 0;
  let expectedTotal = 0;
  let expectedAutoApplicable = 0;
  let applied = 0;
  let appliedCorrect = 0;
  let tiered = 0;
  let tieredCorrect = 0;
  const changeConfidences: number[] = [];
  const changeOutcomes: boolean[] = [];
  const intentConfidences: number[] = [];
  const intentOutcomes: boolean[] = [];
  const byTag: ExtractionReport["byTag"] = {};

  for (const { example, output } of predictions) {
    const gold = new Set(example.intents);
    const detected = output.intents.filter((i) => i.intent !== "no_change").map((i) => i.intent);
    const predicted = new Set<string>(detected.length > 0 ? detected : ["no_change"]);
    for (const label of labels) {
      const count = counts.get(label);
      if (!count) continue;
      if (gold.has(label) && predicted.has(label)) count.tp++;
      else if (predicted.has(label)) count.fp++;
      else if (gold.has(label)) count.fn++;
    }
    for (const intent of output.intents) {
      intentConfidences.push(intent.confidence);
      intentOutcomes.push(gold.has(intent.intent));
    }
    const expected = example.changes ?? [];
    const correct = matchChanges(expected, output.changes);
    if (gold.has("no_change")) {
      noChangeMessages++;
      if (output.changes.length > 0) noChangeWithProposal++;
    }
    expectedTotal += expected.length;
    for (const e of expected) {
      const intent = output.changes.find((c) => c.field === e.field)?.intent ?? example.intents[0] ?? "";
      if (isAutoApplicable(intent, e.field)) expectedAutoApplicable++;
    }
    output.changes.forEach((change, i) => {
      const right = correct[i] ?? false;
      proposed++;
      if (right) proposedCorrect++;
      changeConfidences.push(change.confidence);
      changeOutcomes.push(right);
      if (change.confidence >= threshold && isAutoApplicable(change.intent, change.field)) {
        applied++;
        if (right) appliedCorrect++;
      }
      const tierThreshold = getFieldDefinition(change.field)?.risk === "low" ? 0.9 : 0.95;
      if (change.confidence >= tierThreshold && isAutoApplicable(change.intent, change.field)) {
        tiered++;
        if (right) tieredCorrect++;
      }
    });
    const exact =
      correct.every(Boolean) &&
      correct.length === expected.length &&
      [...gold].every((g) => predicted.has(g)) &&
      predicted.size === gold.size;
    for (const tag of example.tags ?? []) {
      byTag[tag] ??= { messages: 0, exactMessages: 0 };
      byTag[tag].messages++;
      if (exact) byTag[tag].exactMessages++;
    }
  }

  const intents: IntentScore[] = labels.map((intent) => {
    const c = counts.get(intent) ?? { tp: 0, fp: 0, fn: 0 };
    const precision = safe(c.tp, c.tp + c.fp);
    const recall = safe(c.tp, c.tp + c.fn);
    return {
      intent,
      precision,
      recall,
      f1: safe(2 * precision * recall, precision + recall),
      support: c.tp + c.fn,
    };
  });
  const supported = intents.filter((i) => i.support > 0);
  return {
    messages: predictions.length,
    intents,
    macroF1: safe(
      supported.reduce((sum, i) => sum + i.f1, 0),
      supported.length,
    ),
    noChangeFalseProposalRate: safe(noChangeWithProposal, noChangeMessages),
    fields: {
      proposed,
      expected: expectedTotal,
      precision: safe(proposedCorrect, proposed),
      recall: safe(proposedCorrect, expectedTotal),
    },
    calibration: {
      changeEce: expectedCalibrationError(changeConfidences, changeOutcomes),
      intentEce: expectedCalibrationError(intentConfidences, intentOutcomes),
    },
    autoApply: {
      threshold,
      applied,
      precision: safe(appliedCorrect, applied),
      coverage: safe(appliedCorrect, expectedAutoApplicable),
      coverageOfAll: safe(appliedCorrect, expectedTotal),
    },
    autoApplyTiered: {
      applied: tiered,
      precision: safe(tieredCorrect, tiered),
      coverage: safe(tieredCorrect, expectedAutoApplicable),
    },
    byTag,
    latencyMs: {
      p50: percentile(
        predictions.map((p) => p.latencyMs),
        0.5,
      ),
      p99: percentile(
        predictions.map((p) => p.latencyMs),
        0.99,
      ),
    },
  };
}
