import { assertSpan, at, float32At, int32At } from "./arrays";
import type { SparseVector } from "./features";
import { sigmoid } from "./logistic";

/**
 * A linear classifier over sparse TF-IDF vectors, trained with SGD. "sigmoid" is one-vs-rest
 * (multi-label: a message can ask for two things), "softmax" is multinomial (one label per text,
 * as in BANKING77 and CLINC150). Weights are stored feature-major so scoring touches only the
 * rows of the features present in a message.
 */
export type LinearMode = "sigmoid" | "softmax";

export type TrainOptions = {
  mode: LinearMode;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** AdaGrad gives rare features (a typo's n-gram) larger steps than frequent ones */
  optimizer: "sgd" | "adagrad";
  /** per-class weight of an example's gradient (by the index of its first label); default 1 */
  classWeights?: number[];
};

export const defaultTrainOptions: TrainOptions = {
  mode: "sigmoid",
  epochs: 25,
  learningRate: 0.5,
  l2: 1e-5,
  seed: 7,
  optimizer: "sgd",
};

/** weights as base64 float32: a JSON array of millions of numbers is slow to parse at start-up */
export type LinearModelState = {
  mode: LinearMode;
  classes: number;
  features: number;
  weights: string;
  bias: number[];
};

export function encodeArray(values: Float32Array | Int32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

/** a copy of the bytes: a small decoded Buffer is a view into a shared pool */
export function decodeBytes(encoded: string): ArrayBuffer {
  const bytes = Buffer.from(encoded, "base64");
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export class LinearModel {
  constructor(
    readonly mode: LinearMode,
    readonly classes: number,
    readonly features: number,
    readonly weights: Float32Array = new Float32Array(classes * features),
    readonly bias: Float32Array = new Float32Array(classes),
  ) {
    // the loops below read weights[row + j] and bias[j] for row < features · classes, j < classes
    assertSpan(weights, 0, classes * features);
    assertSpan(bias, 0, classes);
  }

  /** raw scores (logits), one per class */
  scores(x: SparseVector): Float64Array {
    const out = Float64Array.from(this.bias);
    const { indices, values } = x;
    const { classes: c, weights } = this;
    for (let k = 0; k < indices.length; k++) {
      const row = int32At(indices, k) * c;
      const v = float32At(values, k);
      assertSpan(weights, row, c);
      // in range: the span is checked above and out has one entry per class
      for (let j = 0; j < c; j++) out[j] = (out[j] ?? 0) + v * (weights[row + j] ?? 0);
    }
    return out;
  }

  probabilities(x: SparseVector): Float64Array {
    return toProbabilities(this.mode, this.scores(x));
  }

  static train(
    samples: SparseVector[],
    labels: number[][],
    classes: number,
    features: number,
    options: TrainOptions,
  ): LinearModel {
    const model = new LinearModel(options.mode, classes, features);
    const { weights, bias } = model;
    let state = options.seed >>> 0;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const order = Int32Array.from(samples, (_, i) => i);
    const gradient = new Float64Array(classes);
    const adagrad = options.optimizer === "adagrad";
    const squares = adagrad ? new Float32Array(classes * features) : new Float32Array(0);
    const biasSquares = new Float64Array(classes);
    let step = 0;
    const totalSteps = options.epochs * samples.length;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [int32At(order, j), int32At(order, i)];
      }
      for (const index of order) {
        const x = at(samples, index);
        const target = at(labels, index);
        // linear decay keeps late epochs from undoing what early ones learned
        const lr = options.learningRate * (1 - step / totalSteps) + 1e-4;
        step++;
        const p = model.probabilities(x);
        assertSpan(p, 0, classes);
        gradient.fill(0);
        const weight = options.classWeights?.[target[0] ?? -1] ?? 1;
        for (let j = 0; j < classes; j++)
          gradient[j] =
            weight *
            ((p[j] ?? 0) - (target.includes(j) ? (options.mode === "softmax" ? 1 / target.length : 1) : 0));
        const { indices, values } = x;
        // every `?? 0` below reads inside a span of `classes` entries checked before its loop
        // (gradient, biasSquares, bias and p have one entry per class by construction)
        if (adagrad) {
          for (let j = 0; j < classes; j++) {
            const g = gradient[j] ?? 0;
            const s = (biasSquares[j] ?? 0) + g * g;
            biasSquares[j] = s;
            bias[j] = (bias[j] ?? 0) - (options.learningRate * g) / (Math.sqrt(s) + 1e-8);
          }
          for (let k = 0; k < indices.length; k++) {
            const row = int32At(indices, k) * classes;
            const v = float32At(values, k);
            assertSpan(squares, row, classes);
            for (let j = 0; j < classes; j++) {
              const w = weights[row + j] ?? 0;
              const g = (gradient[j] ?? 0) * v + options.l2 * w;
              if (g === 0) continue;
              const s = (squares[row + j] ?? 0) + g * g;
              squares[row + j] = s;
              weights[row + j] = w - (options.learningRate * g) / (Math.sqrt(s) + 1e-8);
            }
          }
          continue;
        }
        for (let j = 0; j < classes; j++) bias[j] = (bias[j] ?? 0) - lr * (gradient[j] ?? 0);
        const decay = 1 - lr * options.l2;
        for (let k = 0; k < indices.length; k++) {
          const row = int32At(indices, k) * classes;
          const v = float32At(values, k);
          assertSpan(weights, row, classes);
          for (let j = 0; j < classes; j++)
            weights[row + j] = (weights[row + j] ?? 0) * decay - lr * (gradient[j] ?? 0) * v;
        }
      }
    }
    return model;
  }

  toState(): LinearModelState {
    return {
      mode: this.mode,
      classes: this.classes,
      features: this.features,
      weights: encodeArray(this.weights),
      bias: Array.from(this.bias),
    };
  }

  static fromState(state: LinearModelState): LinearModel {
    return new LinearModel(
      state.mode,
      state.classes,
      state.features,
      new Float32Array(decodeBytes(state.weights)),
      Float32Array.from(state.bias),
    );
  }
}

/** (each `?? 0` here reads below scores.length, the loop's own bound) */
export function toProbabilities(mode: LinearMode, scores: Float64Array): Float64Array {
  const out = new Float64Array(scores.length);
  if (mode === "sigmoid") {
    for (let j = 0; j < scores.length; j++) out[j] = sigmoid(scores[j] ?? 0);
    return out;
  }
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let j = 0; j < scores.length; j++) {
    const e = Math.exp((scores[j] ?? 0) - max);
    out[j] = e;
    sum += e;
  }
  for (let j = 0; j < scores.length; j++) out[j] = (out[j] ?? 0) / sum;
  return out;
}
