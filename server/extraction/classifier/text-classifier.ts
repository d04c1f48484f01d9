import { assertSpan, at, float64At } from "./arrays";
import { applyCalibrator, fitPlatt, logit, type CalibratorState } from "./calibrate";
import {
  defaultVectorizerOptions,
  Vectorizer,
  type SparseVector,
  type VectorizerOptions,
  type VectorizerState,
} from "./features";
import {
  decodeBytes,
  defaultTrainOptions,
  encodeArray,
  LinearModel,
  type LinearModelState,
  type TrainOptions,
} from "./linear-model";
import { dot, fitLogistic, sigmoid } from "./logistic";
import { defaultMlpOptions, MlpModel, type MlpOptions, type MlpState } from "./mlp-model";

type Model = LinearModel | MlpModel;

export type LabelledText = { text: string; labels: string[] };

export type TextClassifierState = {
  labels: string[];
  vectorizer: VectorizerState;
  models: (LinearModelState | MlpState)[];
  calibrators: (CalibratorState | null)[];
  neighbours?: NeighbourState;
  answerCalibrator?: number[];
};

/** the training vectors, concatenated: example k spans offsets[k]..offsets[k + 1] */
type NeighbourState = { labels: number[]; offsets: number[]; indices: string; values: string };

export type Answer = { label: string; confidence: number };

/**
 * The training examples' vectors, grouped by label, to ask "how close is this text to anything we
 * were taught under the label the model chose?". A text unlike every example of its label (an
 * out-of-scope request that happens to share a few words) gets a low similarity even when the
 * model's probability is high; the answer's calibration uses both.
 */
class Neighbours {
  private readonly byLabel: SparseVector[][];

  constructor(
    private readonly state: NeighbourState,
    labelCount: number,
  ) {
    const indices = new Int32Array(decodeBytes(state.indices));
    const values = new Float32Array(decodeBytes(state.values));
    // similarity() reads each example's values at its indices' positions
    assertSpan(values, 0, indices.length);
    this.byLabel = Array.from({ length: labelCount }, () => []);
    state.labels.forEach((label, k) => {
      const from = at(state.offsets, k);
      const to = at(state.offsets, k + 1);
      this.byLabel[label]?.push({ indices: indices.subarray(from, to), values: values.subarray(from, to) });
    });
  }

  static of(vectors: SparseVector[], labels: number[]): Neighbours {
    const offsets = [0];
    let total = 0;
    for (const v of vectors) offsets.push((total += v.indices.length));
    const indices = new Int32Array(total);
    const values = new Float32Array(total);
    vectors.forEach((v, k) => {
      indices.set(v.indices, at(offsets, k));
      values.set(v.values, at(offsets, k));
    });
    return new Neighbours(
      { labels, offsets, indices: encodeArray(indices), values: encodeArray(values) },
      Math.max(0, ...labels) + 1,
    );
  }

  /** the cosine of the closest training example of this label (vectors are unit length) */
  similarity(x: SparseVector, label: number): number {
    let best = 0;
    assertSpan(x.values, 0, x.indices.length);
    for (const example of this.byLabel[label] ?? []) {
      let dot = 0;
      // i and j stay below the lengths the loop tests, and values are as long as indices: the
      // `?? 0` never applies (a helper per element made this merge measurably slower)
      for (let i = 0, j = 0; i < x.indices.length && j < example.indices.length;) {
        const a = x.indices[i] ?? 0;
        const b = example.indices[j] ?? 0;
        if (a === b) dot += (x.values[i++] ?? 0) * (example.values[j++] ?? 0);
        else if (a < b) i++;
        else j++;
      }
      if (dot > best) best = dot;
    }
    return best;
  }

  toState(): NeighbourState {
    return this.state;
  }
}

/**
 * TF-IDF + linear model + per-label calibration. The same machinery serves the project's intent
 * catalog (one-vs-rest, multi-label) and the public benchmarks (softmax), so the figures measured
 * on BANKING77 and CLINC150 describe the classifier that runs in production.
 */
export class TextClassifier {
  private constructor(
    readonly labels: string[],
    private readonly vectorizer: Vectorizer,
    private readonly models: Model[],
    private calibrators: (CalibratorState | null)[],
    private readonly neighbours?: Neighbours,
    private answerCalibrator?: number[],
  ) {}

