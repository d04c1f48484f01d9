import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadCorpus, type CorpusSplit } from "../server/extraction/corpus";
import { runBenchmark, type BenchmarkReport } from "../server/extraction/evaluation/benchmark";
import { loadDataset, loadMapping } from "../server/extraction/evaluation/datasets";
import {
  scoreExtractions,
  type ExtractionReport,
  type LabelledMessage,
  type Prediction,
} from "../server/extraction/evaluation/metrics";
import {
  freeformInput,
  loadFreeform,
  resolveReference,
  scoreFreeform,
  type FreeformReport,
  type FreeformRow,
  type RouteChange,
} from "../server/extraction/evaluation/freeform";
import type { Extraction } from "../server/extraction/types";
import { getOfflineModel, trainCalibratedModel } from "../server/extraction/offline/model";
import type { OfflineModel } from "../server/extraction/offline/offline-model";
import { defaultPolicyRules } from "../contracts/policy-rules";
import { routeChange, routeChangeSet } from "../server/policy/route";
import { createOfflineExtractor } from "../server/extraction/offline/offline-extractor";

const usage = `Usage: npm run eval -- [options]
  (no options)          score the offline extractor on the project corpus's test split
  --split dev|test      which corpus split to score (default test; tune on dev, never on test)
  --freeform dev|test   score the hand-written free-form set (data/freeform): auto-apply under the
                        default policy, field recall, no-change proposals, ECE, needs-information
  --folds N             with --freeform dev: N-fold cross-validation (the model learns from dev)
  --data FILE|DIR       external data: CSV/JSONL of (text, intent[, fields]), a BANKING77-style
                        folder (train.csv, test.csv) or CLINC150's data_full.json
  --map FILE.json       {"their_label": "catalog_intent"}; unmapped labels count as no_change
  --train               train the classifier on --data's train split and score its test split
  --threshold N         auto-apply threshold (default 0.9)
  --out DIR             where to save the JSON results (default .data/eval-results)`;

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function printExtractionReport(title: string, report: ExtractionReport): void {
  console.log(`\n${title}: ${report.messages} messages`);
  console.log("intent                      precision  recall     F1  support");
  for (const i of report.intents) {
    if (i.support === 0 && i.precision === 0) continue;
    console.log(
      `${i.intent.padEnd(26)} ${i.precision.toFixed(3).padStart(9)} ${i.recall.toFixed(3).padStart(7)} ${i.f1.toFixed(3).padStart(6)} ${String(i.support).padStart(8)}`,
    );
  }
  console.log(`macro-F1                         ${report.macroF1.toFixed(4)}`);
  console.log(`no_change false-proposal rate    ${percent(report.noChangeFalseProposalRate)}`);
  console.log(
    `field exact-match precision      ${report.fields.precision.toFixed(4)} (${report.fields.proposed} proposed)`,
  );
  console.log(
    `field exact-match recall         ${report.fields.recall.toFixed(4)} (${report.fields.expected} expected)`,
  );
  console.log(`ECE (field confidence)           ${report.calibration.changeEce.toFixed(4)}`);
  console.log(`ECE (intent confidence)          ${report.calibration.intentEce.toFixed(4)}`);
  const a = report.autoApply;
  console.log(
    `auto-apply at ${a.threshold}: ${a.applied} changes, precision ${a.precision.toFixed(4)}, coverage ${percent(a.coverage)} of auto-applicable true changes (${percent(a.coverageOfAll)} of all)`,
  );
  const t = report.autoApplyTiered;
  console.log(
    `auto-apply with the policy's default tiers (low 0.9, medium 0.95): ${t.applied} changes, precision ${t.precision.toFixed(4)}, coverage ${percent(t.coverage)}`,
  );
  for (const [tag, t] of Object.entries(report.byTag))
    console.log(`  ${tag.padEnd(18)} ${t.exactMessages}/${t.messages} fully right`);
  console.log(`latency p50 ${report.latencyMs.p50.toFixed(2)} ms, p99 ${report.latencyMs.p99.toFixed(2)} ms`);
}

