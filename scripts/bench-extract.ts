import { parseArgs } from "node:util";
import { loadCorpus } from "../server/extraction/corpus";
import { loadFreeform } from "../server/extraction/evaluation/freeform";
import { trainDefaultModel } from "../server/extraction/offline/model";
import { createOfflineExtractor } from "../server/extraction/offline/offline-extractor";

/**
 * Offline extractor throughput and latency on one core (this process is single-threaded):
 * cold start (process start to first result, with and without the cached model), messages per
 * second and p50/p99 latency over the corpus, and peak resident memory.
 *   npm run bench:extract [-- --seconds 10]
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" } } });
  const extractor = createOfflineExtractor();
  const first = await extractor.extract({ text: "Hi, my new number is (415) 555-0132. Thanks!" });
  const coldStartMs = performance.now(); // performance.now() counts from process start
  if (first.changes.length !== 1) throw new Error("the warm-up message should give one change");

  // template messages and hand-written ones (which are longer and take the slower paths)
  const messages = [
    ...loadCorpus("dev"),
    ...loadCorpus("test"),
    ...loadFreeform("data/freeform/dev.jsonl"),
    ...loadFreeform("data/freeform/test.jsonl"),
  ].map((e) => e.text);
  const latencies: number[] = [];
  const budgetMs = Number(values.seconds) * 1000;
  const started = performance.now();
  let characters = 0;
  while (performance.now() - started < budgetMs) {
    for (const text of messages) {
      const t0 = performance.now();
      await extractor.extract({ text });
      latencies.push(performance.now() - t0);
      characters += text.length;
    }
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;

  const trainStarted = performance.now();
  // the classifier and its four cross-validation folds for the free-form calibration
  trainDefaultModel();
  const trainSeconds = (performance.now() - trainStarted) / 1000;

  const report = {
    coldStartMs: Math.round(coldStartMs),
    trainWithoutCacheSeconds: Number(trainSeconds.toFixed(2)),
    messages: latencies.length,
    messagesPerSecond: Math.round(latencies.length / elapsedSeconds),
    meanCharacters: Math.round(characters / latencies.length),
    p50Ms: Number(at(0.5).toFixed(3)),
    p99Ms: Number(at(0.99).toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(`cold start (process start to first result)  ${report.coldStartMs} ms`);
  console.log(`model training without the cache           ${report.trainWithoutCacheSeconds} s`);
  console.log(
    `throughput, one core                       ${report.messagesPerSecond} messages/s (${report.messages} messages, mean ${report.meanCharacters} chars)`,
  );
  console.log(`latency                                    p50 ${report.p50Ms} ms, p99 ${report.p99Ms} ms`);
  console.log(`peak resident memory                       ${report.peakRssMb} MB`);
  console.log(JSON.stringify(report));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
