import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, wherever the command was started from. */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Git-ignored folder for everything a local run keeps: Postgres data, the session secret. */
export const dataDir = path.join(projectRoot, ".data");

export function fromRoot(...segments: string[]): string {
  return path.join(projectRoot, ...segments);
}
