import { at, float64At } from "./arrays";

/**
 * The one logistic regression of the extraction code: Platt scaling (calibrate.ts), the answer's
 * calibration (text-classifier.ts) and the field-value confidence (offline/field-confidence.ts)
 * all fit and apply it here.
 */
export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function dot(weights: ArrayLike<number>, row: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += at(row, j) * (weights[j] ?? 0);
  return sum;
}

export type LogisticOptions = {
  /** L2 penalty on the summed log-loss; keeps the weights finite when the data are separable */
  l2?: number;
  /** the column of ones whose weight (the intercept) is not shrunk by `l2` */
  interceptColumn?: number;
  start?: number[];
};

/**
 * Logistic regression of targets in [0, 1] on a few dense features (include a constant 1 for an
 * intercept), by Newton's method on the summed log-loss plus `l2 / 2 · |w|²`. A step that would
 * raise the loss is halved until it does not, so a poor start cannot make it diverge. With a few
 * features it converges in about ten steps, to the optimum itself rather than near it.
 */
export function fitLogistic(rows: number[][], targets: number[], options: LogisticOptions = {}): number[] {
  const width = rows[0]?.length ?? options.start?.length ?? 0;
  const penalty = Array.from({ length: width }, (_, j) =>
    j === options.interceptColumn ? 0 : (options.l2 ?? 0),
  );
  let weights = options.start ? [...options.start] : new Array<number>(width).fill(0);
  let current = loss(rows, targets, weights, penalty);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gradient = weights.map((w, j) => at(penalty, j) * w);
    // the Hessian, row-major; the tiny ridge keeps a column of zeros from making it singular
    const hessian = new Float64Array(width * width);
    for (let j = 0; j < width; j++) hessian[j * width + j] = at(penalty, j) + 1e-9;
    rows.forEach((row, n) => {
      const p = sigmoid(dot(weights, row));
      const d = p - at(targets, n);
      const curvature = p * (1 - p);
      row.forEach((x, i) => {
        gradient[i] = at(gradient, i) + d * x;
        row.forEach(
          (y, j) => (hessian[i * width + j] = float64At(hessian, i * width + j) + curvature * x * y),
        );
      });
    });
    const step = solve(hessian, gradient);
    if (!step) break;
    let scale = 1;
    let next = weights.map((w, j) => w - at(step, j));
    let nextLoss = loss(rows, targets, next, penalty);
    // rounding alone can raise the loss by a hair at the optimum; that is not a bad step
    const tolerance = 1e-12 * Math.abs(current);
    while (nextLoss > current + tolerance && scale > 1e-6) {
      scale /= 2;
      next = weights.map((w, j) => w - scale * at(step, j));
      nextLoss = loss(rows, targets, next, penalty);
    }
    if (nextLoss > current + tolerance) break;
    weights = next;
    current = nextLoss;
    if (step.reduce((sum, s) => sum + Math.abs(scale * s), 0) < 1e-9) break;
  }
  return weights;
}

function loss(rows: number[][], targets: number[], weights: number[], penalty: number[]): number {
  let total = 0;
  rows.forEach((row, n) => {
    const z = dot(weights, row);
    const t = at(targets, n);
    // log(1 + e^z) - t·z, written so that a large |z| cannot overflow
    total += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - t * z;
  });
  weights.forEach((w, j) => (total += (at(penalty, j) * w * w) / 2));
  return total;
}

/**
 * Solves matrix · x = vector (matrix row-major, n × n) by Gaussian elimination with partial
 * pivoting; undefined when the matrix is singular.
 */
function solve(matrix: Float64Array, vector: number[]): number[] | undefined {
  const n = vector.length;
  const width = n + 1;
  // the augmented matrix [matrix | vector], row-major
  const m = new Float64Array(n * width);
  for (let r = 0; r < n; r++) {
    m.set(matrix.subarray(r * n, r * n + n), r * width);
    m[r * width + n] = at(vector, r);
  }
  const cell = (r: number, c: number) => float64At(m, r * width + c);
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let r = column + 1; r < n; r++)
      if (Math.abs(cell(r, column)) > Math.abs(cell(pivot, column))) pivot = r;
    if (pivot !== column) {
      const swap = m.slice(pivot * width, pivot * width + width);
      m.copyWithin(pivot * width, column * width, column * width + width);
      m.set(swap, column * width);
    }
    const top = cell(column, column);
    if (Math.abs(top) < 1e-12) return undefined;
    for (let r = 0; r < n; r++) {
      if (r === column) continue;
      const factor = cell(r, column) / top;
      for (let k = column; k <= n; k++) m[r * width + k] = cell(r, k) - factor * cell(column, k);
    }
  }
  return Array.from({ length: n }, (_, i) => cell(i, n) / cell(i, i));
}
