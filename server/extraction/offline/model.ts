import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { intentNames } from "../catalog";
import { TextClassifier, type TextClassifierState } from "../classifier/text-classifier";
import { corpusDirectory, loadCorpus, type CorpusExample } from "../corpus";
import { matchChanges } from "../evaluation/match";
import { changesForIntent, viewMessage } from "./analyze";
import { fieldFeatures, fitFieldCalibrator, type FieldCalibratorState } from "./field-confidence";
import { classifierText, rawIntentScores } from "./intent-scores";

/** Bump when features, training or calibration change, so cached models are retrained. */
export const modelVersion = "1";

export type OfflineModel = { classifier: TextClassifier; fieldCalibrator: FieldCalibratorState };
type StoredModel = { version: string; classifier: TextClassifierState; fieldCalibrator: FieldCalibratorState };

export const intentThreshold = 0.5;

/**
 * Train on the corpus's train split; calibrate intents (Platt) and field values (logistic) on dev.
 * Test is never read here.
 */
export function trainOfflineModel(train: CorpusExample[], dev: CorpusExample[]): OfflineModel {
  const classifier = TextClassifier.train(
    train.map((e) => ({ text: classifierText(viewMessage(e.text)), labels: e.intents })),
    { labels: [...intentNames] },
  );
  const devViews = dev.map((e) => viewMessage(e.text));
  const devRaw = devViews.map((view) => rawIntentScores(classifier, view));
  classifier.calibrateFromRaw(devRaw, dev.map((e) => e.intents));

  const rows: number[][] = [];
  const outcomes: boolean[] = [];
  dev.forEach((example, i) => {
    const view = devViews[i];
    const raw = devRaw[i];
    if (!view || !raw) return;
    const probabilities = classifier.calibrated(raw);
    intentNames.forEach((intent, k) => {
      const p = probabilities[k] ?? 0;
      if (intent === "no_change" || p < intentThreshold) return;
      const candidates = changesForIntent(view, intent);
      const correct = matchChanges(example.changes, candidates);
      candidates.forEach((c, j) => {
        rows.push(fieldFeatures(c, p));
        outcomes.push(correct[j] ?? false);
      });
    });
  });
  return { classifier, fieldCalibrator: fitFieldCalibrator(rows, outcomes) };
}

function cacheFile(): string {
  const directory = corpusDirectory();
  const hash = createHash("sha256").update(modelVersion);
  for (const split of ["train", "dev"]) hash.update(readFileSync(path.join(directory, `${split}.jsonl`)));
  return path.join(process.cwd(), ".data", "extraction", `offline-model-${hash.digest("hex").slice(0, 16)}.json`);
}

let memo: OfflineModel | undefined;

/**
 * The model, trained at first use and cached under .data/ (git-ignored) keyed by the corpus and
 * model version; a cache that cannot be read or written only costs a retraining.
 */
export function getOfflineModel(): OfflineModel {
  if (memo) return memo;
  const file = cacheFile();
  if (existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, "utf8")) as StoredModel;
      if (stored.version === modelVersion) {
        memo = { classifier: TextClassifier.fromState(stored.classifier), fieldCalibrator: stored.fieldCalibrator };
        return memo;
      }
    } catch {
      // fall through to training
    }
  }
  memo = trainOfflineModel(loadCorpus("train"), loadCorpus("dev"));
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const stored: StoredModel = { version: modelVersion, classifier: memo.classifier.toState(), fieldCalibrator: memo.fieldCalibrator };
    writeFileSync(file, JSON.stringify(stored));
  } catch {
    // read-only disk: keep the model in memory
  }
  return memo;
}
