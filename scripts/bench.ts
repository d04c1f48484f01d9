/**
 * `npm run bench -- <name>`: runs one benchmark script and prints its figures.
 * queue (100,000 pending proposals), apply (change sets/s, approve→applied latency), extract,
 * import (10,000 rows: dry run and run rows/s, live-message latency while the import runs).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const benchmarks: Record<string, string> = {
  queue: "bench-queue.ts",
  apply: "bench-apply.ts",
  extract: "bench-extract.ts",
  import: "bench-import.ts",
};
const [name, ...rest] = process.argv.slice(2);
const script = name ? benchmarks[name] : undefined;
if (!script) {
  console.error(`usage: npm run bench -- <${Object.keys(benchmarks).join("|")}> [options]`);
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ["--import", "tsx", path.join(here, script), ...rest], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
