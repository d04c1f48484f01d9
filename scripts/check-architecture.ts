/**
 * `npm run check:architecture` (and part of `npm test`'s checks): the rules of docs/architecture.md
 * that eslint's import zones cannot see on their own.
 *
 *   1. No import cycle between folders: each `server/<folder>`, and `contracts`, `db`, `jobs`,
 *      `worker`, `components` and `app` as wholes. A cycle means two folders are one concept or
 *      a shared piece belongs a layer down.
 *   2. A proposal's status is written only by server/proposals/state-machine.ts (through its
 *      query, compareAndSetProposal in db/queries/proposals.ts): every other file moves a
 *      proposal through `transitionProposal()`, so no status write skips the compare-and-set or
 *      the transition table.
 *
 * Tests, test infrastructure (`testing/`, `server/** /testing/`), e2e specs and scripts are left
 * out: they may reach across layers to build fixtures. Exits 1 with the offending paths.
 */
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./lib/paths";

const SOURCE_ROOTS = ["app", "components", "contracts", "db", "jobs", "server", "worker"];
const EXTENSIONS = [".ts", ".tsx"];

function isSourceFile(relative: string): boolean {
  if (!EXTENSIONS.some((extension) => relative.endsWith(extension))) return false;
  if (/\.test\.tsx?$/.test(relative)) return false;
  if (relative.split("/").includes("testing")) return false;
  return !relative.startsWith("db/migrations/");
}

function listFiles(folder: string): string[] {
  const absolute = path.join(projectRoot, folder);
  if (!fs.existsSync(absolute)) return [];
  return fs
    .readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(projectRoot, path.join(entry.parentPath, entry.name)))
    .filter(isSourceFile);
}

/**
 * The folder a file counts towards: `server/<folder>` (a file directly in server/, such as
 * env.ts, is a folder of its own), or the top-level folder.
 */
export function folderOf(relative: string): string {
  const [top, second] = relative.split("/");
  if (top === "server" && second !== undefined) return `server/${second.replace(/\.tsx?$/, "")}`;
  return top ?? relative;
}

const importPattern =
  /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function resolveImport(fromFile: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith(".")) base = path.join(path.dirname(fromFile), specifier);
  else return undefined;
  for (const candidate of [
    base,
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => `${base}/index${e}`),
  ]) {
    const absolute = path.join(projectRoot, candidate);
    if (fs.existsSync(absolute) && fs.statSync(absolute).isFile()) return path.normalize(candidate);
  }
  return undefined;
}

type Edge = { from: string; to: string; file: string; target: string };

function folderEdges(files: string[]): Edge[] {
  const edges: Edge[] = [];
  for (const file of files) {
    const source = fs.readFileSync(path.join(projectRoot, file), "utf8");
    for (const match of source.matchAll(importPattern)) {
      const specifier = match[1] ?? match[2];
      if (!specifier) continue;
      const target = resolveImport(file, specifier);
      if (!target || !isSourceFile(target)) continue;
      const from = folderOf(file);
      const to = folderOf(target);
      if (from !== to) edges.push({ from, to, file, target });
    }
  }
  return edges;
}

/** Strongly connected components of more than one folder (Tarjan). */
export function findCycles(edges: { from: string; to: string }[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, new Set());
    if (!graph.has(to)) graph.set(to, new Set());
    graph.get(from)?.add(to);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

const STATE_MACHINE = "server/proposals/state-machine.ts";
/** The db query under the state machine: the only other file that may write a status. */
const STATUS_QUERY = "db/queries/proposals.ts";

/** `proposals` or `schema.proposals`, as drizzle's update and insert take it. */
const TABLE = String.raw`(?:\w+\.)?proposals`;

/**
 * The ways this codebase writes a proposal's status, each with the files allowed to: the
 * state machine's compare-and-set query (called by the state machine only), drizzle's
 * `.update(proposals).set(...)` with a status or with a patch it cannot see into, an upsert that
 * sets a status on conflict, and raw SQL (plain, quoted or through drizzle's sql template).
 * `updateProposal()`'s patch type leaves the status out; a literal `status` in one is caught too.
 */
const statusWriteRules: { pattern: RegExp; allowedIn: string[]; what: string }[] = [
  {
    pattern: /\bcompareAndSetProposal\s*\(/,
    allowedIn: [STATE_MACHINE, STATUS_QUERY],
    what: "calls compareAndSetProposal()",
  },
  {
    pattern: /\bupdateProposal\s*\([^;]*?\{[^;]*?\bstatus\s*:/s,
    allowedIn: [],
    what: "passes a status to updateProposal()",
  },
  {
    pattern: new RegExp(String.raw`\.update\(\s*${TABLE}\s*\)\s*\.set\(\s*\{[^}]*\bstatus\b`, "s"),
    allowedIn: [STATUS_QUERY],
    what: "sets a status with .update(proposals)",
  },
  {
    // a patch built elsewhere may carry a status; only the queries file spreads patches
    pattern: new RegExp(String.raw`\.update\(\s*${TABLE}\s*\)\s*\.set\(\s*(?!\{)`),
    allowedIn: [STATUS_QUERY],
    what: "writes a computed patch with .update(proposals)",
  },
  {
    pattern: new RegExp(
      String.raw`\.insert\(\s*${TABLE}\s*\)[^;]*?\.onConflictDoUpdate\(\s*\{[^;]*?\bset\s*:\s*(?:\{[^}]*\bstatus\b|(?!\{))`,
      "s",
    ),
    allowedIn: [],
    what: "sets a status in an upsert of proposals",
  },
  {
    // update proposals set status = ..., update "proposals" set "status" = ..., update ${proposals} set ${proposals.status} = ...
    pattern:
      /update\s+(?:"?proposals"?|\$\{\s*proposals\s*\})\s+set\s+[^;`]*(?:\bstatus"?\s*=|\$\{\s*proposals\.status\s*\}\s*=)/is,
    allowedIn: [STATUS_QUERY],
    what: "sets a status in raw SQL",
  },
];

export function statusWritesIn(file: string, source: string): string[] {
  return statusWriteRules
    .filter((rule) => !rule.allowedIn.includes(file) && rule.pattern.test(source))
    .map((rule) => rule.what);
}

/** Every status write outside the state machine in the source tree (none, when the build is green). */
export function findStatusWritesOutsideStateMachine(): { file: string; what: string }[] {
  return SOURCE_ROOTS.flatMap(listFiles).flatMap((file) =>
    statusWritesIn(file, fs.readFileSync(path.join(projectRoot, file), "utf8")).map((what) => ({
      file,
      what,
    })),
  );
}

function main(): number {
  const files = SOURCE_ROOTS.flatMap(listFiles);
  const edges = folderEdges(files);
  const cycles = findCycles(edges);
  let problems = 0;
  for (const cycle of cycles) {
    problems++;
    console.error(`folder cycle: ${cycle.join(" ⇄ ")}`);
    const members = new Set(cycle);
    for (const edge of edges.filter((e) => members.has(e.from) && members.has(e.to)))
      console.error(`  ${edge.file} → ${edge.target}`);
  }
  const writers = findStatusWritesOutsideStateMachine();
  for (const { file, what } of writers) {
    problems++;
    console.error(`proposal status written outside ${STATE_MACHINE}: ${file} ${what}`);
  }
  const folders = new Set(edges.flatMap((e) => [e.from, e.to]));
  if (problems > 0) {
    console.error(`architecture: ${problems} problem(s) in ${files.length} files`);
    return 1;
  }
  console.log(
    `architecture: ${files.length} files, ${folders.size} folders, no folder cycles, status writes only in ${STATE_MACHINE}`,
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
