import fs from "node:fs";
import { env } from "../env";
import type { Checkpoint } from "./seal";
import { loadOrCreateSigningKey, publicKeyFileOf, readPublicKey, type SigningKey } from "./signing-key";
import type { VerifyOptions } from "./verify";

/** The worker's signing key, from AUDIT_SIGNING_KEY_FILE (created there on first start). */
export function configuredSigningKey(): SigningKey {
  return loadOrCreateSigningKey(env.AUDIT_SIGNING_KEY_FILE);
}

/** The newest checkpoint in a JSON-lines export file, or undefined when there is none yet. */
export function lastExportedCheckpoint(file: string): Checkpoint | undefined {
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
  const last = lines.at(-1);
  return last ? (JSON.parse(last) as Checkpoint) : undefined;
}

/** What a verifier trusts, read from outside the database; either file may not exist yet. */
export function verifyOptionsFrom(files: { publicKeyFile: string; checkpointFile: string }): VerifyOptions {
  return {
    publicKey: fs.existsSync(files.publicKeyFile) ? readPublicKey(files.publicKeyFile) : undefined,
    exported: lastExportedCheckpoint(files.checkpointFile),
  };
}

/**
 * What this installation trusts: the public key beside the signing key and the last checkpoint in
 * the export file. Before any worker has started neither exists, and verification then says
 * signatures were not checked.
 */
export function configuredVerifyOptions(): VerifyOptions {
  return verifyOptionsFrom({
    publicKeyFile: publicKeyFileOf(env.AUDIT_SIGNING_KEY_FILE),
    checkpointFile: env.AUDIT_CHECKPOINT_FILE,
  });
}
