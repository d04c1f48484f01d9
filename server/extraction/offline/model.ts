import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { intentNames } from "@/contracts/catalog";
import type { MlpOptions } from "../classifier/mlp-model";
import { TextClassifier, type TextClassifierState } from "../classifier/text-classifier";
import { corpusDirectory, loadCorpus, type CorpusExample } from "../corpus";
import { loadFreeform } from "../evaluation/freeform";
import { matchChanges } from "../evaluation/match";
import { changesForIntent, viewMessage } from "./analyze";
import { fieldFeatures, fitFieldCalibrator, type FieldCalibratorState } from "./field-confidence";
import { classifierText, rawIntentScores } from "./intent-scores";

/** Bump when features, training or calibration change, so cached models are retrained. */
export const modelVersion = "4";

export type OfflineModel = { classifier: TextClassifier; fieldCalibrator: FieldCalibratorState };
type StoredModel = {
  version: string;
  classifier: TextClassifierState;
  fieldCalibrator: FieldCalibratorState;
};

export const intentThreshold = 0.35;

/** A hand-written message with its intents, trained on beside the templates. */
export type WrittenExample = { text: string; intents: string[] };

/**
 * How often a hand-written request counts against a template one. Only requests are learned
 * from: its negations, questions and newsletters taught the bag of words that request wording
 * means nothing. Chosen by 4-fold cross-validation on free-form dev (`npm run eval -- --freeform
 * dev --folds 4`): field recall 0.415 without them, 0.472 at weight 1, 0.445 at weight 3.
 */
const writtenWeight = 1;

/**
 * Train on the corpus's train split and, when given, the free-form dev messages; calibrate
 * intents (Platt) and field values (logistic) on the corpus's dev split. Neither test split is
 * ever read here.
 */
export function trainOfflineModel(
  train: CorpusExample[],
  dev: CorpusExample[],
  options: { mlp?: Partial<MlpOptions>; written?: WrittenExample[] } = {},
): OfflineModel {
  const written = (options.written ?? [])
    .filter((e) => !e.intents.includes("no_change"))
    .flatMap((e) =>
      Array.from({ length: writtenWeight }, () => ({
        text: classifierText(viewMessage(e.text)),
        labels: e.intents,
      })),
    );
  const classifier = TextClassifier.train(
    [...train.map((e) => ({ text: classifierText(viewMessage(e.text)), labels: e.intents })), ...written],
    { labels: [...intentNames], ...(options.mlp ? { mlp: { mode: "sigmoid", ...options.mlp } } : {}) },
  );
  const devViews = dev.map((e) => viewMessage(e.text));
  const devRaw = devViews.map((view) => rawIntentScores(classifier, view));
  classifier.calibrateFromRaw(
    devRaw,
    dev.map((e) => e.intents),
  );

  const rows: number[][] = [];
  const outcomes: boolean[] = [];
  dev.forEach((example, i) => {
    const view = devViews[i];
    const raw = devRaw[i];
    if (!view || !raw) return;
    const probabilities = classifier.calibrated(raw);
    intentNames.forEach((intent, k) => {
      const p = probabilities[k] ?? 0;
      // value correctness given a correct intent: the intent's own doubt is multiplied in later
      if (intent === "no_change" || p < intentThreshold || !example.intents.includes(intent)) return;
      const candidates = changesForIntent(view, intent);
      const correct = matchChanges(example.changes, candidates);
      candidates.forEach((c, j) => {
        rows.push(fieldFeatures(c));
        outcomes.push(correct[j] ?? false);
      });
    });
  });
  return { classifier, fieldCalibrator: fitFieldCalibrator(rows, outcomes) };
}

const sourceDirectory = path.dirname(fileURLToPath(import.meta.url));

/**
 * The source of everything that shapes the model (features, training, recognizers, calibration),
 * so that a code change can never be served a model trained by older code. Where the sources are
 * not on disk (a bundle), the model version alone keys the cache.
 */
function codeFingerprint(): string {
  const hash = createHash("sha256");
  const root = path.resolve(sourceDirectory, "..");
  try {
    const files = readdirSync(root, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && !file.startsWith("llm"))
      .sort();
    for (const file of files) hash.update(file).update(readFileSync(path.join(root, file)));
  } catch {
    hash.update("no-sources");
  }
  return hash.digest("hex");
}

function cacheFile(): string {
  const directory = corpusDirectory();
  const hash = createHash("sha256").update(modelVersion).update(codeFingerprint());
  for (const split of ["train", "dev"]) hash.update(readFileSync(path.join(directory, `${split}.jsonl`)));
  const written = writtenExamplesFile();
  if (written) hash.update(readFileSync(written));
  return path.join(
    process.cwd(),
    ".data",
    "extraction",
    `offline-model-${hash.digest("hex").slice(0, 16)}.json`,
  );
}

/** data/freeform/dev.jsonl beside the corpus: the hand-written messages the model may learn from. */
function writtenExamplesFile(): string | undefined {
  const file = path.join(corpusDirectory(), "..", "freeform", "dev.jsonl");
  return existsSync(file) ? file : undefined;
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
        memo = {
          classifier: TextClassifier.fromState(stored.classifier),
          fieldCalibrator: stored.fieldCalibrator,
        };
        return memo;
      }
    } catch {
      // fall through to training
    }
  }
  const writtenFile = writtenExamplesFile();
  memo = trainOfflineModel(loadCorpus("train"), loadCorpus("dev"), {
    written: writtenFile ? loadFreeform(writtenFile) : [],
  });
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const stored: StoredModel = {
      version: modelVersion,
      classifier: memo.classifier.toState(),
      fieldCalibrator: memo.fieldCalibrator,
    };
    // write then rename: a worker starting at the same moment never reads half a file
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(stored));
    renameSync(partial, file);
    // models of older corpora or code versions are never read again
    for (const old of readdirSync(path.dirname(file))) {
      if (old.startsWith("offline-model-") && old !== path.basename(file) && !old.endsWith(".partial"))
        rmSync(path.join(path.dirname(file), old), { force: true });
    }
  } catch {
    // read-only disk: keep the model in memory
  }
  return memo;
}