  static train(
    examples: LabelledText[],
    options: {
      vectorizer?: Partial<VectorizerOptions>;
      model?: Partial<TrainOptions>;
      labels?: string[];
      ensemble?: number;
      /** weight per label name, e.g. more weight on the few out-of-scope examples */
      labelWeights?: Record<string, number>;
      /** a hidden layer instead of the linear model (see mlp-model.ts) */
      mlp?: Partial<MlpOptions>;
      /** keep the training vectors for the answer's neighbour similarity (see Neighbours) */
      neighbours?: boolean;
    } = {},
  ): TextClassifier {
    const labels = options.labels ?? [...new Set(examples.flatMap((e) => e.labels))].sort();
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const vectorizer = new Vectorizer({ ...defaultVectorizerOptions, ...options.vectorizer }).fit(
      examples.map((e) => e.text),
    );
    const vectors = examples.map((e) => vectorizer.transform(e.text));
    const targets = examples.map((e) =>
      e.labels.map((l) => labelIndex.get(l)).filter((i): i is number => i !== undefined),
    );
    // several SGD runs over different example orders, averaged: less variance, same features
    const classWeights = options.labelWeights
      ? labels.map((label) => options.labelWeights?.[label] ?? 1)
      : undefined;
    const trainOptions = {
      ...defaultTrainOptions,
      ...options.model,
      ...(classWeights ? { classWeights } : {}),
    };
    const models: Model[] = Array.from({ length: options.ensemble ?? 1 }, (_, k) =>
      options.mlp
        ? MlpModel.train(vectors, targets, labels.length, vectorizer.size, {
            ...defaultMlpOptions,
            mode: trainOptions.mode,
            ...options.mlp,
            ...(classWeights ? { classWeights } : {}),
            seed: defaultMlpOptions.seed + k * 7919,
          })
        : LinearModel.train(vectors, targets, labels.length, vectorizer.size, {
            ...trainOptions,
            seed: trainOptions.seed + k * 7919,
          }),
    );
    const neighbours = options.neighbours
      ? Neighbours.of(
          vectors,
          targets.map((t) => t[0] ?? -1),
        )
      : undefined;
    return new TextClassifier(
      labels,
      vectorizer,
      models,
      labels.map(() => null),
      neighbours,
    );
  }

  vectorize(text: string): SparseVector {
    return this.vectorizer.transform(text);
  }

  /** uncalibrated probabilities from the model */
  rawProbabilities(text: string): Float64Array {
    return this.rawProbabilitiesOf(this.vectorizer.transform(text));
  }

  private rawProbabilitiesOf(x: SparseVector): Float64Array {
    const [first, ...rest] = this.models.map((model) => model.probabilities(x));
    if (!first) throw new Error("classifier without a model");
    for (const p of rest)
      for (let i = 0; i < first.length; i++) first[i] = float64At(first, i) + float64At(p, i);
    return rest.length === 0 ? first : first.map((v) => v / (rest.length + 1));
  }

  /** calibrated probability per label (raw where a label has no calibrator) */
  predict(text: string): Float64Array {
    return this.calibrated(this.rawProbabilities(text));
  }

  calibrated(raw: Float64Array): Float64Array {
    return raw.map((p, i) => {
      const calibrator = this.calibrators[i];
      return calibrator ? applyCalibrator(calibrator, logit(p)) : p;
    });
  }

  /** Platt scaling per label on held-out examples (one-vs-rest outcomes). */
  calibrate(heldOut: LabelledText[]): void {
    this.calibrateFromRaw(
      heldOut.map((e) => this.rawProbabilities(e.text)),
      heldOut.map((e) => e.labels),
    );
  }

