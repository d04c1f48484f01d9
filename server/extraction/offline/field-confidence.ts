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

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitFieldCalibrator(rows: number[][], outcomes: boolean[]): FieldCalibratorState {
  const width = rows[0]?.length ?? 9;
  const weights = new Array<number>(width).fill(0);
  const l2 = 0.01;
  // plain gradient descent: a handful of features and a few hundred rows
  for (let iteration = 0; iteration < 3000; iteration++) {
    const gradient = new Array<number>(width).fill(0);
    rows.forEach((row, i) => {
      const p = sigmoid(row.reduce((sum, x, j) => sum + x * (weights[j] as number), 0));
      const d = p - (outcomes[i] ? 1 : 0);
      row.forEach((x, j) => (gradient[j] = (gradient[j] as number) + d * x));
    });
    for (let j = 0; j < width; j++)
      weights[j] =
        (weights[j] as number) -
        0.5 *
          ((gradient[j] as number) / Math.max(1, rows.length) + (j === 0 ? 0 : l2 * (weights[j] as number)));
  }
  return { weights };
}

export function applyFieldCalibrator(state: FieldCalibratorState, row: number[]): number {
  return sigmoid(row.reduce((sum, x, j) => sum + x * (state.weights[j] ?? 0), 0));
}
