/**
 * Calibration maps a raw score to "how often is this right", fitted on held-out data (the dev
 * split, never test). Platt scaling is a two-parameter logistic fit, stable with few examples;
 * isotonic regression is a monotone step function, better with many.
 */
export type PlattState = { kind: "platt"; a: number; b: number };
export type IsotonicState = { kind: "isotonic"; thresholds: number[]; values: number[] };
export type CalibratorState = PlattState | IsotonicState;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Platt (1999) with his smoothed targets: a one-feature logistic fit of outcome on score. */
export function fitPlatt(scores: number[], outcomes: boolean[]): PlattState {
  const positives = outcomes.filter(Boolean).length;
  const negatives = outcomes.length - positives;
  const high = (positives + 1) / (positives + 2);
  const low = 1 / (negatives + 2);
  const [a, b] = fitLogistic(
    scores.map((s) => [s, 1]),
    outcomes.map((o) => (o ? high : low)),
    { start: [1, 0] },
  );
  return { kind: "platt", a: a as number, b: b as number };
}

/**
 * Logistic regression of targets in [0, 1] on a few dense features (include a constant 1 for an
 * intercept), by Newton's method; `l2` keeps the weights finite when the data are separable.
 */
export function fitLogistic(
  rows: number[][],
  targets: number[],
  options: { l2?: number; start?: number[] } = {},
): number[] {
  const width = rows[0]?.length ?? 0;
  const l2 = options.l2 ?? 0;
  const weights = options.start ? [...options.start] : new Array<number>(width).fill(0);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = weights.map((w) => l2 * w);
    const hessian = weights.map((_, i) => weights.map((_, j) => (i === j ? l2 + 1e-9 : 0)));
    rows.forEach((row, n) => {
      const p = sigmoid(row.reduce((sum, x, j) => sum + x * (weights[j] as number), 0));
      const d = p - (targets[n] as number);
      const w = p * (1 - p);
      row.forEach((x, i) => {
        gradient[i] = (gradient[i] as number) + d * x;
        const line = hessian[i] as number[];
        row.forEach((y, j) => (line[j] = (line[j] as number) + w * x * y));
      });
    });
    const step = solve(hessian, gradient);
    if (!step) break;
    step.forEach((s, i) => (weights[i] = (weights[i] as number) - s));
    if (step.reduce((sum, s) => sum + Math.abs(s), 0) < 1e-9) break;
  }
  return weights;
}

/** Gaussian elimination with partial pivoting; undefined when the matrix is singular. */
function solve(matrix: number[][], vector: number[]): number[] | undefined {
  const n = vector.length;
  const m = matrix.map((row, i) => [...row, vector[i] as number]);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let r = column + 1; r < n; r++)
      if (Math.abs(m[r]?.[column] ?? 0) > Math.abs(m[pivot]?.[column] ?? 0)) pivot = r;
    [m[column], m[pivot]] = [m[pivot] as number[], m[column] as number[]];
    const top = m[column] as number[];
    if (Math.abs(top[column] as number) < 1e-12) return undefined;
    for (let r = 0; r < n; r++) {
      const row = m[r] as number[];
      if (r === column) continue;
      const factor = (row[column] as number) / (top[column] as number);
      for (let k = column; k <= n; k++) row[k] = (row[k] as number) - factor * (top[k] as number);
    }
  }
  return m.map((row, i) => (row[n] as number) / (row[i] as number));
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
