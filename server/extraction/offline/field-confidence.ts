import { dot, fitLogistic, sigmoid } from "../classifier/logistic";
import type { CandidateChange } from "./analyze";

/**
 * Calibrated confidence that a proposed value is right, as P(intent right) × P(value right |
 * intent right). The second factor is a small logistic model over what the recognizers saw (a cue
 * next to the value, rival values, a correction, an inferred country...), fitted on the dev
 * split's proposals for intents that were really there; the first is the intent's calibrated
 * probability. A value is then never more certain than the request it serves.
 */
export type FieldCalibratorState = { weights: number[] };

const freeTextFields = new Set(["contact.name", "order.changeRequest"]);
const referenceEntities = new Set(["order", "ticket", "subscription"]);

export function fieldFeatures(change: CandidateChange): number[] {
  const f = change.features;
  return [
    1,
    f.cueNear ? 1 : 0,
    f.rivals > 0 ? 1 : 0,
    f.corrected ? 1 : 0,
    f.inferred ? 1 : 0,
    f.implied ? 1 : 0,
    freeTextFields.has(change.field) ? 1 : 0,
    referenceEntities.has(change.entity) && !change.reference ? 1 : 0,
    change.field.endsWith("ddress") ? 1 : 0,
  ];
}

/** shrinkage per row of the features' weights (not the intercept's): 0.01 of the mean log-loss */
const l2PerRow = 0.01;

/**
 * Platt's smoothed targets, as in fitPlatt: on dev nearly every value of a right intent is right,
 * and with 0/1 targets the intercept of an exact fit runs off towards infinity (a certainty of
 * 1 - 1e-14); these keep it near log(n + 1), what n right values out of n can support.
 */
export function fitFieldCalibrator(rows: number[][], outcomes: boolean[]): FieldCalibratorState {
  const positives = outcomes.filter(Boolean).length;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (outcomes.length - positives + 2);
  // no rows (an empty dev split) gives no weights, which applyFieldCalibrator reads as zeros: 0.5
  const weights = fitLogistic(
    rows,
    outcomes.map((right) => (right ? high : low)),
    { l2: l2PerRow * rows.length, interceptColumn: 0 },
  );
  return { weights };
}

export function applyFieldCalibrator(state: FieldCalibratorState, row: number[]): number {
  return sigmoid(dot(state.weights, row));
}
