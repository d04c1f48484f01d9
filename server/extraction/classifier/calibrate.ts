import { at } from "./arrays";
import { fitLogistic, sigmoid } from "./logistic";

/**
 * Calibration maps a raw score to "how often is this right", fitted on held-out data (the dev
 * split, never test). Platt scaling is a two-parameter logistic fit, stable with few examples;
 * isotonic regression is a monotone step function, better with many.
 */
export type PlattState = { kind: "platt"; a: number; b: number };
export type IsotonicState = { kind: "isotonic"; thresholds: number[]; values: number[] };
export type CalibratorState = PlattState | IsotonicState;

/** Platt (1999) with his smoothed targets: a one-feature logistic fit of outcome on score. */
export function fitPlatt(scores: number[], outcomes: boolean[]): PlattState {
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const [a = 1, b = 0] = fitLogistic(
    scores.map((s) => [s, 1]),
    outcomes.map((o) => (o ? high : low)),
    { start: [1, 0] },
  );
  return { kind: "platt", a, b };
}

type Block = { sum: number; count: number; max: number };

/** Pool-adjacent-violators; the result is a non-decreasing step function of the score. */
export function fitIsotonic(scores: number[], outcomes: boolean[]): IsotonicState {
  const points = scores.map((s, i) => ({ s, y: outcomes[i] ? 1 : 0 })).sort((p, q) => p.s - q.s);
  const blocks: Block[] = [];
  for (const point of points) {
    let last: Block = { sum: point.y, count: 1, max: point.s };
    // merge backwards while the block before has a higher mean than the newest one
    for (let previous = blocks.pop(); previous; previous = blocks.pop()) {
      if (previous.sum / previous.count <= last.sum / last.count) {
        blocks.push(previous);
        break;
      }
      last = { sum: previous.sum + last.sum, count: previous.count + last.count, max: last.max };
    }
    blocks.push(last);
  }
  return {
    kind: "isotonic",
    thresholds: blocks.map((b) => b.max),
    values: blocks.map((b) => b.sum / b.count),
  };
}

export function applyCalibrator(state: CalibratorState, score: number): number {
  if (state.kind === "platt") return sigmoid(state.a * score + state.b);
  const { thresholds, values } = state;
  const step = thresholds.findIndex((threshold) => score <= threshold);
  return values[step === -1 ? values.length - 1 : step] ?? 0.5;
}

/** Expected calibration error over equal-width bins. */
export function expectedCalibrationError(confidences: number[], outcomes: boolean[], bins = 10): number {
  if (confidences.length === 0) return 0;
  const sums = Array.from({ length: bins }, () => ({ confidence: 0, correct: 0, count: 0 }));
  confidences.forEach((c, i) => {
    const bin = at(sums, Math.min(bins - 1, Math.floor(c * bins)));
    bin.confidence += c;
    bin.correct += outcomes[i] ? 1 : 0;
    bin.count++;
  });
  return sums.reduce(
    (total, bin) =>
      bin.count === 0
        ? total
        : total +
          (bin.count / confidences.length) * Math.abs(bin.confidence / bin.count - bin.correct / bin.count),
    0,
  );
}

export const logit = (p: number) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
