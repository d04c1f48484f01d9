/**
 * Calibration maps a raw score to "how often is this right", fitted on held-out data (the dev
 * split, never test). Platt scaling is a two-parameter logistic fit, stable with few examples;
 * isotonic regression is a monotone step function, better with many.
 */
export type PlattState = { kind: "platt"; a: number; b: number };
export type IsotonicState = { kind: "isotonic"; thresholds: number[]; values: number[] };
export type CalibratorState = PlattState | IsotonicState;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Platt (1999) with his smoothed targets, fitted by Newton's method. */
export function fitPlatt(scores: number[], outcomes: boolean[]): PlattState {
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const targets = outcomes.map((o) => (o ? high : low));
  let a = 1;
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-9;
    let hAB = 0;
    let hBB = 1e-9;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number;
      const p = sigmoid(a * s + b);
      const d = p - (targets[i] as number);
      const w = p * (1 - p);
      gA += d * s;
      gB += d;
      hAA += w * s * s;
      hAB += w * s;
      hBB += w;
    }
    const det = hAA * hBB - hAB * hAB;
    if (Math.abs(det) < 1e-12) break;
    const stepA = (hBB * gA - hAB * gB) / det;
    const stepB = (hAA * gB - hAB * gA) / det;
    a -= stepA;
    b -= stepB;
    if (Math.abs(stepA) + Math.abs(stepB) < 1e-9) break;
  }
  return { kind: "platt", a, b };
}

/** Pool-adjacent-violators; the result is a non-decreasing step function of the score. */
export function fitIsotonic(scores: number[], outcomes: boolean[]): IsotonicState {
  const points = scores.map((s, i) => ({ s, y: outcomes[i] ? 1 : 0 })).sort((p, q) => p.s - q.s);
  const blocks: { sum: number; count: number; max: number }[] = [];
  for (const point of points) {
    blocks.push({ sum: point.y, count: 1, max: point.s });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1] as (typeof blocks)[number];
      const previous = blocks[blocks.length - 2] as (typeof blocks)[number];
      if (previous.sum / previous.count <= last.sum / last.count) break;
      blocks.splice(blocks.length - 2, 2, {
        sum: previous.sum + last.sum,
        count: previous.count + last.count,
        max: last.max,
      });
    }
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
  for (let i = 0; i < thresholds.length; i++)
    if (score <= (thresholds[i] as number)) return values[i] as number;
  return values[values.length - 1] ?? 0.5;
}

/** Expected calibration error over equal-width bins. */
export function expectedCalibrationError(confidences: number[], outcomes: boolean[], bins = 10): number {
  if (confidences.length === 0) return 0;
  const sums = Array.from({ length: bins }, () => ({ confidence: 0, correct: 0, count: 0 }));
  confidences.forEach((c, i) => {
    const bin = sums[Math.min(bins - 1, Math.floor(c * bins))] as (typeof sums)[number];
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
