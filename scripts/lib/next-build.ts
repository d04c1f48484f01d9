import fs from "node:fs/promises";
import path from "node:path";
import { say } from "./log";
import { fromRoot, projectRoot } from "./paths";
import { bin, runNode } from "./processes";

/** What the production build is made from; a change to any of these makes `.next` stale. */
const SOURCE_FOLDERS = [
  "app",
  "components",
  "contracts",
  "server",
  "db",
  "jobs",
  "worker",
  "lib",
  "hooks",
  "public",
  "styles",
];
const SOURCE_FILES = [
  "next.config.mjs",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];
const SKIPPED_FOLDER_NAMES = new Set(["node_modules", ".next", ".data"]);
/** Never imported by the app: test helpers and SQL migrations. */
const SKIPPED_PATHS = new Set([path.join("db", "testing"), path.join("db", "migrations")]);
/** Tests never reach the bundle, so editing one does not call for a rebuild. */
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest source file strictly newer than `since`, or undefined. Stops at the first one. */
async function findNewerSource(folder: string, since: number): Promise<string | undefined> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDER_NAMES.has(entry.name) || SKIPPED_PATHS.has(path.relative(projectRoot, full)))
        continue;
      const found = await findNewerSource(full, since);
      if (found) return found;
    } else if (entry.isFile() && !TEST_FILE.test(entry.name)) {
      const modified = await mtime(full);
      if (modified !== undefined && modified > since) return full;
    }
  }
  return undefined;
}

/** Why the Next app must be (re)built, or undefined when `.next` is up to date. */
export async function staleBuildReason(): Promise<string | undefined> {
  const built = await mtime(fromRoot(".next", "BUILD_ID"));
  if (built === undefined) return "no production build yet";
  for (const file of SOURCE_FILES) {
    const modified = await mtime(fromRoot(file));
    if (modified !== undefined && modified > built) return `${file} changed since the last build`;
  }
  for (const folder of SOURCE_FOLDERS) {
    const newer = await findNewerSource(fromRoot(folder), built);
    if (newer) return `${path.relative(projectRoot, newer)} changed since the last build`;
  }
  return undefined;
}

/** `next build` failed; its own output (prefixed [build]) says why. */
export class BuildError extends Error {}

/** Builds the Next app when it is missing or stale. Throws BuildError when the build fails. */
export async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<void> {
  const reason = await staleBuildReason();
  if (!reason) return;
  say(`building the web app (${reason}); this takes a minute or two`);
  const started = Date.now();
  const code = await runNode("build", [bin.next(), "build"], {
    env: { ...env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
    prefix: "[build]",
    color: "blue",
  });
  if (code !== 0) throw new BuildError(`next build failed (exit ${code}): see the [build] lines above`);
  say(`web app built in ${Math.round((Date.now() - started) / 1000)}s`);
}