function printBenchmark(report: BenchmarkReport): void {
  console.log(
    `\n${report.dataset}: trained on ${report.train}, calibrated on ${report.calibration}, tested on ${report.test} (${report.labels} labels) in ${report.trainSeconds.toFixed(1)} s`,
  );
  console.log(
    `in-scope accuracy                ${percent(report.inScope.accuracy)} (${report.inScope.messages} messages)`,
  );
  console.log(
    `in-scope at confidence >= ${report.threshold}     coverage ${percent(report.inScope.coverageAtThreshold)}, accuracy ${percent(report.inScope.accuracyAtThreshold)}`,
  );
  console.log(`ECE (top-1 confidence)           ${report.inScope.ece.toFixed(4)}`);
  if (report.outOfScope) {
    console.log(
      `out-of-scope above threshold     ${percent(report.outOfScope.aboveThreshold)} of ${report.outOfScope.messages} (recognised as out-of-scope: ${percent(report.outOfScope.recognised)})`,
    );
  }
  console.log(`${report.msPerMessage.toFixed(3)} ms per message`);
}

async function predictAll(messages: LabelledMessage[]): Promise<Prediction[]> {
  getOfflineModel();
  const extractor = createOfflineExtractor();
  const predictions: Prediction[] = [];
  for (const example of messages) {
    const started = performance.now();
    const output = await extractor.extract({ text: example.text });
    predictions.push({ example, output, latencyMs: performance.now() - started });
  }
  return predictions;
}

/**
 * The default policy as the pipeline applies it (server/policy/route.ts), for a verified customer
 * matched with certainty: an agent's note always needs a second person, a flagged message a
 * person, a change with no record a person, and the set takes its strictest change's route.
 */
const routeUnderDefaultPolicy: RouteChange = (change, row, output) => {
  const routings = output.changes.map((c) => {
    const resolved = resolveReference(row, c);
    const doubts = [
      ...(resolved.doubts ?? []),
      // the pipeline casts the message's flags on each of its changes
      ...(output.flags ?? []),
      // and what it knows beyond the text: a change with no record (an order action naming
      // none of several open orders) needs a person
      ...((resolved.entity === "order" || resolved.entity === "ticket") && !resolved.reference
        ? ["no_record"]
        : []),
    ];
    return routeChange(
      { ...resolved, doubts },
      {
        rules: defaultPolicyRules,
        resolutionConfidence: 1,
        recentAutoApplies: 0,
        // an agent's note always needs a second person
        senderVerification: row.author === "agent" ? "staff_author" : "email_authenticated",
      },
    );
  });
  const own = routings[output.changes.indexOf(change)];
  if (own?.route === "decline") return "decline";
  return routeChangeSet(routings).route;
};

function printFreeformReport(title: string, r: FreeformReport): void {
  console.log(`\n${title}: ${r.messages} messages`);
  console.log(
    `auto-apply (default policy)      precision ${r.autoApply.precision.toFixed(4)} (${r.autoApply.correct} of ${r.autoApply.applied}), coverage ${percent(r.autoApply.coverage)} of ${r.autoApply.eligibleExpected} true changes in auto-eligible fields`,
  );
  console.log(
    `field recall (any route)         ${r.fields.recall.toFixed(4)} (${r.fields.correct} of ${r.fields.expected}); precision ${r.fields.precision.toFixed(4)} of ${r.fields.proposed} proposed`,
  );
  console.log(
    `no-change messages with a change ${percent(r.noChange.rate)} (${r.noChange.withProposal} of ${r.noChange.messages})`,
  );
  console.log(`ECE (change confidence)          ${r.ece.toFixed(4)}`);
  console.log(
    `injections auto-applied          ${r.injection.autoApplied} of ${r.injection.messages} messages`,
  );
  console.log(
    `value-less requests flagged      ${percent(r.needsInfo.rate)} (${r.needsInfo.flagged} of ${r.needsInfo.requests}) as needs information`,
  );
  const families = Object.entries(r.byFamily).sort(([a], [b]) => a.localeCompare(b));
  for (const [family, f] of families)
    console.log(`  ${family.padEnd(22)} ${f.right}/${f.messages} fully right`);
  for (const w of r.wrongAutoApplied.slice(0, 20))
    console.log(
      `  wrong auto-apply ${w.id} ${w.field}: ${JSON.stringify(w.value)} (expected ${JSON.stringify(w.expected)})`,
    );
}

