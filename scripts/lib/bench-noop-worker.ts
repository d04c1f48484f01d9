/**
 * A worker process that only completes no-op jobs, configured like worker/main.ts (same pg-boss
 * settings, batch size and polling), so the benchmark can put apply throughput next to the
 * queue's own ceiling. Started by scripts/bench-apply.ts with DATABASE_URL.
 */
import { createBoss } from "@/jobs/boss";
import { requireDatabaseUrl } from "@/server/env";

const boss = createBoss(requireDatabaseUrl(), "worker");
boss.on("error", () => {});
await boss.start();
await boss.work(
  "bench-noop",
  {
    batchSize: 4,
    perJobResults: true,
    includeMetadata: true,
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 0.5,
    notifyPollingIntervalSeconds: 5,
  },
  async (jobs) => jobs.map((job) => ({ id: job.id, status: "completed" as const, output: { result: null } })),
);
console.log(JSON.stringify({ msg: "worker started" }));
process.on("SIGTERM", () => {
  void boss.stop({ graceful: false }).finally(() => process.exit(0));
});