  /**
   * Platt scaling from raw probabilities computed elsewhere (e.g. the max over a message's
   * sentences). "pooled" fits one scaling for all labels: with 15-60 held-out positives per label,
   * separate fits were unstable (measured on two halves of dev: ECE 0.35-0.57 per label against
   * 0.013 pooled), while the model's scores are comparable across labels.
   */
  calibrateFromRaw(raw: Float64Array[], labels: string[][], mode: "pooled" | "per-label" = "pooled"): void {
    if (mode === "pooled") {
      const scores = raw.flatMap((p) => Array.from(p, logit));
      const outcomes = labels.flatMap((l) => this.labels.map((label) => l.includes(label)));
      const shared = fitPlatt(scores, outcomes);
      this.calibrators = this.labels.map(() => shared);
      return;
    }
    this.calibrators = this.labels.map((label, i) => {
      const outcomes = labels.map((l) => l.includes(label));
      if (!outcomes.some(Boolean)) return null;
      return fitPlatt(
        raw.map((p) => logit(float64At(p, i))),
        outcomes,
      );
    });
  }

  /**
   * For one label per text (softmax): the most probable label and the probability that it is a
   * right answer, where an answer in `none` (out of scope) never counts as one. Calibrated by
   * calibrateAnswers; before that, the label's calibrated probability.
   */
  answer(text: string): Answer {
    const { label, raw, best, features } = this.topAnswer(text);
    const weights = this.answerCalibrator;
    if (!weights) return { label, confidence: float64At(this.calibrated(raw), best) };
    return { label, confidence: sigmoid(dot(weights, features)) };
  }

  /** cosine similarity to the closest training example of the label (0 when none were kept) */
  similarity(text: string, label: string): number {
    return this.neighbours?.similarity(this.vectorizer.transform(text), this.labels.indexOf(label)) ?? 0;
  }

  /** the most probable label and what the answer's calibration reads about it */
  private topAnswer(text: string): { label: string; raw: Float64Array; best: number; features: number[] } {
    const x = this.vectorizer.transform(text);
    const raw = this.rawProbabilitiesOf(x);
    let best = 0;
    let top = float64At(raw, 0);
    for (let i = 1; i < raw.length; i++) {
      const p = float64At(raw, i);
      if (p > top) {
        best = i;
        top = p;
      }
    }
    const score = logit(top);
    const features = this.neighbours ? [1, score, this.neighbours.similarity(x, best)] : [1, score];
    return { label: at(this.labels, best), raw, best, features };
  }

  /**
   * Fits the answer's confidence on held-out texts: a logistic regression of "the answer is right
   * and in scope" on the model's probability and, when the classifier kept its training vectors,
   * the similarity to the closest example of the chosen label. Pooled one-vs-rest calibration fits
   * every label's probability, mostly easy negatives; this fits exactly the number the auto-apply
   * threshold reads. On CLINC150's validation split (4-fold) it let 4 of 100 out-of-scope queries
   * reach 0.9 where pooled Platt let 6, at the same coverage (82%); see docs/extraction.md.
   */
  calibrateAnswers(heldOut: LabelledText[], none: string[] = []): void {
    const rows: number[][] = [];
    const targets: number[] = [];
    for (const example of heldOut) {
      const { label, features } = this.topAnswer(example.text);
      rows.push(features);
      targets.push(example.labels.includes(label) && !none.includes(label) ? 1 : 0);
    }
    this.answerCalibrator = fitLogistic(rows, targets, { l2: 1e-3 });
  }

  /** Reuse the calibration fitted for another model of the same labels (a refit on more data). */
  copyCalibrationFrom(other: TextClassifier): void {
    if (other.labels.join("\n") !== this.labels.join("\n"))
      throw new Error("calibration is for other labels");
    this.calibrators = [...other.calibrators];
    this.answerCalibrator = other.answerCalibrator;
  }

  toState(): TextClassifierState {
    return {
      labels: this.labels,
      vectorizer: this.vectorizer.toState(),
      models: this.models.map((m) => m.toState()),
      calibrators: this.calibrators,
      ...(this.neighbours ? { neighbours: this.neighbours.toState() } : {}),
      ...(this.answerCalibrator ? { answerCalibrator: this.answerCalibrator } : {}),
    };
  }

  static fromState(state: TextClassifierState): TextClassifier {
    return new TextClassifier(
      state.labels,
      Vectorizer.fromState(state.vectorizer),
      state.models.map((m) => ("kind" in m ? MlpModel.fromState(m) : LinearModel.fromState(m))),
      state.calibrators,
      state.neighbours ? new Neighbours(state.neighbours, state.labels.length) : undefined,
      state.answerCalibrator,
    );
  }
}
