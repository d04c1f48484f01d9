import { logit } from "../classifier/calibrate";
import { dot, fitLogistic, sigmoid } from "../classifier/logistic";

/**
 * The last step of a change's confidence: what the template-trained model says, mapped to how
 * often such a change was right in hand-written messages. It is fitted on free-form dev
 * predictions made by models that had not learned from those messages (cross-validation), so a
 * confidence of 0.9 means about nine in ten of such changes were right in text nobody templated.
 */
export type ChangeCalibratorState = { weights: number[] };

export function changeFeatures(
  confidence: number,
  doubts: readonly string[],
  flags: readonly string[],
): number[] {
  return [1, logit(confidence), doubts.length > 0 ? 1 : 0, flags.length > 0 ? 1 : 0];
}

export function fitChangeCalibrator(rows: number[][], outcomes: boolean[]): ChangeCalibratorState {
  // Platt's smoothed targets keep an all-right bucket from claiming certainty
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const targets = outcomes.map((right) => (right ? high : low));
  return { weights: fitLogistic(rows, targets, { l2: 1, interceptColumn: 0 }) };
}

export function applyChangeCalibrator(state: ChangeCalibratorState, row: number[]): number {
  return sigmoid(dot(state.weights, row));
}
