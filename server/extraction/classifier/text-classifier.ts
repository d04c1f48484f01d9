import { applyCalibrator, fitPlatt, logit, type CalibratorState } from "./calibrate";
import { defaultVectorizerOptions, Vectorizer, type SparseVector, type VectorizerOptions, type VectorizerState } from "./features";
import { defaultTrainOptions, LinearModel, type LinearModelState, type TrainOptions } from "./linear-model";

export type LabelledText = { text: string; labels: string[] };

export type TextClassifierState = {
  labels: string[];
  vectorizer: VectorizerState;
  model: LinearModelState;
  calibrators: (CalibratorState | null)[];
};

/**
 * TF-IDF + linear model + per-label calibration. The same machinery serves the project's intent
 * catalog (one-vs-rest, multi-label) and the public benchmarks (softmax), so the figures measured
 * on BANKING77 and CLINC150 describe the classifier that runs in production.
 */
export class TextClassifier {
  private constructor(
    readonly labels: string[],
    private readonly vectorizer: Vectorizer,
    private readonly model: LinearModel,
    private calibrators: (CalibratorState | null)[],
  ) {}

  static train(
    examples: LabelledText[],
    options: { vectorizer?: Partial<VectorizerOptions>; model?: Partial<TrainOptions>; labels?: string[] } = {},
  ): TextClassifier {
    const labels = options.labels ?? [...new Set(examples.flatMap((e) => e.labels))].sort();
    const labelIndex = new Map(labels.map((label, i) => [label, i]));
    const vectorizer = new Vectorizer({ ...defaultVectorizerOptions, ...options.vectorizer }).fit(examples.map((e) => e.text));
    const vectors = examples.map((e) => vectorizer.transform(e.text));
    const targets = examples.map((e) => e.labels.map((l) => labelIndex.get(l)).filter((i): i is number => i !== undefined));
    const model = LinearModel.train(vectors, targets, labels.length, vectorizer.size, { ...defaultTrainOptions, ...options.model });
    return new TextClassifier(labels, vectorizer, model, labels.map(() => null));
  }

  vectorize(text: string): SparseVector {
    return this.vectorizer.transform(text);
  }

  /** uncalibrated probabilities from the model */
  rawProbabilities(text: string): Float64Array {
    return this.model.probabilities(this.vectorizer.transform(text));
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

  /** Platt scaling from raw probabilities computed elsewhere (e.g. the max over a message's sentences). */
  calibrateFromRaw(raw: Float64Array[], labels: string[][]): void {
    this.calibrators = this.labels.map((label, i) => {
      const outcomes = labels.map((l) => l.includes(label));
      if (!outcomes.some(Boolean)) return null;
      return fitPlatt(raw.map((p) => logit(p[i] as number)), outcomes);
    });
  }

  toState(): TextClassifierState {
    return { labels: this.labels, vectorizer: this.vectorizer.toState(), model: this.model.toState(), calibrators: this.calibrators };
  }

  static fromState(state: TextClassifierState): TextClassifier {
    return new TextClassifier(state.labels, Vectorizer.fromState(state.vectorizer), LinearModel.fromState(state.model), state.calibrators);
  }
}