async function predictFreeform(
  rows: FreeformRow[],
  model: OfflineModel = getOfflineModel(),
): Promise<{ row: FreeformRow; output: Extraction }[]> {
  const extractor = createOfflineExtractor({ model });
  const results: { row: FreeformRow; output: Extraction }[] = [];
  for (const row of rows) results.push({ row, output: await extractor.extract(freeformInput(row)) });
  return results;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      map: { type: "string" },
      train: { type: "boolean", default: false },
      split: { type: "string", default: "test" },
      freeform: { type: "string" },
      folds: { type: "string" },
      threshold: { type: "string", default: "0.9" },
      out: { type: "string", default: path.join(".data", "eval-results") },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const threshold = Number(values.threshold);
  let name: string;
  let result: unknown;
  if (values.freeform && values.folds) {
    // k-fold on free-form dev: each fold is scored by a model that learned from the other folds only
    const folds = Number(values.folds);
    if (values.freeform !== "dev" || !Number.isInteger(folds) || folds < 2)
      throw new Error("--folds N (N >= 2) goes with --freeform dev");
    const rows = loadFreeform(path.join("data", "freeform", "dev.jsonl"));
    const train = loadCorpus("train");
    const dev = loadCorpus("dev");
    const results: { row: FreeformRow; output: Extraction }[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const held = rows.filter((_, i) => i % folds === fold);
      const written = rows.filter((_, i) => i % folds !== fold);
      // the fold's model calibrates on the other folds only (cross-validation inside them)
      results.push(...(await predictFreeform(held, trainCalibratedModel(train, dev, written, folds - 1))));
    }
    const report = scoreFreeform(results, routeUnderDefaultPolicy);
    printFreeformReport(`free-form dev set, ${folds}-fold cross-validation`, report);
    name = `freeform-dev-cv${folds}`;
    result = report;
  } else if (values.freeform) {
    const split = values.freeform;
    if (split !== "dev" && split !== "test") throw new Error("--freeform must be dev or test");
    const report = scoreFreeform(
      await predictFreeform(loadFreeform(path.join("data", "freeform", `${split}.jsonl`))),
      routeUnderDefaultPolicy,
    );
    printFreeformReport(
      `free-form ${split} set${split === "dev" ? " (the model learned from it: use --folds for an honest figure)" : ""}`,
      report,
    );
    name = `freeform-${split}`;
    result = report;
  } else if (!values.data) {
    const split = values.split as CorpusSplit;
    if (split !== "dev" && split !== "test")
      throw new Error("--split must be dev or test (train is what the model learned from)");
    const report = scoreExtractions(await predictAll(loadCorpus(split)), { threshold });
    printExtractionReport(`project corpus, ${split} split`, report);
    name = `corpus-${split}`;
    result = report;
  } else {
    const dataset = loadDataset(values.data);
    const map = loadMapping(values.map);
    if (values.train) {
      const report = runBenchmark(dataset, { threshold, map });
      printBenchmark(report);
      name = `${dataset.name}-train`;
      result = report;
    } else {
      if (!map)
        throw new Error("Without --train, --map is needed to turn the data's labels into catalog intents");
      const messages: LabelledMessage[] = dataset.test.map((row, i) => ({
        id: String(i),
        text: row.text,
        intents: [...new Set(row.labels.map(map))],
        changes: row.changes,
      }));
      const report = scoreExtractions(await predictAll(messages), { threshold });
      printExtractionReport(`${dataset.name} (mapped)`, report);
      name = `${dataset.name}-mapped`;
      result = report;
    }
  }
  mkdirSync(values.out, { recursive: true });
  const file = path.join(values.out, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify({ ranAt: new Date().toISOString(), threshold, result }, null, 2));
  console.log(`\nsaved ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(usage);
  process.exitCode = 1;
});
